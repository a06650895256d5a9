"""Cities and organisations in the partner API (/api/v1/cities/, /api/v1/organisations/)."""

from django.db.models import Count, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from cities.filters import CityFilter, OrganisationFilter
from cities.models import City, Organisation
from cities.regions import Region
from core.api.exports import ExportFormatsMixin
from core.api.fields import PublicUrlField, api_url
from core.api.records import (
    Links,
    RecordListSerializer,
    RecordModelSerializer,
    number,
    summary_values,
)
from core.api.schema import FORMAT_CSV, FORMAT_CSV_GEOJSON
from core.api.translations import TranslationsField, available_languages, text
from core.api.views import ApiViewMixin, with_pk_tiebreak


class CitySummarySerializer(RecordModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    url = PublicUrlField()
    api_url = api_url("city-detail")

    class Meta:
        model = City
        fields = ["name", "slug", "country", "url", "api_url"]
        list_serializer_class = RecordListSerializer

    def record(self, city, links: Links) -> dict:
        return city_summary(city, links)


class OrganisationSummarySerializer(RecordModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    url = PublicUrlField()
    api_url = api_url("organisation-detail")

    class Meta:
        model = Organisation
        fields = ["name", "slug", "acronym", "kind", "country", "url", "api_url"]
        list_serializer_class = RecordListSerializer

    def record(self, organisation, links: Links) -> dict:
        return organisation_summary(organisation, links)


def city_summary(city, links: Links) -> dict:
    """A CitySummary from a summary row (see PracticeQuerySet.summaries) or a City."""
    name, slug, country = summary_values(city, "name", "slug", "country")
    return {
        "name": name,
        "slug": slug,
        "country": str(country),
        "url": links.page(City, slug),
        "api_url": links.api("city-detail", slug),
    }


def organisation_summary(organisation, links: Links) -> dict:
    """An OrganisationSummary from a summary row or an Organisation."""
    name, slug, acronym, kind, country = summary_values(
        organisation, "name", "slug", "acronym", "kind", "country"
    )
    return {
        "name": name,
        "slug": slug,
        "acronym": acronym,
        "kind": kind,
        "country": str(country),
        "url": links.page(Organisation, slug),
        "api_url": links.api("organisation-detail", slug),
    }


class CitySerializer(RecordModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    region = serializers.ChoiceField(choices=Region.choices, read_only=True, allow_null=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    practice_count = serializers.IntegerField(
        read_only=True, help_text="Published practices in this city."
    )
    url = PublicUrlField()
    api_url = api_url("city-detail")

    class Meta:
        model = City
        fields = [
            "name",
            "slug",
            "country",
            "country_name",
            "region",
            "latitude",
            "longitude",
            "population",
            "population_year",
            "website",
            "description",
            "practice_count",
            "url",
            "api_url",
        ]
        list_serializer_class = RecordListSerializer

    def record(self, city: City, links: Links) -> dict:
        region = city.region
        return {
            "name": city.name,
            "slug": city.slug,
            "country": city.country.code,
            "country_name": city.country.name,
            "region": region.value if region is not None else None,
            "latitude": number(city.latitude),
            "longitude": number(city.longitude),
            "population": city.population,
            "population_year": city.population_year,
            "website": city.website,
            "description": text(city, "description"),
            "practice_count": city.practice_count,
            "url": links.page(City, city.slug),
            "api_url": links.api("city-detail", city.slug),
        }


class OrganisationSerializer(RecordModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    city = CitySummarySerializer(read_only=True, allow_null=True)
    url = PublicUrlField()
    api_url = api_url("organisation-detail")
    translations = TranslationsField("description")

    class Meta:
        model = Organisation
        fields = [
            *OrganisationSummarySerializer.Meta.fields,
            "city",
            "website",
            "description",
            "translations",
        ]
        list_serializer_class = RecordListSerializer

    def record(self, organisation: Organisation, links: Links) -> dict:
        city = organisation.city
        return organisation_summary(organisation, links) | {
            "city": city_summary(city, links) if city else None,
            "website": organisation.website,
            "description": text(organisation, "description"),
            "translations": available_languages(organisation, "description"),
        }


class PointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[longitude, latitude]",
    )


class CityFeatureDocSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    geometry = PointSerializer()
    properties = CitySerializer(help_text="The columns of the cities CSV (see /data/#cities).")


@extend_schema_serializer(many=False)
class CityFeatureCollectionSerializer(serializers.Serializer):
    """Documentation only: the cities export (core.api.exports) writes it."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = CityFeatureDocSerializer(many=True)


GEOJSON_EXAMPLE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [4.29861, 52.07667]},
            "properties": {
                "name": "The Hague",
                "slug": "the-hague",
                "country": "NL",
                "country_name": "Netherlands",
                "region": "europe",
                "latitude": 52.07667,
                "longitude": 4.29861,
                "population": 552995,
                "population_year": 2023,
                "website": "https://www.denhaag.nl/",
                "description": "",
                "practice_count": 3,
                "url": "https://example.org/cities/the-hague/",
                "api_url": "https://example.org/api/v1/cities/the-hague/",
            },
        }
    ],
}


@extend_schema_view(
    list=extend_schema(
        summary="List cities",
        parameters=[FORMAT_CSV_GEOJSON],
        responses={
            (200, "application/json"): CitySerializer,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="The columns of the cities export (/data/#cities)."
            ),
            (200, "application/geo+json"): OpenApiResponse(
                CityFeatureCollectionSerializer,
                examples=[OpenApiExample("Cities as GeoJSON", value=GEOJSON_EXAMPLE)],
            ),
        },
    ),
    retrieve=extend_schema(summary="One city, by slug"),
)
class CityViewSet(ExportFormatsMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Cities that share practices, with the number of published practices in each.

    Filters: `q` (name), `country` (ISO codes), `region`; `ordering` by `name` or `country`.
    `?format=geojson` gives a FeatureCollection for a map.
    """

    serializer_class = CitySerializer
    filterset_class = CityFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    export_name = "cities"

    def get_queryset(self):
        return City.objects.annotate(
            practice_count=Count(
                "practices", filter=Q(practices__status="published"), distinct=True
            )
        )

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))


@extend_schema_view(
    list=extend_schema(
        summary="List organisations",
        parameters=[FORMAT_CSV],
        responses={
            (200, "application/json"): OrganisationSerializer,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The columns of the organisations export (/data/#organisations).",
            ),
        },
    ),
    retrieve=extend_schema(summary="One organisation, by slug"),
)
class OrganisationViewSet(ExportFormatsMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """City governments, NGOs, networks and others that lead or partner in practices.

    Filters: `q` (name or acronym), `kind`, `country`, `city` (slugs); `ordering` by `name`.
    """

    queryset = Organisation.objects.active().select_related("city")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    export_name = "organisations"

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))
