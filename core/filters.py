"""Filter building blocks shared by every list's FilterSet."""

import copy

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.search import SearchSpec, rank_bounded, ranked_head

YEAR_MIN, YEAR_MAX = 1900, 2100


def matching(queryset: QuerySet, condition: Q) -> QuerySet:
    """Rows matching a condition across to-many relations, without DISTINCT."""
    inner = queryset.model._default_manager.filter(condition).values("pk")
    return queryset.filter(pk__in=inner)


class CountryCodeField(forms.MultipleChoiceField):
    """Accepts ISO codes in any case: `?country=ca` is Canada."""

    def to_python(self, value):
        return [str(item).strip().upper() for item in super().to_python(value)]


def chosen(value) -> bool:
    """Whether any value was chosen. An unused model filter's value is `queryset.none()`,
    which `bool()` would still compile as a query on every request."""
    if isinstance(value, QuerySet) and value.query.is_empty():
        return False
    return bool(value)


class ThroughRelationsMixin:
    """Several values are ORed; each may match through one or more relations."""

    def __init__(self, *args, through: tuple[str, ...], **kwargs):
        self.through = through
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not chosen(value):
            return qs
        condition = Q()
        for relation in self.through:
            condition |= Q(**{f"{relation}__in": value})
        return matching(qs, condition)


class SlugsFilter(ThroughRelationsMixin, django_filters.ModelMultipleChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class SharedChoices(BaseChoiceIterator):
    """Choices that are never copied.

    A FilterSet copies its filters, and its form its fields, on every request; a list of
    ~250 countries was copied and normalised several times per request. These are shared
    (they never change), and still iterate like a list for validation, forms and the schema.
    """

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


COUNTRY_CHOICES = SharedChoices(countries)


class CountriesFilter(ThroughRelationsMixin, django_filters.MultipleChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", COUNTRY_CHOICES)
        kwargs.setdefault("label", _("Country"))
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class SharedFiltersMixin:
    """A FilterSet that neither deep-copies its filters nor rebuilds its form class per request.

    django-filter deep-copies every filter (with its querysets and choices) for each
    FilterSet and builds a new form class from them: a third of an API list request. A
    filter keeps no state of a request but its `model` and `parent`, which a shallow copy
    holds; the form class is the same for every instance of the FilterSet (each form
    still deep-copies its fields, as every Django form does).
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # binds its method to this copy, not the original

    def get_form_class(self):
        form_class = type(self).__dict__.get("_shared_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._shared_form_class = form_class
        return form_class


class SearchOrderingMixin(SharedFiltersMixin):
    """Sorts after every filter has run: by relevance while searching, else by `default_ordering`.

    A FilterSet using it declares `q` (method `filter_q`), `ordering` (method
    `filter_ordering`) and `orderings`, mapping each ordering choice to `order_by` fields.
    """

    orderings: dict[str, tuple[str, ...]]
    default_ordering = "newest"
    search_spec: SearchSpec | None = None  # how `q` searches: bounds the relevance ranking

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_ordering(self, queryset, name, value):
        return queryset  # applied in filter_queryset, so the default applies too

    ranked_candidates = None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.ordering_key == "relevance" and self.search_spec is not None:
            queryset, self.ranked_candidates = rank_bounded(
                queryset, self.form.cleaned_data.get("q"), self.search_spec
            )
        return queryset.order_by(*self.orderings[self.ordering_key])

    @property
    def ranked_head(self):
        """The first results alone when a bounded ranking puts them first (else None)."""
        return ranked_head(self.qs) if self.ranked_candidates is not None else None

    @property
    def ordering_key(self) -> str:
        data = getattr(self.form, "cleaned_data", {})
        searching = bool((data.get("q") or "").strip())
        chosen = data.get("ordering") or ("relevance" if searching else self.default_ordering)
        if chosen == "relevance" and not searching:
            chosen = self.default_ordering
        return chosen


def describe(filterset: django_filters.FilterSet, *, skip: tuple[str, ...] = ("ordering",)):
    """What a bound, valid FilterSet holds, in words: ["Employment", "Canada", "“words”"],
    for titles such as a filtered feed's ("Practices: Employment, Canada")."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    parts: list[str] = []
    for name, field in filterset.form.fields.items():
        if name in skip:
            continue
        value = filterset.form.cleaned_data.get(name)
        if not chosen(value):
            continue
        if name == "q":
            parts.append(f"“{value}”")
            continue
        values = list(value) if isinstance(value, list | tuple | QuerySet) else [value]
        labels = dict(getattr(field, "choices", None) or ())
        for item in values:
            if isinstance(item, str) and item in labels:
                parts.append(str(labels[item]))
            elif isinstance(item, int | float) and not isinstance(item, bool):
                parts.append(f"{field.label} {item}")
            else:
                parts.append(str(item))
    return parts
