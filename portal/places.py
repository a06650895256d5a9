"""Public pages for cities and organisations, with the practices and publications linked to them."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_countries import countries

from cities.filters import CityFilter
from cities.models import City, Organisation
from cities.regions import Region
from core.exports import download_links
from practices.models import Practice
from publications.models import Publication


@dataclass
class CountryGroup:
    code: str
    name: str
    cities: list[City] = field(default_factory=list)


@dataclass
class RegionGroup:
    key: str
    name: str
    countries: list[CountryGroup] = field(default_factory=list)

    @property
    def city_count(self) -> int:
        return sum(len(country.cities) for country in self.countries)


def group_by_region(cities: list[City]) -> list[RegionGroup]:
    """Cities grouped by UN M49 region (in the regions' own order), then by country name."""
    order = {region.value: position for position, region in enumerate(Region)}
    regions: dict[str, RegionGroup] = {}
    for city in cities:
        region = city.region
        key = region.value if region else "other"
        group = regions.get(key)
        if group is None:
            name = region.label if region else _("Other places")
            group = regions[key] = RegionGroup(key=key, name=name)
        code = city.country.code
        country = next((c for c in group.countries if c.code == code), None)
        if country is None:
            country = CountryGroup(code=code, name=str(city.country.name))
            group.countries.append(country)
        country.cities.append(city)
    groups = sorted(regions.values(), key=lambda g: order.get(g.key, len(order)))
    for group in groups:
        group.countries.sort(key=lambda c: c.name)
        for country in group.countries:
            country.cities.sort(key=lambda c: c.name)
    return groups


def map_markers(cities: list[City]) -> list[dict]:
    """The data city-map.js puts on the map: only cities with coordinates."""
    return [
        {
            "name": city.name,
            "url": city.get_absolute_url(),
            "practices": city.practice_count,
            "lat": float(city.latitude),
            "lon": float(city.longitude),
        }
        for city in cities
        if city.has_coordinates
    ]


def filter_problems(filterset) -> list[str]:
    """A message for each filter value that was not understood and so was ignored."""
    if not filterset.is_bound or filterset.is_valid():
        return []
    return [
        gettext("%(filter)s was ignored: %(reason)s")
        % {"filter": filterset.form.fields[name].label or name, "reason": errors[0]}
        for name, errors in filterset.form.errors.items()
        if name in filterset.form.fields
    ]


def valid_query(filterset, query: QueryDict) -> QueryDict:
    """The query string without the values the filterset ignored, for download links."""
    query = query.copy()
    if filterset.is_bound and not filterset.is_valid():
        for name in filterset.errors:
            query.pop(name, None)
    return query


def country_choices() -> list[tuple[str, str]]:
    """The countries that have a city in the catalogue, by name, for the filter form."""
    codes = City.objects.order_by().values_list("country", flat=True).distinct()
    return sorted(((code, str(countries.name(code))) for code in codes), key=lambda c: c[1])


class CityListView(TemplateView):
    template_name = "cities/city_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = City.objects.annotate(
            practice_count=Count("practices", filter=Q(practices__status=Practice.Status.PUBLISHED))
        )
        filterset = CityFilter(self.request.GET or None, queryset=queryset)
        cities = list(filterset.qs)
        cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
        context.update(
            filter=filterset,
            problems=filter_problems(filterset),
            cities=cities,
            sharing_count=sum(1 for city in cities if city.practice_count),
            regions=group_by_region(cities),
            chosen_countries=cleaned.get("country") or [],
            chosen_regions=cleaned.get("region") or [],
            region_choices=Region.choices,
            country_choices=country_choices(),
            is_filtered=any(cleaned.get(name) for name in ("q", "country", "region")),
            map_markers=map_markers(cities),
            downloads=download_links(
                "cities", valid_query(filterset, self.request.GET), geojson=True
            ),
            map_tile_url=settings.MAP_TILE_URL,
            map_tile_attribution=settings.MAP_TILE_ATTRIBUTION,
        )
        return context


class CityDetailView(DetailView):
    model = City
    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = self.object
        context.update(
            practices=list(city.practices.published().for_listing().order_by("title")),
            publications=list(Publication.objects.published().about_city(city).for_listing()),
            organisations=list(city.organisations.all()),
            structured_data=city_structured_data(city, self.request),
        )
        return context


def city_structured_data(city: City, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "City",
        "name": city.name,
        "url": request.build_absolute_uri(city.get_absolute_url()),
        "containedInPlace": {"@type": "Country", "name": str(city.country.name)},
    }
    if city.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(city.latitude),
            "longitude": float(city.longitude),
        }
    if city.website:
        data["sameAs"] = city.website
    return data


class OrganisationDetailView(DetailView):
    template_name = "cities/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Organisation.objects.active().select_related("city"), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        context.update(
            practices=list(
                Practice.objects.published().involving(organisation).for_listing().order_by("title")
            ),
            publications=list(
                Publication.objects.published().involving(organisation).for_listing()
            ),
        )
        return context
