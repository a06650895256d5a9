"""FilterSets shared by the HTML lists and the API, so a query string means the same in both.

The building blocks here are reused by the practices and publications filters.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.models import City, Organisation
from cities.regions import Region, countries_in

YEAR_MIN, YEAR_MAX = 1900, 2100


def matching(queryset: QuerySet, condition: Q) -> QuerySet:
    """Rows matching a condition across to-many relations, without DISTINCT."""
    inner = queryset.model._default_manager.filter(condition).values("pk")
    return queryset.filter(pk__in=inner)


class CountryCodeField(forms.MultipleChoiceField):
    """Accepts ISO codes in any case: `?country=ca` is Canada."""

    def to_python(self, value):
        return [str(item).strip().upper() for item in super().to_python(value)]


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Several slugs are ORed; they match through one or more relations."""

    def __init__(self, *args, through: tuple[str, ...], **kwargs):
        self.through = through
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for relation in self.through:
            condition |= Q(**{f"{relation}__in": value})
        return matching(qs, condition)


class CountriesFilter(django_filters.MultipleChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, through: tuple[str, ...], **kwargs):
        self.through = through
        kwargs.setdefault("choices", list(countries))
        kwargs.setdefault("label", _("Country"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for relation in self.through:
            condition |= Q(**{f"{relation}__in": value})
        return matching(qs, condition)


class RegionsFilter(CountriesFilter):
    field_class = forms.MultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", Region.choices)
        kwargs.setdefault("label", _("Region"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, countries_in(*value) if value else value)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class CityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    country = CountriesFilter(through=("country",))
    region = RegionsFilter(through=("country",))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("country", "country")),
        field_labels={"name": _("Name"), "country": _("Country")},
    )

    class Meta:
        model = City
        fields = ["q", "country", "region"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip()) if value.strip() else queryset


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=Organisation.Kind.choices)
    country = CountriesFilter(through=("country",))
    city = SlugsFilter(through=("city",), queryset=City.objects.all(), label=_("City"))
    ordering = django_filters.OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country", "city"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__iexact=value))
