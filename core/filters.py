"""Filter building blocks shared by every list's FilterSet."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

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


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)
