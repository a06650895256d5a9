"""Themes, target groups and practices in the partner API.

Reads: anyone, published practices only (a practice's submitter and editors also see it
unpublished, by slug). Writes: any user with an API token (a partner account; editors
issue tokens in the admin) may POST a practice, which enters the editors' review queue
as *submitted* through practices.services, may PATCH their own practice while it is
a draft or submitted, and may POST to `<slug>/submit/` to send a draft (one an editor sent
back with a review note) to the review queue again.
"""

import uuid

from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    OpenApiTypes,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from cities.api import CitySummarySerializer, OrganisationSummarySerializer
from cities.models import City, Organisation
from core.api.exceptions import Conflict, ErrorSerializer
from core.api.fields import (
    PublicUrlField,
    RoundedDecimalField,
    SlugReferenceField,
    StrictJSONTypesMixin,
    api_url,
    file_url,
)
from core.api.renderers import CSVRenderer
from core.api.schema import ERROR_DESCRIPTIONS, ERROR_EXAMPLES, FORMAT_CSV
from core.api.views import ApiViewMixin, with_pk_tiebreak
from practices import services
from practices.filters import PracticeFilter
from practices.models import (
    MAX_OUTCOMES_PER_PRACTICE,
    Commitment,
    Framework,
    Outcome,
    Practice,
    TargetGroup,
    Theme,
)

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


class ThemeSerializer(serializers.ModelSerializer):
    url = PublicUrlField()
    api_url = api_url("theme-detail")

    class Meta:
        model = Theme
        fields = ["name", "slug", "description", "url", "api_url"]


class ThemeSummarySerializer(ThemeSerializer):
    class Meta(ThemeSerializer.Meta):
        fields = ["name", "slug", "url", "api_url"]


class TargetGroupSerializer(serializers.ModelSerializer):
    url = PublicUrlField(help_text="The public list of practices for this group.")
    api_url = api_url("target-group-detail")

    class Meta:
        model = TargetGroup
        fields = ["name", "slug", "description", "url", "api_url"]


class TargetGroupSummarySerializer(TargetGroupSerializer):
    class Meta(TargetGroupSerializer.Meta):
        fields = ["name", "slug", "url", "api_url"]


class FrameworkSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["name", "short_name", "slug"]


class CommitmentSerializer(serializers.ModelSerializer):
    framework = FrameworkSummarySerializer(read_only=True)

    class Meta:
        model = Commitment
        fields = ["slug", "number", "title", "framework"]


class OutcomeSerializer(serializers.ModelSerializer):
    display = serializers.CharField(
        source="display_value", read_only=True, help_text="The value as a sentence shows it."
    )

    class Meta:
        model = Outcome
        fields = ["label", "qualifier", "value", "unit", "year", "source", "display"]


class PracticeSummarySerializer(serializers.ModelSerializer):
    url = PublicUrlField()
    api_url = api_url("practice-detail")

    class Meta:
        model = Practice
        fields = ["title", "slug", "url", "api_url"]


class PracticeListSerializer(serializers.ModelSerializer):
    cities = CitySummarySerializer(many=True, read_only=True)
    lead_organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)
    themes = ThemeSummarySerializer(many=True, read_only=True)
    target_groups = TargetGroupSummarySerializer(many=True, read_only=True)
    ongoing = serializers.BooleanField(source="is_ongoing", read_only=True)
    url = PublicUrlField()
    api_url = api_url("practice-detail")

    class Meta:
        model = Practice
        fields = [
            "title",
            "slug",
            "summary",
            "cities",
            "scope",
            "lead_organisation",
            "themes",
            "target_groups",
            "instrument",
            "start_year",
            "end_year",
            "ongoing",
            "published_at",
            "updated_at",
            "url",
            "api_url",
        ]


class PracticeDetailSerializer(PracticeListSerializer):
    partners = OrganisationSummarySerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    image = serializers.SerializerMethodField(help_text="The image's address, if there is one.")
    # Output only, like every field here; not marked read_only because drf-spectacular lists
    # read-only fields as required, and this one is left out for everyone but the submitter.
    review_note = serializers.CharField(
        required=False,
        help_text="The editor's note from the last review (why it was sent back or rejected). "
        "Only in your own practices while they are a draft, submitted or rejected.",
    )

    #: The statuses in which a practice's submitter sees the editor's note.
    REVIEW_NOTE_STATUSES = frozenset(
        {Practice.Status.DRAFT, Practice.Status.SUBMITTED, Practice.Status.REJECTED}
    )

    class Meta(PracticeListSerializer.Meta):
        fields = [
            *PracticeListSerializer.Meta.fields[:3],
            "context",
            "approach",
            "results",
            "lessons",
            *PracticeListSerializer.Meta.fields[3:6],
            "partners",
            *PracticeListSerializer.Meta.fields[6:],
            "commitments",
            "outcomes",
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

    def get_image(self, practice) -> str | None:
        return file_url(practice.image, self.context.get("request"))

    def to_representation(self, practice):
        data = super().to_representation(practice)
        if not self._shows_review_note(practice):
            del data["review_note"]
        return data

    def _shows_review_note(self, practice) -> bool:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return (
            user is not None
            and user.is_authenticated
            and practice.submitted_by_id == user.pk
            and practice.status in self.REVIEW_NOTE_STATUSES
        )


class PracticeCSVSerializer(serializers.ModelSerializer):
    """The CSV columns, in this order; several values in a cell are joined by "; "."""

    cities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    countries = serializers.SerializerMethodField()
    lead_organisation = serializers.SlugRelatedField(read_only=True, slug_field="name")
    partners = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    target_groups = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    commitments = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    outcomes = serializers.SerializerMethodField()
    ongoing = serializers.BooleanField(source="is_ongoing", read_only=True)
    url = PublicUrlField()
    api_url = api_url("practice-detail")

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "summary",
            "cities",
            "countries",
            "scope",
            "lead_organisation",
            "partners",
            "themes",
            "target_groups",
            "instrument",
            "start_year",
            "end_year",
            "ongoing",
            "funding_amount",
            "funding_currency",
            "funding_period",
            "funding_note",
            "website",
            "commitments",
            "outcomes",
            "published_at",
            "updated_at",
            "url",
            "api_url",
        ]

    def get_countries(self, practice) -> list[str]:
        return sorted({city.country.code for city in practice.cities.all()})

    def get_outcomes(self, practice) -> list[str]:
        return [f"{outcome.label}: {outcome.display_value}" for outcome in practice.outcomes.all()]


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


SUBMIT_SCHEMA = extend_schema(
    summary="Send your draft back to the review queue",
    description="Only the practice's submitter (anyone else gets 404). When an editor sends a "
    "submission back, it becomes a `draft` with the editor's `review_note`; change it with "
    "PATCH, then POST here, without a body, to make it `submitted` again. 409 unless the "
    "practice is a draft (already submitted, or published, rejected or archived).",
    request=None,
    responses={
        200: OpenApiResponse(
            PracticeDetailSerializer, description="The practice, now with status `submitted`."
        ),
        401: _error_response(
            401, "Not authenticated", "Authentication credentials were not provided."
        ),
        404: _error_response(
            404,
            "Not found",
            "No Practice matches the given query.",
            "No such practice among the ones you submitted.",
        ),
        409: _error_response(
            409,
            "Already submitted",
            "A practice that is submitted cannot become submitted.",
            "The practice is not a draft: it is already submitted, or has been reviewed.",
        ),
    },
)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    description="A UUID of your choosing, new for each practice. Sending the same request "
    "again with the same key (after a timeout, say) creates nothing: the answer is 200 with "
    "the practice the first request created.",
)


def _idempotency_key(request) -> uuid.UUID | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    try:
        return uuid.UUID(key)
    except ValueError:
        raise ValidationError(
            {"Idempotency-Key": [_("Give a UUID, e.g. 6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f.")]}
        ) from None


@extend_schema_view(
    list=extend_schema(
        summary="List published practices",
        parameters=[FORMAT_CSV],
        responses={
            (200, "application/json"): PracticeListSerializer,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="Columns: " + ", ".join(PracticeCSVSerializer.Meta.fields) + ".",
            ),
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
        summary="Change your practice while it awaits review",
        description="Only the practice's submitter, and only while it is a draft or submitted "
        "(409 once an editor has published, rejected or archived it). Send just the fields to "
        "change; `outcomes`, when sent, replace all outcomes.",
        request=PracticeWriteSerializer,
        responses={200: PracticeDetailSerializer},
    ),
)
class PracticeViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Practices cities run to include migrants and refugees.

    The list takes the same filters as the public list at /practices/: `q`, `theme`, `city`,
    `country`, `region`, `target_group`, `instrument`, `scope`, `ongoing`, `year_from`,
    `year_to`, `organisation`, `framework`, `commitment` and `ordering`. Several values of
    one filter are ORed (`?theme=employment&theme=education`), different filters ANDed.
    """

    filterset_class = PracticeFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    permission_classes = [IsAuthenticatedOrReadOnly]
    download_name = "practices"

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, CSVRenderer()] if self.action == "list" else renderers

    @property
    def is_csv(self) -> bool:
        return isinstance(getattr(self.request, "accepted_renderer", None), CSVRenderer)

    def get_queryset(self):
        if self.action == "list":
            published = Practice.objects.published()
            return published.for_detail() if self.is_csv else published.for_listing()
        if self.action == "submit":
            return Practice.objects.filter(submitted_by=self.request.user)
        return Practice.objects.visible_to(self.request.user).for_detail()

    def get_serializer_class(self):
        if self.action == "list":
            return PracticeCSVSerializer if self.is_csv else PracticeListSerializer
        if self.action in ("create", "partial_update"):
            return PracticeWriteSerializer
        return PracticeDetailSerializer

    def filter_queryset(self, queryset):
        return with_pk_tiebreak(super().filter_queryset(queryset))

    def paginate_queryset(self, queryset):
        return None if self.is_csv else super().paginate_queryset(queryset)

    def create(self, request, *args, **kwargs):
        creation_key = _idempotency_key(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                practice = services.create_practice(
                    by=request.user, creation_key=creation_key, **serializer.validated_data
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
        if practice.submitted_by_id != request.user.pk:
            raise PermissionDenied(_("You can only change practices you submitted."))
        if practice.status not in services.EDITABLE_STATUSES:
            raise Conflict(str(services.PracticeNotEditable(practice.status)))
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            practice = services.update_practice(
                practice=practice, by=request.user, **serializer.validated_data
            )
        except services.PracticeNotEditable as error:
            raise Conflict(str(error)) from None
        return Response(self._detail(practice))

    @SUBMIT_SCHEMA
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        practice = self.get_object()
        try:
            practice = services.submit_practice(practice=practice, by=request.user)
        except services.InvalidTransition as error:
            raise Conflict(str(error)) from None
        return Response(self._detail(practice))

    def _detail(self, practice: Practice) -> dict:
        fresh = get_object_or_404(Practice.objects.for_detail(), pk=practice.pk)
        return PracticeDetailSerializer(fresh, context=self.get_serializer_context()).data
