"""Themes, target groups and practices in the partner API.

Reads: anyone, published practices only (a practice's team — its submitter and the
officials of its cities — and editors also see it unpublished, by slug). Writes: partners
(accounts with an API token; editors issue them in the admin) and officials may POST a
practice, which enters the editors' review queue as *submitted* through
practices.services; its team may PATCH it while it is a draft (409 while it is in review),
POST to `<slug>/withdraw/` to take it out of review, and POST to `<slug>/submit/` to
send a draft (one an editor sent back with a review note) to the review queue again.
Who may do what is decided by practices.permissions.
"""

import re
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import connections, models, transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from cities.api import (
    CitySummarySerializer,
    OrganisationSummarySerializer,
    city_summary,
    organisation_summary,
)
from cities.models import City, Organisation
from core.api.exceptions import Conflict, ErrorSerializer
from core.api.exports import ExportFormatsMixin
from core.api.fields import (
    PublicUrlField,
    RoundedDecimalField,
    SlugReferenceField,
    StrictJSONTypesMixin,
    WebsiteField,
    api_url,
    file_url,
)
from core.api.records import (
    Links,
    RecordListSerializer,
    RecordModelSerializer,
    iso_datetime,
    number,
    summary_values,
)
from core.api.schema import (
    ERROR_DESCRIPTIONS,
    ERROR_EXAMPLES,
    FORMAT_CSV,
    FORMAT_CSV_GEOJSON,
    export_responses,
)
from core.api.translations import TranslationsField, available_languages, text
from core.api.views import ApiViewMixin, with_pk_tiebreak
from practices import permissions, services, versions
from practices.exports import FRAMEWORKS, PRACTICE_FEATURE_COLUMNS, PRACTICES
from practices.facet_keys import FacetKind, published_totals
from practices.filters import CommitmentFilter, PracticeFilter
from practices.models import (
    MAX_OUTCOMES_PER_PRACTICE,
    Commitment,
    Framework,
    Outcome,
    Practice,
    PracticeDocument,
    PracticeRevision,
    TargetGroup,
    Theme,
    commitment_url,
    related_summaries,
)
from practices.relation_reads import read_relations

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


class ThemeSerializer(serializers.ModelSerializer):
    url = PublicUrlField()
    api_url = api_url("theme-detail")
    translations = TranslationsField("name", "description")

    class Meta:
        model = Theme
        fields = ["name", "slug", "description", "translations", "url", "api_url"]


class ThemeSummarySerializer(RecordModelSerializer):
    url = PublicUrlField()
    api_url = api_url("theme-detail")

    class Meta:
        model = Theme
        fields = ["name", "slug", "url", "api_url"]
        list_serializer_class = RecordListSerializer

    def record(self, theme, links: Links) -> dict:
        return term_summary(theme, links, Theme, "theme-detail")


class TargetGroupSerializer(serializers.ModelSerializer):
    url = PublicUrlField(help_text="The public list of practices for this group.")
    api_url = api_url("target-group-detail")
    translations = TranslationsField("name", "description")

    class Meta:
        model = TargetGroup
        fields = ["name", "slug", "description", "translations", "url", "api_url"]


class TargetGroupSummarySerializer(RecordModelSerializer):
    url = PublicUrlField(help_text="The public list of practices for this group.")
    api_url = api_url("target-group-detail")

    class Meta:
        model = TargetGroup
        fields = ["name", "slug", "url", "api_url"]
        list_serializer_class = RecordListSerializer

    def record(self, group, links: Links) -> dict:
        return term_summary(group, links, TargetGroup, "target-group-detail")


def term_summary(term, links: Links, model: type[Theme | TargetGroup], route: str) -> dict:
    """A theme's or target group's summary, from a summary row or the model."""
    name, slug = summary_values(term, "name", "slug")
    return {
        "name": name,
        "slug": slug,
        "url": links.page(model, slug),
        "api_url": links.api(route, slug),
    }


class FrameworkSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["name", "short_name", "slug"]


class CommitmentSerializer(RecordModelSerializer):
    framework = FrameworkSummarySerializer(read_only=True)

    class Meta:
        model = Commitment
        fields = ["slug", "number", "title", "framework"]
        list_serializer_class = RecordListSerializer

    def record(self, commitment: Commitment, links: Links) -> dict:
        framework = commitment.framework
        return {
            "slug": commitment.slug,
            "number": commitment.number,
            "title": text(commitment, "title"),
            "framework": {
                "name": text(framework, "name"),
                "short_name": text(framework, "short_name"),
                "slug": framework.slug,
            },
        }


class OutcomeSerializer(RecordModelSerializer):
    display = serializers.CharField(
        source="display_value", read_only=True, help_text="The value as a sentence shows it."
    )

    class Meta:
        model = Outcome
        fields = ["label", "qualifier", "value", "unit", "year", "source", "display"]
        list_serializer_class = RecordListSerializer

    def record(self, outcome: Outcome, links: Links) -> dict:
        return {
            "label": text(outcome, "label"),
            "qualifier": outcome.qualifier,
            "value": number(outcome.value),
            "unit": text(outcome, "unit"),
            "year": outcome.year,
            "source": outcome.source,
            "display": outcome.display_value,
        }


class PracticeDocumentSerializer(RecordModelSerializer):
    file_name = serializers.CharField(
        source="download_name", read_only=True, help_text="The file's name, as uploaded."
    )
    size = serializers.IntegerField(read_only=True, help_text="In bytes.")
    url = PublicUrlField(help_text="Download the PDF (served as an attachment).")

    class Meta:
        model = PracticeDocument
        fields = ["title", "file_name", "size", "url", "created_at"]
        list_serializer_class = RecordListSerializer

    def record(self, document: PracticeDocument, links: Links) -> dict:
        return {
            "title": document.title,
            "file_name": document.download_name,
            "size": document.size,
            "url": links.absolute(document.get_absolute_url()),
            "created_at": iso_datetime(document.created_at),
        }


class PracticeSummarySerializer(RecordModelSerializer):
    url = PublicUrlField()
    api_url = api_url("practice-detail")

    class Meta:
        model = Practice
        fields = ["title", "slug", "url", "api_url"]
        list_serializer_class = RecordListSerializer

    def record(self, practice: Practice, links: Links) -> dict:
        return {
            "title": text(practice, "title"),
            "slug": practice.slug,
            "url": links.page(Practice, practice.slug),
            "api_url": links.api("practice-detail", practice.slug),
        }


class PracticeRelations:
    """What a page of practices shows of its relations, read for all its practices at once:
    summaries of cities, organisations and terms in one query; with `full`, commitments,
    outcomes and PDF reports (practices.relation_reads) and the lineage, one query each."""

    def __init__(self, practices: list[Practice], summaries: tuple[str, ...], *, full=False):
        ids = [practice.pk for practice in practices]
        self.current_year = timezone.now().year
        self.summaries = related_summaries(ids, *summaries)
        self.commitments: dict[int, list[Commitment]] = defaultdict(list)
        self.outcomes: dict[int, list[Outcome]] = defaultdict(list)
        self.documents: dict[int, list[PracticeDocument]] = defaultdict(list)
        self.adapted_from: dict[int, list[str]] = defaultdict(list)
        self.adapted_by: dict[int, list[str]] = defaultdict(list)
        if full and ids:
            self.commitments, self.outcomes, self.documents = read_relations(ids)
            self.adapted_from, self.adapted_by = _lineage(ids)
            by_id = {practice.pk: practice for practice in practices}
            for owner, documents in self.documents.items():
                for document in documents:
                    document.practice = by_id[owner]  # its address needs the slug

    def of(self, practice: Practice, relation: str) -> list[dict]:
        return self.summaries[relation][practice.pk]

    def is_ongoing(self, practice: Practice) -> bool:
        return practice.end_year is None or practice.end_year >= self.current_year


def _lineage(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Slugs of the published practices each of these was adapted from, and adapted into,
    in one query, sorted by slug.

    Written in SQL, as related_summaries is: the ORM took longer to build this union than
    the database takes to run it, on every request for a practice.
    """
    found: dict[bool, dict[int, list[str]]] = {False: defaultdict(list), True: defaultdict(list)}
    if not ids:
        return found[False], found[True]
    links = Practice.adapted_from.through._meta.db_table
    practices = Practice._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    # Only table names from the models' metadata go into the text; values are parameters.
    sql = (
        f"SELECT 0, l.from_practice_id, p.slug FROM {links} l"  # noqa: S608
        f" JOIN {practices} p ON p.id = l.to_practice_id"
        f" WHERE l.from_practice_id IN ({placeholders}) AND p.status = %s"
        f" UNION ALL SELECT 1, l.to_practice_id, p.slug FROM {links} l"
        f" JOIN {practices} p ON p.id = l.from_practice_id"
        f" WHERE l.to_practice_id IN ({placeholders}) AND p.status = %s"
        " ORDER BY 3"
    )
    published = Practice.Status.PUBLISHED.value
    with connections[Practice.objects.db].cursor() as cursor:
        cursor.execute(sql, [*ids, published, *ids, published])
        for adapted_by, owner, slug in cursor.fetchall():
            found[bool(adapted_by)][owner].append(slug)
    return found[False], found[True]


class PracticeListSerializer(RecordModelSerializer):
    cities = CitySummarySerializer(many=True, read_only=True)
    lead_organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)
    themes = ThemeSummarySerializer(many=True, read_only=True)
    target_groups = TargetGroupSummarySerializer(many=True, read_only=True)
    ongoing = serializers.BooleanField(
        source="is_ongoing",
        read_only=True,
        help_text="No end year, or one not yet past, as its source stated it in `status_as_of`; "
        "not a claim about today.",
    )
    status_as_of = serializers.IntegerField(
        source="status_year",
        read_only=True,
        allow_null=True,
        help_text="The year the start and end years (or “ongoing”) were stated: the later of "
        "the source's year and the last editor's check; else the year of publication.",
    )
    last_verified = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When an editor last confirmed the practice is still accurate (null: never).",
    )
    url = PublicUrlField()
    api_url = api_url("practice-detail")
    translations = TranslationsField("title", "summary")

    summary_relations = ("cities", "lead_organisation", "themes", "target_groups")

    class Meta:
        model = Practice
        fields = [
            "title",
            "slug",
            "summary",
            "original_language",
            "translations",
            "cities",
            "scope",
            "lead_organisation",
            "themes",
            "target_groups",
            "instrument",
            "start_year",
            "end_year",
            "ongoing",
            "status_as_of",
            "last_verified",
            "published_at",
            "updated_at",
            "url",
            "api_url",
        ]
        list_serializer_class = RecordListSerializer

    def load(self, practices: list[Practice]) -> None:
        self.relations = PracticeRelations(practices, self.summary_relations)

    def record(self, practice: Practice, links: Links) -> dict:
        related = self.relations
        lead = related.of(practice, "lead_organisation")
        return {
            "title": text(practice, "title"),
            "slug": practice.slug,
            "summary": text(practice, "summary"),
            "original_language": practice.original_language,
            "translations": available_languages(practice, "title", "summary"),
            "cities": [city_summary(row, links) for row in related.of(practice, "cities")],
            "scope": practice.scope,
            "lead_organisation": organisation_summary(lead[0], links) if lead else None,
            "themes": [
                term_summary(row, links, Theme, "theme-detail")
                for row in related.of(practice, "themes")
            ],
            "target_groups": [
                term_summary(row, links, TargetGroup, "target-group-detail")
                for row in related.of(practice, "target_groups")
            ],
            "instrument": practice.instrument,
            "start_year": practice.start_year,
            "end_year": practice.end_year,
            "ongoing": related.is_ongoing(practice),
            "status_as_of": practice.status_year,
            "last_verified": practice.last_verified.isoformat() if practice.last_verified else None,
            "published_at": iso_datetime(practice.published_at),
            "updated_at": iso_datetime(practice.updated_at),
            "url": links.page(Practice, practice.slug),
            "api_url": links.api("practice-detail", practice.slug),
        }


class PracticeDetailSerializer(PracticeListSerializer):
    adapted_from = serializers.ListField(
        child=serializers.SlugField(),
        read_only=True,
        help_text="Slugs of the published practices this one was adapted from.",
    )
    adapted_by = serializers.ListField(
        child=serializers.SlugField(),
        read_only=True,
        help_text="Slugs of the published practices adapted from this one.",
    )
    partners = OrganisationSummarySerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    documents = PracticeDocumentSerializer(
        many=True, read_only=True, help_text="PDF reports about the practice."
    )
    image = serializers.SerializerMethodField(help_text="The image's address, if there is one.")
    # Output only, like every field here; not marked read_only because drf-spectacular lists
    # read-only fields as required, and this one is left out for everyone but the submitter.
    review_note = serializers.CharField(
        required=False,
        help_text="The editor's note from the last review (why it was sent back or rejected). "
        "Only in your team's practices while they are a draft, submitted or rejected.",
    )

    summary_relations = (*PracticeListSerializer.summary_relations, "partners")

    #: The statuses in which a practice's submitter sees the editor's note.
    REVIEW_NOTE_STATUSES = frozenset(
        {Practice.Status.DRAFT, Practice.Status.SUBMITTED, Practice.Status.REJECTED}
    )

    class Meta(PracticeListSerializer.Meta):
        fields = [
            *PracticeListSerializer.Meta.fields[:5],
            "context",
            "approach",
            "results",
            "lessons",
            *PracticeListSerializer.Meta.fields[5:8],
            "partners",
            *PracticeListSerializer.Meta.fields[8:],
            "commitments",
            "outcomes",
            "documents",
            "adapted_from",
            "adapted_by",
            "funding_amount",
            "funding_currency",
            "funding_period",
            "funding_note",
            "website",
            "image",
            "image_alt",
            "status",
            "review_note",
        ]

    def load(self, practices: list[Practice]) -> None:
        self.relations = PracticeRelations(practices, self.summary_relations, full=True)

    def get_image(self, practice) -> str | None:  # its annotation is the documented type
        return file_url(practice.image, self.context.get("request"))

    def record(self, practice: Practice, links: Links) -> dict:
        related = self.relations
        values = super().record(practice, links) | {
            "context": text(practice, "context"),
            "approach": text(practice, "approach"),
            "results": text(practice, "results"),
            "lessons": text(practice, "lessons"),
            "partners": [
                organisation_summary(row, links) for row in related.of(practice, "partners")
            ],
            "commitments": [
                _COMMITMENT.record(commitment, links)
                for commitment in related.commitments[practice.pk]
            ],
            "outcomes": [
                _OUTCOME.record(outcome, links) for outcome in related.outcomes[practice.pk]
            ],
            "documents": [
                _DOCUMENT.record(document, links) for document in related.documents[practice.pk]
            ],
            "adapted_from": related.adapted_from[practice.pk],
            "adapted_by": related.adapted_by[practice.pk],
            "funding_amount": number(practice.funding_amount),
            "funding_currency": practice.funding_currency,
            "funding_period": practice.funding_period,
            "funding_note": practice.funding_note,
            "website": practice.website,
            "image": links.file(practice.image),
            "image_alt": practice.image_alt,
            "status": practice.status,
            "review_note": practice.review_note,
        }
        if not self._shows_review_note(practice):
            del values["review_note"]
        return {name: values[name] for name in self.Meta.fields if name in values}

    def _shows_review_note(self, practice) -> bool:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return (
            user is not None
            and practice.status in self.REVIEW_NOTE_STATUSES
            and permissions.in_team(user, practice)
        )


_COMMITMENT, _OUTCOME = CommitmentSerializer(), OutcomeSerializer()
_DOCUMENT = PracticeDocumentSerializer()


class OutcomeWriteSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: RoundedDecimalField,
    }

    class Meta:
        model = Outcome
        fields = ["label", "qualifier", "value", "unit", "year", "source"]


def _slugs(model, **kwargs):
    return SlugReferenceField(
        slug_field="slug", queryset=model.objects.all(), required=False, **kwargs
    )


class PracticeWriteSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    """What a partner may send. Relations are given by slug; outcomes replace all existing ones."""

    serializer_field_mapping = OutcomeWriteSerializer.serializer_field_mapping

    cities = _slugs(City, many=True)
    lead_organisation = _slugs(Organisation, allow_null=True)
    partners = _slugs(Organisation, many=True)
    themes = _slugs(Theme, many=True)
    target_groups = _slugs(TargetGroup, many=True)
    commitments = _slugs(Commitment, many=True)
    outcomes = OutcomeWriteSerializer(
        many=True, required=False, max_length=MAX_OUTCOMES_PER_PRACTICE
    )
    funding_currency = serializers.RegexField(
        r"^[A-Z]{3}$", required=False, allow_blank=True, help_text="ISO 4217 code, e.g. EUR."
    )
    website = WebsiteField(required=False, allow_blank=True, max_length=200)

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "context",
            "approach",
            "results",
            "lessons",
            "cities",
            "scope",
            "lead_organisation",
            "partners",
            "themes",
            "target_groups",
            "commitments",
            "instrument",
            "start_year",
            "end_year",
            "funding_amount",
            "funding_currency",
            "funding_period",
            "funding_note",
            "website",
            "outcomes",
        ]
        # The database's practice_funding_not_negative, said where the schema shows it.
        extra_kwargs = {"funding_amount": {"min_value": 0}}


class RevisionSerializer(serializers.ModelSerializer):
    """A change proposed to a published practice, waiting for an editor."""

    practice = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    changed_fields = serializers.SerializerMethodField(
        help_text="The fields the proposal changes; the public sees them once it is approved."
    )

    class Meta:
        model = PracticeRevision
        fields = ["practice", "status", "changed_fields", "review_note", "created_at", "updated_at"]

    def get_changed_fields(self, revision) -> list[str]:
        return sorted(revision.changes)


PRACTICE_REQUEST_EXAMPLE = {
    "title": "Career Bridge internships",
    "summary": "Paid internships that give skilled immigrants Canadian work experience.",
    "approach": "Employers offer **paid internships** of four to twelve months.",
    "cities": ["toronto"],
    "scope": "city",
    "lead_organisation": "triec",
    "themes": ["employment"],
    "target_groups": ["skilled-immigrants"],
    "instrument": "programme",
    "start_year": 2003,
    "funding_amount": 1500000,
    "funding_currency": "CAD",
    "funding_period": "yearly",
    "outcomes": [
        {"label": "Immigrants placed in internships", "value": 380, "unit": "people", "year": 2007}
    ],
}


@extend_schema_view(
    list=extend_schema(summary="List themes"),
    retrieve=extend_schema(summary="One theme, by slug"),
)
class ThemeViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The themes practices are filed under (employment, education, anti-racism…)."""

    queryset = Theme.objects.all()
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))


@extend_schema_view(
    list=extend_schema(summary="List target groups"),
    retrieve=extend_schema(summary="One target group, by slug"),
)
class TargetGroupViewSet(ThemeViewSet):
    """The people practices are for (refugees, skilled immigrants, young newcomers…)."""

    queryset = TargetGroup.objects.all()
    serializer_class = TargetGroupSerializer


class CommitmentEntrySerializer(RecordModelSerializer):
    api_url = api_url("commitment-detail")

    class Meta:
        model = Commitment
        fields = ["number", "slug", "title", "api_url"]
        list_serializer_class = RecordListSerializer

    def record(self, commitment: Commitment, links: Links) -> dict:
        return {
            "number": commitment.number,
            "slug": commitment.slug,
            "title": text(commitment, "title"),
            "api_url": links.api("commitment-detail", commitment.slug),
        }


class FrameworkSerializer(RecordModelSerializer):
    owner = OrganisationSummarySerializer(read_only=True, allow_null=True)
    commitments = CommitmentEntrySerializer(many=True, read_only=True)
    url = PublicUrlField()
    api_url = api_url("framework-detail")
    translations = TranslationsField("name", "description")

    class Meta:
        model = Framework
        fields = [
            "name",
            "short_name",
            "slug",
            "description",
            "translations",
            "adopted_year",
            "website",
            "owner",
            "commitments",
            "url",
            "api_url",
        ]
        list_serializer_class = RecordListSerializer

    def load(self, frameworks: list[Framework]) -> None:
        self.commitments = defaultdict(list)
        ids = [framework.pk for framework in frameworks]
        for commitment in Commitment.objects.filter(framework_id__in=ids).order_by("number"):
            self.commitments[commitment.framework_id].append(commitment)

    def record(self, framework: Framework, links: Links) -> dict:
        owner = framework.owner
        return {
            "name": text(framework, "name"),
            "short_name": text(framework, "short_name"),
            "slug": framework.slug,
            "description": text(framework, "description"),
            "translations": available_languages(framework, "name", "description"),
            "adopted_year": framework.adopted_year,
            "website": framework.website,
            "owner": organisation_summary(owner, links) if owner and owner.is_active else None,
            "commitments": [
                _COMMITMENT_ENTRY.record(commitment, links)
                for commitment in self.commitments[framework.pk]
            ],
            "url": links.page(Framework, framework.slug),
            "api_url": links.api("framework-detail", framework.slug),
        }


_COMMITMENT_ENTRY = CommitmentEntrySerializer()


class CommitmentDetailSerializer(RecordModelSerializer):
    framework = FrameworkSummarySerializer(read_only=True)
    practice_count = serializers.IntegerField(
        read_only=True, help_text="Published practices that implement it."
    )
    practices_api_url = serializers.URLField(
        read_only=True, help_text="The published practices that implement it, in this API."
    )
    url = serializers.URLField(read_only=True, help_text="Its place on its framework's page.")
    api_url = api_url("commitment-detail")
    translations = TranslationsField("title", "description")

    class Meta:
        model = Commitment
        fields = [
            "slug",
            "number",
            "title",
            "description",
            "translations",
            "framework",
            "practice_count",
            "url",
            "practices_api_url",
            "api_url",
        ]
        list_serializer_class = RecordListSerializer

    def load(self, commitments: list[Commitment]) -> None:
        ids = [commitment.pk for commitment in commitments]
        self.practice_counts = published_totals(FacetKind.COMMITMENT, ids)
        if self.practice_counts is not None:
            return
        self.practice_counts = dict(
            Practice.commitments.through.objects.filter(
                commitment_id__in=ids, practice__status=Practice.Status.PUBLISHED
            )
            .values("commitment_id")
            .annotate(total=models.Count("practice_id"))
            .order_by()
            .values_list("commitment_id", "total")
        )

    def record(self, commitment: Commitment, links: Links) -> dict:
        framework = commitment.framework
        practices = links.absolute(reverse("api:practice-list"))
        return {
            "slug": commitment.slug,
            "number": commitment.number,
            "title": text(commitment, "title"),
            "description": text(commitment, "description"),
            "translations": available_languages(commitment, "title", "description"),
            "framework": {
                "name": text(framework, "name"),
                "short_name": text(framework, "short_name"),
                "slug": framework.slug,
            },
            "practice_count": self.practice_counts.get(commitment.pk, 0),
            "url": links.absolute(commitment_url(framework.slug, commitment.slug)),
            "practices_api_url": f"{practices}?commitment={commitment.slug}",
            "api_url": links.api("commitment-detail", commitment.slug),
        }


@extend_schema_view(
    list=extend_schema(summary="List policy frameworks, with their commitments"),
    retrieve=extend_schema(summary="One policy framework, by slug"),
)
class FrameworkViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Policy frameworks (the Ten-Point Plan of Action, the Global Compact for Migration, the
    SDGs…) and their numbered commitments, which practices implement (`?commitment=`)."""

    queryset = Framework.objects.select_related("owner")
    serializer_class = FrameworkSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))


@extend_schema_view(
    list=extend_schema(
        summary="List the commitments of policy frameworks",
        parameters=[FORMAT_CSV],
        responses={
            (200, "application/json"): CommitmentDetailSerializer,
            **export_responses(FRAMEWORKS),
        },
    ),
    retrieve=extend_schema(summary="One commitment, by slug"),
)
class CommitmentViewSet(ExportFormatsMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The numbered commitments of policy frameworks, with how many published practices
    implement each. Filter: `framework` (slugs, ORed)."""

    queryset = Commitment.objects.select_related("framework").order_by("framework__name", "number")
    serializer_class = CommitmentDetailSerializer
    filterset_class = CommitmentFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    export_name = "frameworks"

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))


def _error_response(code: int, summary: str, detail: str, description: str = ""):
    """An error response in the common shape, with one example, for extend_schema."""
    return OpenApiResponse(
        ErrorSerializer,
        description=description or ERROR_DESCRIPTIONS[str(code)],
        examples=[
            OpenApiExample(
                summary,
                value=ERROR_EXAMPLES[str(code)][1] | {"detail": detail},
                response_only=True,
                status_codes=[str(code)],
            )
        ],
    )


def _step_schema(*, summary: str, description: str, conflict: tuple[str, str, str]):
    """The OpenAPI description of a workflow step on `<slug>/<step>/` (POST, no body)."""
    return extend_schema(
        summary=summary,
        description=description,
        request=None,
        responses={
            200: OpenApiResponse(
                PracticeDetailSerializer, description="The practice, in its new status."
            ),
            401: _error_response(
                401, "Not authenticated", "Authentication credentials were not provided."
            ),
            404: _error_response(
                404,
                "Not found",
                "No Practice matches the given query.",
                "No such practice among your team's practices.",
            ),
            409: _error_response(409, *conflict),
        },
    )


SUBMIT_SCHEMA = _step_schema(
    summary="Send your draft back to the review queue",
    description="Only the practice's team: its submitter and the officials of its cities "
    "(anyone else gets 404). When an editor sends a submission back, or you withdraw it, it "
    "becomes a `draft` (with the editor's `review_note` if there is one); change it with "
    "PATCH, then POST here, without a body, to make it `submitted` again. 409 unless the "
    "practice is a draft (already submitted, or published, rejected or archived).",
    conflict=(
        "Already submitted",
        "“Career Bridge internships” is already waiting for an editor's review.",
        "The practice is not a draft: it is already submitted, or has been reviewed.",
    ),
)

WITHDRAW_SCHEMA = _step_schema(
    summary="Take your practice out of the review queue",
    description="Only the practice's team (anyone else gets 404). While a practice is "
    "`submitted` it is frozen: PATCH answers 409, so that editors publish what they "
    "reviewed. POST here, without a body, to make it a `draft` again; change it with PATCH "
    "and submit it again. 409 unless the practice is submitted.",
    conflict=(
        "Not in review",
        "Only a practice waiting for review can be withdrawn; “Career Bridge internships” "
        "is a draft.",
        "The practice is not waiting for review.",
    ),
)


#: A UUID as RFC 9562 writes it (8-4-4-4-12 hex digits), the only form the header takes:
#: Python's UUID() also reads braces, `urn:uuid:` and undashed hex, which the schema's
#: `format: uuid` does not.
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "format": "uuid", "pattern": UUID_PATTERN},
    OpenApiParameter.HEADER,
    description="A UUID of your choosing, new for each practice, written 8-4-4-4-12 "
    "(`6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f`); any other value is a 400 naming the header. "
    "Sending the same request again with the same key (after a timeout, say) creates "
    "nothing: the answer is 200 with the practice the first request created.",
)


def _in_request_language(fields: dict) -> dict:
    """The texts a partner sent, keyed by the request's language (`title_fr`), as the
    services take them: a text is written, and read back, in the language it was sent in."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        versions.text_key(name, language) if name in versions.TEXT_FIELDS else name: value
        for name, value in fields.items()
    }


def _idempotency_key(request) -> uuid.UUID | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not re.fullmatch(UUID_PATTERN, key):
        raise ValidationError(
            {"Idempotency-Key": [_("Give a UUID, e.g. 6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f.")]}
        )
    return uuid.UUID(key)


@extend_schema_view(
    list=extend_schema(
        summary="List published practices",
        parameters=[FORMAT_CSV_GEOJSON],
        responses={
            (200, "application/json"): PracticeListSerializer,
            **export_responses(PRACTICES, PRACTICE_FEATURE_COLUMNS),
        },
    ),
    retrieve=extend_schema(
        summary="One practice, by slug",
        description="Published practices for everyone; your own drafts and submissions too.",
    ),
    create=extend_schema(
        summary="Submit a practice for review",
        description="Needs a token (`Authorization: Token <key>`). The practice enters the "
        "editors' review queue with status `submitted`; it is public once an editor publishes it.",
        request=PracticeWriteSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: PracticeDetailSerializer,
            200: OpenApiResponse(
                PracticeDetailSerializer,
                description="The practice an earlier request with the same Idempotency-Key "
                "created; nothing new is created.",
            ),
        },
        examples=[OpenApiExample("A practice", value=PRACTICE_REQUEST_EXAMPLE, request_only=True)],
    ),
    partial_update=extend_schema(
        summary="Change your team's draft, or propose a change to a published practice",
        description="Only the practice's team (its submitter and the officials of its "
        "cities). A draft changes at once (200). A published practice keeps its public "
        "text: the request becomes a proposed change that editors review (202, with the "
        "proposal; 409 while someone else's proposal is open). 409 while the practice is "
        "submitted (withdraw it first) and once it is rejected or archived. Send just the "
        "fields to change; `outcomes`, when sent, replace all outcomes. An official's "
        "practice must keep their city among its `cities`.",
        request=PracticeWriteSerializer,
        responses={
            200: PracticeDetailSerializer,
            202: RevisionSerializer,
            409: _error_response(
                409,
                "In review",
                "“Career Bridge internships” is waiting for an editor's review, so it cannot "
                "be changed now. Withdraw it from review to change it, then submit it again.",
                "The practice is in review, or has been reviewed.",
            ),
        },
    ),
)
class PracticeViewSet(
    ExportFormatsMixin,
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Practices cities run to include migrants and refugees.

    The list takes the same filters as the public list at /practices/: `q`, `theme`, `city`,
    `country`, `region`, `target_group`, `instrument`, `scope`, `ongoing`, `year_from`,
    `year_to`, `organisation`, `framework`, `commitment`, `verified_since` (YYYY-MM-DD),
    `adapted_from` (a slug) and `ordering`. Several values of
    one filter are ORed (`?theme=employment&theme=education`), different filters ANDed.
    """

    filterset_class = PracticeFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    permission_classes = [IsAuthenticatedOrReadOnly]
    export_name = "practices"

    def get_queryset(self):
        # The serializers read relations for a page at once (RecordSerializer.load).
        if self.action == "list":
            return Practice.objects.published().without_long_texts()
        if self.action in ("submit", "withdraw"):
            return permissions.team_practices(self.request.user).defer("search_vector")
        return permissions.visible_practices(self.request.user).defer("search_vector")

    def get_serializer_class(self):
        if self.action == "list":
            return PracticeListSerializer
        if self.action in ("create", "partial_update"):
            return PracticeWriteSerializer
        return PracticeDetailSerializer

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))

    def create(self, request, *args, **kwargs):
        refused = permissions.refusal(request.user, permissions.Action.CREATE)
        if refused:
            raise PermissionDenied(refused.message)
        creation_key = _idempotency_key(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                practice = services.create_practice(
                    by=request.user,
                    creation_key=creation_key,
                    original_language=translation.get_language(),
                    **_in_request_language(serializer.validated_data),
                )
                services.submit_practice(practice=practice, by=request.user)
        except services.DuplicateSubmission as duplicate:
            body = self._detail(duplicate.practice)
            return Response(body, headers={"Location": str(body["api_url"])})
        body = self._detail(practice)
        # str(): api_url is DRF's Hyperlink, a str subclass that WSGI servers refuse as a header.
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": str(body["api_url"])}
        )

    def partial_update(self, request, *args, **kwargs):
        practice = self.get_object()
        action = permissions.Action.EDIT
        if practice.status == Practice.Status.PUBLISHED and not permissions.is_editor(request.user):
            action = permissions.Action.PROPOSE_REVISION
        refused = permissions.refusal(request.user, action, practice)
        if refused:
            raise api_error(refused)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            if action == permissions.Action.PROPOSE_REVISION:
                revision = services.propose_revision(
                    practice=practice,
                    by=request.user,
                    **_in_request_language(serializer.validated_data),
                )
                return Response(
                    RevisionSerializer(revision, context=self.get_serializer_context()).data,
                    status=status.HTTP_202_ACCEPTED,
                )
            practice = services.update_practice(
                practice=practice,
                by=request.user,
                **_in_request_language(serializer.validated_data),
            )
        except services.Refused as error:
            raise api_error(error) from None
        return Response(self._detail(practice))

    @SUBMIT_SCHEMA
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        return self._step(services.submit_practice)

    @WITHDRAW_SCHEMA
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        return self._step(services.withdraw_practice)

    def _step(self, step) -> Response:
        practice = self.get_object()
        try:
            practice = step(practice=practice, by=self.request.user)
        except services.Refused as error:
            raise api_error(error) from None
        return Response(self._detail(practice))

    def _detail(self, practice: Practice) -> dict:
        fresh = get_object_or_404(Practice.objects.defer("search_vector"), pk=practice.pk)
        return PracticeDetailSerializer(fresh, context=self.get_serializer_context()).data


def api_error(refused: permissions.Refusal | permissions.Refused) -> APIException:
    """A permissions refusal as the API's 404, 403 or 409."""
    error = {permissions.NOT_FOUND: NotFound, permissions.FORBIDDEN: PermissionDenied}.get(
        refused.code, Conflict
    )
    return error(refused.message)
