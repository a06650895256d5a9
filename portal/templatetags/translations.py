"""Translated texts on pages: the page's language, else a marked fallback.

    {% load translations %}
    {% translated practice "summary" as summary %}
    <p class="lede"{{ summary.lang_attribute }}>{{ summary }}</p>
    {% translation_note summary %}

`translated` gives the text in the page's language when it has one, else in the record's
original language (English for records without one), never "" while some language has it.
`translation_note` says "Only available in English" when any of the texts it is given is
such a fallback.
"""

from django import template
from django.utils.html import format_html

from core.translated import TranslatedText, translated_text

register = template.Library()


@register.simple_tag
def translated(instance, field: str) -> TranslatedText:
    return translated_text(instance, field)


@register.inclusion_tag("includes/translation_note.html")
def translation_note(*texts: TranslatedText) -> dict:
    fallback = next((text for text in texts if getattr(text, "is_fallback", False)), None)
    return {"fallback": fallback}


@register.filter
def marked(text: TranslatedText):
    """`{{ title|marked }}`: the text, in a `<span lang="…">` when it is a fallback."""
    if getattr(text, "is_fallback", False):
        return format_html('<span lang="{}">{}</span>', text.language, text.value)
    return str(text)
