"""The language switcher and the hreflang alternates every page carries."""

from django import template
from django.conf import settings
from django.utils import translation

from portal.languages import language_codes, page_in_languages, switch_url

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page, with its query, in each language; each remembers the choice."""
    request = context.get("request")
    current = translation.get_language()
    here = request.get_full_path() if request else "/"
    addresses = page_in_languages(request) if request else {}
    languages = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": switch_url(code, addresses.get(code, here)),
            "current": code == current,
        }
        for code in language_codes()
    ]
    return {"languages": languages}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> to the page in every language, and x-default (English)."""
    request = context.get("request")
    addresses = page_in_languages(request) if request else {}
    alternates = [
        {"hreflang": code, "url": request.build_absolute_uri(url)}
        for code, url in addresses.items()
    ]
    if addresses:
        default = request.build_absolute_uri(addresses[settings.LANGUAGE_CODE])
        alternates.append({"hreflang": "x-default", "url": default})
    return {"alternates": alternates}
