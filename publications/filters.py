"""The publication list's filters, shared by /publications/ and /api/v1/publications/."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.filters import RegionsFilter
from cities.models import City, Organisation
from core.filters import CountriesFilter, SearchOrderingMixin, SlugsFilter, YearFilter
from practices.models import Commitment, Framework, TargetGroup, Theme
from publications.models import PUBLICATION_SEARCH, Publication

ORDERINGS = {
    "relevance": ("-relevance", "-publication_date"),
    "newest": ("-publication_date", "title"),
    "oldest": ("publication_date", "title"),
    "title": ("title", "pk"),
}


class PublicationFilter(SearchOrderingMixin, django_filters.FilterSet):
    orderings = ORDERINGS
    search_spec = PUBLICATION_SEARCH

    q = django_filters.CharFilter(
        method="filter_q",
        label=pgettext_lazy("filter: the words searched for (a noun)", "Search"),
        max_length=200,
    )
    kind = django_filters.MultipleChoiceFilter(choices=Publication.Kind.choices, label=_("Kind"))
    year = django_filters.MultipleChoiceFilter(
        field_name="publication_date__year",
        choices=[(str(year), str(year)) for year in range(1990, 2101)],
        label=_("Year"),
    )
    year_from = YearFilter(field_name="publication_date__year", lookup_expr="gte", label=_("From"))
    year_to = YearFilter(field_name="publication_date__year", lookup_expr="lte", label=_("To"))
    theme = SlugsFilter(through=("themes",), queryset=Theme.objects.all(), label=_("Theme"))
    city = SlugsFilter(
        through=("cities", "event_city"), queryset=City.objects.all(), label=_("City")
    )
    country = CountriesFilter(through=("cities__country", "event_city__country"))
    region = RegionsFilter(through=("cities__country", "event_city__country"))
    target_group = SlugsFilter(
        through=("target_groups",), queryset=TargetGroup.objects.all(), label=_("Target group")
    )
    organisation = SlugsFilter(
        through=("publisher", "partners"),
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
            ("oldest", _("Oldest")),
            ("title", _("Title")),
        ],
        method="filter_ordering",
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = Publication
        fields = []
