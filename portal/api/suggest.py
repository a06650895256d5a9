"""GET /api/v1/suggest/?q=: what the search box offers while a visitor types."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import NO_NUL_PATTERN
from core.api.views import ApiViewMixin
from portal.suggest import MIN_LENGTH, suggestions

MAX_QUERY_LENGTH = 100


class SuggestQuerySerializer(serializers.Serializer):
    # Untrimmed while checked, so `q` is refused exactly when the schema's maxLength says.
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, allow_blank=True, trim_whitespace=False)


class SuggestionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["theme", "city", "organisation", "practice", "publication"],
        help_text=_("What the suggestion is."),
    )
    label = serializers.CharField(help_text=_("Its name or title."))
    url = serializers.URLField(help_text=_("Its public page."))


class SuggestResponseSerializer(serializers.Serializer):
    query = serializers.CharField(help_text=_("The text the suggestions start with."))
    results = SuggestionSerializer(many=True)


class SuggestView(ApiViewMixin, APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="suggest",
        summary=_("Suggestions while typing"),
        description=_(
            "Themes, cities, organisations, published practices and publications with a "
            "word starting with each word of `q` (accents and case aside), shortest first: "
            "at most 3 themes, 3 cities, 3 organisations, 5 practices and 3 publications. "
            "Fewer than %(min)d characters (or no `q`) give no suggestions."
        )
        % {"min": MIN_LENGTH},
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": NO_NUL_PATTERN},
                required=False,
                description=_("What the visitor has typed so far."),
            )
        ],
        responses=SuggestResponseSerializer,
        tags=["search"],
    )
    def get(self, request: Request) -> Response:
        params = SuggestQuerySerializer(data={"q": request.query_params.get("q", "")})
        params.is_valid(raise_exception=True)
        query = params.validated_data["q"].strip()
        results = [
            {
                "type": found.type,
                "label": found.label,
                "url": request.build_absolute_uri(found.url),
            }
            for found in suggestions(query)
        ]
        return Response({"query": query, "results": results})
