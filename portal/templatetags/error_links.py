"""Links on the 400 and 500 pages, which must render whatever broke."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def page_url(name: str, fallback: str) -> str:
    """The named page's address in the reader's language (`/fr/practices/`), or the plain
    `fallback` path when reversing fails: a broken URLconf must not also break its error page."""
    try:
        return reverse(name)
    except Exception:  # any failure here would replace this page with a bare 500
        return fallback
