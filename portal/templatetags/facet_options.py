"""A facet's options as list items: `{% facet_options facet facet.first_options %}`.

The same markup an include per option would give, built in Python: a long filter panel has
over a hundred options, and an include with its own translation per option cost a list page
about a sixth of its time (30 ms at 100,000 practices).
"""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import ngettext

register = template.Library()

OPTION = (
    '<li><input type="{}" id="{}" name="{}" value="{}"{}>'
    '<label for="{}">{} <span class="count">({}<span class="visually-hidden"> {} </span>)'
    "</span></label></li>"
)


@register.simple_tag
def facet_options(facet, options) -> SafeString:
    kind = "checkbox" if facet.multiple else "radio"
    words: dict[int, str] = {}

    def fields(option):
        dom_id = f"f-{facet.name}-{slugify(option.value)}"
        if option.count not in words:
            words[option.count] = ngettext("result", "results", option.count)
        return (
            kind,
            dom_id,
            facet.name,
            option.value,
            " checked" if option.selected else "",
            dom_id,
            option.label,
            localize(option.count),
            words[option.count],
        )

    return format_html_join("\n", OPTION, (fields(option) for option in options))
