"""Templates ask practices/permissions.py what the signed-in user may do.

{% load practice_permissions %}
{% allowed_actions practice as may %}
{% if "withdraw" in may %}…{% endif %}
"""

from django import template

from practices import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed_actions(context, practice) -> frozenset[str]:
    return permissions.allowed_actions(context["request"].user, practice)
