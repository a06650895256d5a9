"""The practice list's filters, shared by /practices/ and /api/v1/practices/."""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.filters import RegionsFilter
from cities.models import City, Organisation
from core.filters import CountriesFilter, SearchOrderingMixin, SlugsFilter, YearFilter
from practices.facet_keys import FacetKeysMixin, FacetKind
from practices.models import (
    PRACTICE_SEARCH,
    Commitment,
    Framework,
    Practice,
    TargetGroup,
    Theme,
)


class TermsFilter(FacetKeysMixin, SlugsFilter):
    """Slugs of themes, cities…: on PostgreSQL matched through the indexed `facet_keys`."""


class CountryTermsFilter(FacetKeysMixin, CountriesFilter):
    pass


class RegionTermsFilter(FacetKeysMixin, RegionsFilter):
    pass


ORDERINGS = {
    "relevance": ("-relevance", "title"),
    "newest": ("-published_at", "-pk"),
    "title": ("title", "pk"),
    "start_year": ("start_year", "title"),
    "-start_year": ("-start_year", "title"),
    # Never checked first when sorting by the oldest check, last when by the newest, on
    # every database (they disagree on where NULL goes).
    "last_verified": (F("last_verified").asc(nulls_first=True), "title"),
    "-last_verified": (F("last_verified").desc(nulls_last=True), "title"),
}


class PracticeFilter(SearchOrderingMixin, django_filters.FilterSet):
    orderings = ORDERINGS
    search_spec = PRACTICE_SEARCH

    q = django_filters.CharFilter(
        method="filter_q",
        label=pgettext_lazy("filter: the words searched for (a noun)", "Search"),
        max_length=200,
    )
    theme = TermsFilter(
        through=("themes",),
        queryset=Theme.objects.all(),
        label=_("Theme"),
        facet_kind=FacetKind.THEME,
    )
    city = TermsFilter(
        through=("cities",), queryset=City.objects.all(), label=_("City"), facet_kind=FacetKind.CITY
    )
    country = CountryTermsFilter(through=("cities__country",), facet_kind=FacetKind.COUNTRY)
    region = RegionTermsFilter(through=("cities__country",), facet_kind=FacetKind.REGION)
    target_group = TermsFilter(
        through=("target_groups",),
        queryset=TargetGroup.objects.all(),
        label=_("Target group"),
        facet_kind=FacetKind.TARGET_GROUP,
    )
    # Columns of the practice itself: no join, so no DISTINCT over the whole row.
    instrument = django_filters.MultipleChoiceFilter(
        choices=Practice.Instrument.choices, label=_("Instrument"), distinct=False
    )
    scope = django_filters.MultipleChoiceFilter(
        choices=Practice.Scope.choices, label=_("Scope"), distinct=False
    )
    ongoing = django_filters.ChoiceFilter(
        choices=[("true", _("Ongoing")), ("false", _("Ended"))],
        method="filter_ongoing",
        label=_("Ongoing or ended"),
        empty_label=_("Any"),
    )
    year_from = YearFilter(
        method="filter_year_from",
        label=_("Running in or after"),
        help_text=_(
            "Practices that ended in or after this year, or are ongoing. "
            "Practices whose years are not known are left out."
        ),
    )
    year_to = YearFilter(
        method="filter_year_to",
        label=_("Started by"),
        help_text=_(
            "Practices that started in or before this year. "
            "Practices whose start year is not known are left out."
        ),
    )
    organisation = TermsFilter(
        through=("lead_organisation", "partners"),
        queryset=Organisation.objects.active(),
        label=_("Organisation"),
        facet_kind=FacetKind.ORGANISATION,
    )
    framework = TermsFilter(
        through=("commitments__framework",),
        queryset=Framework.objects.all(),
        label=_("Policy framework"),
        facet_kind=FacetKind.FRAMEWORK,
    )
    commitment = TermsFilter(
        through=("commitments",),
        queryset=Commitment.objects.all(),
        label=_("Commitment"),
        facet_kind=FacetKind.COMMITMENT,
    )
    verified_since = django_filters.DateFilter(
        field_name="last_verified",
        lookup_expr="gte",
        label=_("Checked since"),
        help_text=_("Practices an editor confirmed on or after this day (YYYY-MM-DD)."),
    )
    adapted_from = SlugsFilter(
        through=("adapted_from",),
        queryset=Practice.objects.published(),
        label=_("Adapted from"),
        help_text=_("Practices adapted from this one (its slug)."),
    )
    ordering = django_filters.ChoiceFilter(
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("title", _("Title")),
            ("start_year", _("Start year, oldest first")),
            ("-start_year", _("Start year, newest first")),
            ("-last_verified", _("Checked most recently")),
            ("last_verified", _("Checked longest ago (never checked first)")),
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


class CommitmentFilter(django_filters.FilterSet):
    """The commitments' list (API and CSV): `?framework=` slugs, ORed."""

    framework = SlugsFilter(
        through=("framework",), queryset=Framework.objects.all(), label=_("Policy framework")
    )

    class Meta:
        model = Commitment
        fields = []
