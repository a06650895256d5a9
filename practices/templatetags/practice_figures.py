"""Display helpers for a practice's measured outcomes."""

from django import template

register = template.Library()


@register.filter
def shared_source(outcomes) -> str:
    """The source every outcome gives, when they all give the same one; else ""."""
    sources = {outcome.source for outcome in outcomes}
    return sources.pop() if len(sources) == 1 else ""
