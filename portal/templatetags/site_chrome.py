"""The site's frame: main navigation links that mark the current section, and breadcrumbs."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


def _resolve(target) -> str:
    """A URL from a URL name ("practices:list"), a path, or an object with a page."""
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    target = str(target)
    if target.startswith(("/", "http", "?", "#")):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return target


@register.simple_tag(takes_context=True)
def nav_link(context, target, label, also=""):
    """A main-navigation link; aria-current says whether it is this page or its section.

    `also` names other path prefixes that belong to the section, comma-separated
    ("/themes/,/organisations/"), as in English: they are matched in any language.
    """
    href = _resolve(target)
    request = context.get("request")
    path = request.path if request else ""
    path_language = translation.get_language_from_path(path)
    if path_language:
        path = path.removeprefix(f"/{path_language}")
        href_in_english = href.removeprefix(f"/{path_language}")
    else:
        href_in_english = href
    prefixes = [href_in_english, *(prefix for prefix in also.split(",") if prefix)]
    if path == href_in_english:
        current = "page"
    elif href_in_english != "/" and any(path.startswith(prefix) for prefix in prefixes):
        current = "true"
    else:
        current = ""
    if current:
        return format_html(
            '<a class="site-nav__link" href="{}" aria-current="{}">{}</a>', href, current, label
        )
    return format_html('<a class="site-nav__link" href="{}">{}</a>', href, label)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail, current):
    """Home › each (label, target) pair in `trail` › the current page (not a link).

    {% breadcrumbs _("Cities") "cities:list" city.name city current=organisation.name %}
    """
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label and target pairs")
    links = [
        {"label": trail[index], "url": _resolve(trail[index + 1])}
        for index in range(0, len(trail), 2)
    ]
    return {"links": links, "current": current}
