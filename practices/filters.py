"""The practice list's filters, shared by /practices/ and /api/v1/practices/."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cities.filters import RegionsFilter
from cities.models import City, Organisation
from core.filters import CountriesFilter, SearchOrderingMixin, SlugsFilter, YearFilter
from practices.models import Commitment, Framework, Practice, TargetGroup, Theme

ORDERINGS = {
    "relevance": ("-relevance", "title"),
    "newest": ("-published_at", "-pk"),
    "title": ("title", "pk"),
    "start_year": ("start_year", "title"),
    "-start_year": ("-start_year", "title"),
}


class PracticeFilter(SearchOrderingMixin, django_filters.FilterSet):
    orderings = ORDERINGS

    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)
    theme = SlugsFilter(through=("themes",), queryset=Theme.objects.all(), label=_("Theme"))
    city = SlugsFilter(through=("cities",), queryset=City.objects.all(), label=_("City"))
    country = CountriesFilter(through=("cities__country",))
    region = RegionsFilter(through=("cities__country",))
    target_group = SlugsFilter(
        through=("target_groups",), queryset=TargetGroup.objects.all(), label=_("Target group")
    )
    instrument = django_filters.MultipleChoiceFilter(
        choices=Practice.Instrument.choices, label=_("Instrument")
    )
    scope = django_filters.MultipleChoiceFilter(choices=Practice.Scope.choices, label=_("Scope"))
    ongoing = django_filters.ChoiceFilter(
        choices=[("true", _("Ongoing")), ("false", _("Ended"))],
        method="filter_ongoing",
        label=_("Ongoing or ended"),
        empty_label=_("Any"),
    )
    year_from = YearFilter(method="filter_year_from", label=_("Running in or after"))
    year_to = YearFilter(method="filter_year_to", label=_("Started by"))
    organisation = SlugsFilter(
        through=("lead_organisation", "partners"),
        queryset=Organisation.objects.active(),
        label=_("Organisation"),
    )
    framework = SlugsFilter(
        through=("commitments__framework",),
        queryset=Framework.objects.all(),
        label=_("Policy framework"),
    )
    commitment = SlugsFilter(
        through=("commitments",), queryset=Commitment.objects.all(), label=_("Commitment")
    )
    ordering = django_filters.ChoiceFilter(
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("title", _("Title")),
            ("start_year", _("Start year, oldest first")),
            ("-start_year", _("Start year, newest first")),
        ],
        method="filter_ordering",
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = Practice
        fields = []

    def filter_ongoing(self, queryset, name, value):
        return queryset.ongoing() if value == "true" else queryset.ended()

    def filter_year_from(self, queryset, name, value):
        return queryset.active_from(int(value))

    def filter_year_to(self, queryset, name, value):
        return queryset.active_until(int(value))
