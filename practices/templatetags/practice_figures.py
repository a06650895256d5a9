"""Display helpers for a practice's measured outcomes."""

from django import template

from core.formatting import format_number
from practices.models import Outcome, outcome_display

register = template.Library()


@register.filter
def shared_source(outcomes) -> str:
    """The source every outcome gives, when they all give the same one; else ""."""
    sources = {outcome.source for outcome in outcomes}
    return sources.pop() if len(sources) == 1 else ""


@register.filter
def outcome_value(outcome: Outcome) -> str:
    """The outcome's display value with its number in the reader's language ("1 200 people")."""
    qualifier = outcome.get_qualifier_display() if outcome.qualifier else ""
    return outcome_display(
        qualifier, outcome.value, outcome.unit, number=format_number(outcome.value)
    )
