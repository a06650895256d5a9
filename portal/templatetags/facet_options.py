"""A facet's options as list items: `{% facet_options facet facet.first_options %}`.

The same markup an include per option would give, built in Python: a long filter panel has
over a hundred options, and an include with its own translation per option cost a list page
about a sixth of its time (30 ms at 100,000 practices).
"""

import functools

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import ngettext

register = template.Library()


@functools.lru_cache(maxsize=8192)
def _dom_id(facet_name: str, value: str) -> str:
    return escape(f"f-{facet_name}-{slugify(value)}")


@register.simple_tag
def facet_options(facet, options) -> SafeString:
    kind = "checkbox" if facet.multiple else "radio"
    name = escape(facet.name)
    words: dict[int, str] = {}
    items = []
    for option in options:
        count = option.count
        if count not in words:
            words[count] = escape(ngettext("result", "results", count))
        dom_id = _dom_id(facet.name, option.value)
        checked = " checked" if option.selected else ""
        items.append(
            f'<li><input type="{kind}" id="{dom_id}" name="{name}"'
            f' value="{escape(option.value)}"{checked}><label for="{dom_id}">'
            f'{escape(option.label)} <span class="count">({escape(localize(count))}'
            f'<span class="visually-hidden"> {words[count]} </span>)</span></label></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value is escaped above
