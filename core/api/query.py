"""Query parameters held to what the schema says: one value unless a list, never an empty one.

Django and django-filter are lenient: `?page=` reads as no page, `?year_from=1990&year_from=x`
keeps the last value, `?ordering=` is no ordering. The schema says an integer, one
integer, a value from the enum, so the API answers those with a 400 naming the parameter.
Only `q` (any text, empty included) and the comma-separated lists (`ordering=name,-country`,
where `ordering=` is the empty list) may be empty.
"""

from django.utils.translation import gettext as _
from django_filters import MultipleChoiceFilter
from django_filters.filters import BaseCSVFilter
from rest_framework.exceptions import ValidationError

MAY_BE_EMPTY = frozenset({"q"})


def _filters_of_kind(view, kind) -> frozenset[str]:
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is None:
        return frozenset()
    return frozenset(
        name
        for name, declared in filterset_class.base_filters.items()
        if isinstance(declared, kind)
    )


def check_query_parameters(request, view) -> None:
    """Raise a 400 for an empty value, or several values of a one-value parameter."""
    several = _filters_of_kind(view, MultipleChoiceFilter)  # the model one is a subclass
    may_be_empty = MAY_BE_EMPTY | _filters_of_kind(view, BaseCSVFilter)
    errors = {}
    for name, values in request.query_params.lists():
        if name not in may_be_empty and any(value == "" for value in values):
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif len(values) > 1 and name not in several:
            errors[name] = [_("Give one value only.")]
    errors.update(_paging_errors(request, view))
    if errors:
        raise ValidationError(errors)


def _paging_errors(request, view) -> dict[str, list[str]]:
    """`page` and `page_size` as the schema gives them, even where a format is not paged (CSV)."""
    paginator = getattr(view, "paginator", None)
    if paginator is None:
        return {}
    errors = {}
    limits = {"page": None, "page_size": getattr(paginator, "max_page_size", None)}
    for name, limit in limits.items():
        value = request.query_params.get(name)
        if value is None or value == "":
            continue
        digits = value.lstrip("0")
        # page=0 is a page out of range, a 404 like page=999 (see PortalPagination).
        if not (value.isascii() and value.isdigit()) or (name == "page_size" and not digits):
            errors[name] = [_("Give a whole number from 1 upwards.")]
        elif limit is not None and (len(digits) > 18 or int(digits) > limit):
            errors[name] = [_("Give at most %(max)d results per page.") % {"max": limit}]
    return errors
