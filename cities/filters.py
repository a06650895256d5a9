"""FilterSets shared by the HTML lists and the API, so a query string means the same in both."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City, Organisation
from cities.regions import Region, countries_in
from core.filters import CountriesFilter, SlugsFilter


class RegionsFilter(CountriesFilter):
    field_class = forms.MultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", Region.choices)
        kwargs.setdefault("label", _("Region"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, countries_in(*value) if value else value)


class CityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label=pgettext_lazy("filter: the words searched for (a noun)", "Search")
    )
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
        return queryset.search(value)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label=pgettext_lazy("filter: the words searched for (a noun)", "Search")
    )
    kind = django_filters.MultipleChoiceFilter(choices=Organisation.Kind.choices)
    country = CountriesFilter(through=("country",))
    city = SlugsFilter(through=("city",), queryset=City.objects.all(), label=_("City"))
    ordering = django_filters.OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country", "city"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
