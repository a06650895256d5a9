"""Publications in the partner API (/api/v1/publications/): published ones only."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from cities.api import (
    CitySummarySerializer,
    OrganisationSummarySerializer,
    city_summary,
    organisation_summary,
)
from core.api.exports import ExportFormatsMixin
from core.api.fields import PublicUrlField, api_url, file_url
from core.api.records import (
    Links,
    RecordListSerializer,
    RecordModelSerializer,
    iso_date,
    iso_datetime,
)
from core.api.schema import FORMAT_CSV, export_responses
from core.api.translations import TranslationsField, available_languages, text
from core.api.views import ApiViewMixin, with_pk_tiebreak
from practices.api import (
    SLUG_PATTERN,
    CommitmentSerializer,
    PracticeSummarySerializer,
    TargetGroupSummarySerializer,
    ThemeSummarySerializer,
    term_summary,
)
from practices.models import TargetGroup, Theme
from publications.exports import PUBLICATIONS
from publications.filters import PublicationFilter
from publications.models import Contributor, Publication


class ContributorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contributor
        fields = ["name", "role", "affiliation"]


def contributor_record(contributor: Contributor) -> dict:
    return {
        "name": contributor.name,
        "role": contributor.role,
        "affiliation": contributor.affiliation,
    }


class EventSerializer(serializers.ModelSerializer):
    """The workshop or conference a report documents."""

    name = serializers.CharField(source="event_name", read_only=True)
    city = CitySummarySerializer(source="event_city", read_only=True, allow_null=True)
    start = serializers.DateField(source="event_start", read_only=True, allow_null=True)
    end = serializers.DateField(source="event_end", read_only=True, allow_null=True)

    class Meta:
        model = Publication
        fields = ["name", "city", "start", "end"]


class PublicationListSerializer(RecordModelSerializer):
    publisher = OrganisationSummarySerializer(read_only=True, allow_null=True)
    event = EventSerializer(source="*", read_only=True)
    contributors = ContributorSerializer(many=True, read_only=True)
    themes = ThemeSummarySerializer(many=True, read_only=True)
    file = serializers.SerializerMethodField(help_text="The PDF's address, if there is one.")
    url = PublicUrlField()
    api_url = api_url("publication-detail")

    class Meta:
        model = Publication
        fields = [
            "title",
            "slug",
            "subtitle",
            "kind",
            "publication_date",
            "date_precision",
            "publisher",
            "event",
            "contributors",
            "themes",
            "file",
            "external_url",
            "updated_at",
            "url",
            "api_url",
        ]
        list_serializer_class = RecordListSerializer

    def get_file(self, publication) -> str | None:  # its annotation is the documented type
        return file_url(publication.file, self.context.get("request"))

    def record(self, publication: Publication, links: Links) -> dict:
        """From a publication with for_listing()'s relations."""
        publisher, city = publication.publisher, publication.event_city
        return {
            "title": publication.title,
            "slug": publication.slug,
            "subtitle": publication.subtitle,
            "kind": publication.kind,
            "publication_date": iso_date(publication.publication_date),
            "date_precision": publication.date_precision,
            "publisher": organisation_summary(publisher, links) if publisher else None,
            "event": {
                "name": publication.event_name,
                "city": city_summary(city, links) if city else None,
                "start": iso_date(publication.event_start),
                "end": iso_date(publication.event_end),
            },
            "contributors": [contributor_record(c) for c in publication.contributors.all()],
            "themes": [
                term_summary(theme, links, Theme, "theme-detail")
                for theme in publication.themes.all()
            ],
            "file": links.file(publication.file),
            "external_url": publication.external_url,
            "updated_at": iso_datetime(publication.updated_at),
            "url": links.page(Publication, publication.slug),
            "api_url": links.api("publication-detail", publication.slug),
        }


class PublicationDetailSerializer(PublicationListSerializer):
    target_groups = TargetGroupSummarySerializer(many=True, read_only=True)
    cities = CitySummarySerializer(many=True, read_only=True)
    partners = OrganisationSummarySerializer(many=True, read_only=True)
    practices = PracticeSummarySerializer(
        many=True, read_only=True, help_text="The published practices it documents."
    )
    commitments = CommitmentSerializer(many=True, read_only=True)
    file_size = serializers.SerializerMethodField(help_text="The PDF's size in bytes.")
    cover = serializers.SerializerMethodField()
    translations = TranslationsField("summary")

    class Meta(PublicationListSerializer.Meta):
        fields = [
            *PublicationListSerializer.Meta.fields[:3],
            "summary",
            "translations",
            *PublicationListSerializer.Meta.fields[3:10],
            "target_groups",
            "cities",
            "partners",
            "practices",
            "commitments",
            "file",
            "file_size",
            "cover",
            "cover_alt",
            *PublicationListSerializer.Meta.fields[11:],
        ]

    def get_file_size(self, publication) -> int | None:
        if not publication.file:
            return None
        try:
            return publication.file.size
        except (OSError, ValueError):
            return None

    def get_cover(self, publication) -> str | None:  # its annotation is the documented type
        return file_url(publication.cover, self.context.get("request"))

    def record(self, publication: Publication, links: Links) -> dict:
        """From a publication with for_detail()'s relations."""
        values = super().record(publication, links) | {
            "summary": text(publication, "summary"),
            "translations": available_languages(publication, "summary"),
            "target_groups": [
                term_summary(group, links, TargetGroup, "target-group-detail")
                for group in publication.target_groups.all()
            ],
            "cities": [city_summary(city, links) for city in publication.cities.all()],
            "partners": [organisation_summary(o, links) for o in publication.partners.all()],
            "practices": [
                _PRACTICE.record(practice, links) for practice in publication.practices.all()
            ],
            "commitments": [
                _COMMITMENT.record(commitment, links)
                for commitment in publication.commitments.all()
            ],
            "file_size": self.get_file_size(publication),
            "cover": links.file(publication.cover),
            "cover_alt": publication.cover_alt,
        }
        return {name: values[name] for name in self.Meta.fields}


_PRACTICE, _COMMITMENT = PracticeSummarySerializer(), CommitmentSerializer()


@extend_schema_view(
    list=extend_schema(
        summary="List published publications",
        parameters=[FORMAT_CSV],
        responses={
            (200, "application/json"): PublicationListSerializer,
            **export_responses(PUBLICATIONS),
        },
    ),
    retrieve=extend_schema(summary="One publication, by slug"),
)
class PublicationViewSet(ExportFormatsMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Workshop and conference reports, papers and speeches, and the practices they document.

    Same filters as the public list at /publications/: `q`, `kind`, `year`, `year_from`,
    `year_to`, `theme`, `city`, `country`, `region`, `target_group`, `organisation`,
    `framework`, `commitment`, `ordering`.
    """

    filterset_class = PublicationFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    export_name = "publications"

    def get_queryset(self):
        published = Publication.objects.published()
        if self.action == "list":
            return published.for_listing()
        return published.for_detail()

    def get_serializer_class(self):
        if self.action == "list":
            return PublicationListSerializer
        return PublicationDetailSerializer

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))
