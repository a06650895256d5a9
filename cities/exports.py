"""The cities and organisations exports (CSV, and GeoJSON for cities): see core.exports."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cities.api import CitySerializer
from cities.models import City, Organisation
from core.exports import Column, Dataset, described_with_choices, point_feature

_CITY = CitySerializer()

CITY_COLUMNS = (
    Column("name", _("The city's name in English.")),
    Column("slug", _("Its identifier in the portal's addresses and filters (`?city=`).")),
    Column("country", _("ISO 3166-1 alpha-2 code of its country.")),
    Column("country_name", _("The country's name in English.")),
    Column("region", _("UN M49 broad region, derived from the country (`?region=`).")),
    Column("latitude", _("WGS 84 latitude in decimal degrees; empty when unknown.")),
    Column("longitude", _("WGS 84 longitude in decimal degrees; empty when unknown.")),
    Column("population", _("Inhabitants, as the source states them; empty when unknown.")),
    Column("population_year", _("The year the population figure is for.")),
    Column("website", _("The city government's website.")),
    Column("description", _("A short description, in the portal's words.")),
    Column("practice_count", _("Published practices in this city.")),
    Column("url", _("The city's page on the portal.")),
    Column("api_url", _("The city in the JSON API.")),
)


def export_cities(queryset: QuerySet) -> QuerySet:
    """Cities with the number of their published practices, as the export reads them."""
    published = Q(practices__status="published")
    return queryset.annotate(practice_count=Count("practices", filter=published, distinct=True))


def city_rows(cities: list[City], links) -> list[dict]:
    return [_CITY.record(city, links) for city in cities]


def city_features(cities: list[City], links) -> list[dict]:
    rows = (_CITY.record(city, links) for city in cities)
    features = (point_feature(row, row["latitude"], row["longitude"]) for row in rows)
    return [feature for feature in features if feature is not None]


CITIES = Dataset(
    name="cities",
    title=_("Cities"),
    description=_("One row per city; the same filters as /cities/ (`q`, `country`, `region`)."),
    columns=CITY_COLUMNS,
    rows=city_rows,
)


ORGANISATION_COLUMNS = (
    Column("name", _("The organisation's name.")),
    Column("slug", _("Its identifier in the portal's addresses and filters (`?organisation=`).")),
    Column("acronym", _("Its usual abbreviation, if any.")),
    Column(
        "kind",
        described_with_choices(_("What it is: %(choices)s."), Organisation.Kind.choices),
    ),
    Column("country", _("ISO 3166-1 alpha-2 code of the country it is based in.")),
    Column("city", _("The city it is based in (its slug); empty for none.")),
    Column("website", _("Its website.")),
    Column("description", _("A short description, in the portal's words.")),
    Column("url", _("The organisation's page on the portal.")),
    Column("api_url", _("The organisation in the JSON API.")),
)


def organisation_rows(organisations: list[Organisation], links) -> list[dict]:
    return [
        {
            "name": organisation.name,
            "slug": organisation.slug,
            "acronym": organisation.acronym,
            "kind": organisation.kind,
            "country": organisation.country.code if organisation.country else "",
            "city": organisation.city.slug if organisation.city else None,
            "website": organisation.website,
            "description": organisation.description,
            "url": links.page(Organisation, organisation.slug),
            "api_url": links.api("organisation-detail", organisation.slug),
        }
        for organisation in organisations
    ]


ORGANISATIONS = Dataset(
    name="organisations",
    title=_("Organisations"),
    description=_(
        "One row per confirmed organisation; the API's filters (`q`, `kind`, `country`, `city`)."
    ),
    columns=ORGANISATION_COLUMNS,
    rows=organisation_rows,
)
