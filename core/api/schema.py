"""OpenAPI: the error shape on every operation, conditional-GET headers, and shared parameters."""

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.serializers import ListSerializer

from core.api.exceptions import ErrorSerializer, error_body
from core.api.languages import PARAMETER as LANG_PARAMETER
from core.api.languages import supported_languages
from core.filters import YEAR_MAX, YEAR_MIN, SlugsFilter, YearFilter

ERROR_EXAMPLES = {
    "400": (
        "Invalid input",
        error_body(
            400,
            "invalid",
            "Invalid input.",
            {"theme": ["Select a valid choice. x is not one of the available choices."]},
        ),
    ),
    "401": (
        "Not authenticated",
        error_body(401, "not_authenticated", "Authentication credentials were not provided."),
    ),
    "403": (
        "Not allowed",
        error_body(403, "permission_denied", "You can only change practices you submitted."),
    ),
    "404": ("Not found", error_body(404, "not_found", "No Practice matches the given query.")),
    "405": (
        "Method not allowed",
        error_body(405, "method_not_allowed", 'Method "DELETE" not allowed.'),
    ),
    "406": (
        "Unknown format",
        error_body(406, "not_acceptable", "Unknown format. Available here: json, csv."),
    ),
    "409": (
        "Already reviewed",
        error_body(409, "conflict", "A practice that is published can no longer be changed here."),
    ),
    "429": (
        "Too many requests",
        error_body(429, "throttled", "Request was throttled. Expected available in 42 seconds."),
    ),
}
ERROR_DESCRIPTIONS = {
    "400": "Invalid filter, parameter (an unsupported `lang` too) or body; `errors` names "
    "each field.",
    "401": "No valid token for an operation that needs one, or an invalid token.",
    "403": "The token's user may not do this.",
    "404": "No such record (or not visible to you), or a page past the last.",
    "405": "The method is not allowed at this address.",
    "406": "The requested `format` or Accept type is not available here.",
    "409": "The record's state does not allow this change.",
    "429": "Too many requests; retry after the `Retry-After` seconds.",
}

_CSV = (
    "`csv`: the list's download from /data/ for the same filters — every matching record "
    '(not paginated), streamed (so without an ETag), one row each, lists joined with "; ", '
    "the columns the codebook at /data/ describes. Text cells are quoted, and those "
    "starting with `=`, `+`, `-`, `@`, tab or carriage return get a leading `'` so "
    "spreadsheets show them as text; numbers are written bare."
)
_GEOJSON = (
    "`geojson`: the list's GeoJSON download from /data/ for the same filters — a "
    "FeatureCollection of every matching record with coordinates (not paginated), streamed, "
    "Point coordinates in [longitude, latitude] order."
)
FORMAT_CSV = OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], description=_CSV)
FORMAT_CSV_GEOJSON = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "geojson"],
    description=f"{_CSV} {_GEOJSON}",
)


def export_responses(dataset, feature_columns=()) -> dict:
    """The `?format=` responses of a list whose formats are its export (core.api.exports)."""
    responses = {
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description="Columns: " + ", ".join(dataset.column_names) + ".",
        )
    }
    if feature_columns:
        names = ", ".join(column.name for column in feature_columns)
        responses[(200, "application/geo+json")] = OpenApiResponse(
            OpenApiTypes.OBJECT, description=f"Feature properties: {names}."
        )
    return responses


#: Text without NUL characters, which every request refuses (core.middleware, DRF's CharField).
NO_NUL_PATTERN = "^[^\\u0000]*$"
#: ... and with one character that is not whitespace as Python's str.strip() sees it, for
#: fields that may not be blank (DRF strips the text, then refuses it if nothing is left).
_PY_SPACE = (
    r"\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680"
    r"\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
NOT_BLANK_PATTERN = f"^[^\\u0000]*[^\\u0000{_PY_SPACE}][^\\u0000]*$"


CONTENT_LANGUAGE = {
    "schema": {"type": "string"},
    "description": "The language of the response's texts and messages (`lang`, else "
    "`Accept-Language`, else `en`).",
}


def lang_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        LANG_PARAMETER,
        OpenApiTypes.STR,
        enum=supported_languages(),
        description="The language of texts and messages. Without it, the first supported "
        "language of the `Accept-Language` header; else `en`. Translatable texts missing in "
        "that language are given in the record's original language; `translations` lists "
        "the languages a record has. Texts you send are stored in this language (a new "
        "practice is recorded as written in it). Any other value is a 400 naming `lang`. "
        "Every response says its language in `Content-Language`.",
    )


class PortalAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # drf-spectacular leaves out a nested list's length limits (`many=True, max_length=…`).
        if isinstance(field, ListSerializer) and schema and schema.get("type") == "array":
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
            if field.min_length is not None:
                schema["minItems"] = field.min_length
        if (
            direction == "request"
            and schema
            and schema.get("type") == "string"
            and "pattern" not in schema
            and "enum" not in schema
            and any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators)
            and not any(isinstance(v, RegexValidator) for v in field.validators)
        ):
            # DRF's CharField refuses NUL characters, and blank text unless allow_blank.
            blank_refused = not field.allow_blank and field.trim_whitespace
            schema["pattern"] = NOT_BLANK_PATTERN if blank_refused else NO_NUL_PATTERN
        return schema

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "404", "405", "406", "429"]  # 400: any operation takes `lang`
        if self.method not in ("GET", "HEAD"):
            codes += ["403", "409"]
        return sorted(codes)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code in responses:
                continue
            response = self._get_response_for_code(
                ErrorSerializer, code, ["application/json"], direction
            )
            summary, value = ERROR_EXAMPLES[code]
            response["description"] = ERROR_DESCRIPTIONS[code]
            response["content"]["application/json"]["examples"] = {
                summary.replace(" ", ""): {"summary": summary, "value": value}
            }
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before the next request.",
                    }
                }
            responses[code] = response
        for code, response in responses.items():
            if code != "304":
                response.setdefault("headers", {})["Content-Language"] = CONTENT_LANGUAGE
        if self.method == "GET":
            responses["304"] = {"description": "Not modified since the ETag or date you sent."}
            for code in ("200",):
                if code in responses:
                    responses[code].setdefault("headers", {}).update(
                        {
                            "ETag": {
                                "schema": {"type": "string"},
                                "description": "Validator for If-None-Match.",
                            },
                            "Last-Modified": {
                                "schema": {"type": "string"},
                                "description": "Newest change to the records shown.",
                            },
                            "Cache-Control": {
                                "schema": {"type": "string"},
                                "description": "`public, max-age=60`, or `private` with a token.",
                            },
                        }
                    )
        return responses

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), lang_parameter()]
        if self.method == "GET":
            parameters += [
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier response: 304 if unchanged.",
                ),
                OpenApiParameter(
                    "If-Modified-Since",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An HTTP date: 304 if nothing shown changed since.",
                ),
            ]
        return parameters


class SharedFilterExtension(DjangoFilterExtension):
    """drf-spectacular's django-filter support, taught the shared slug and year filters."""

    target_class = "django_filters.rest_framework.DjangoFilterBackend"
    priority = 1

    def _get_schema_from_model_field(self, auto_schema, filter_field, model):
        if isinstance(filter_field, SlugsFilter):
            return {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
        return super()._get_schema_from_model_field(auto_schema, filter_field, model)

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        if isinstance(filter_field, YearFilter):
            for parameter in parameters:
                parameter["schema"] = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
        max_length = getattr(filter_field.field, "max_length", None)
        for parameter in parameters:
            if parameter["schema"] == {"type": "string"}:  # free text, such as `q`
                parameter["schema"]["pattern"] = NO_NUL_PATTERN
                if max_length:
                    parameter["schema"]["maxLength"] = max_length
        return parameters


class PartnerTokenScheme(KnoxTokenScheme):
    """Partners' tokens (django-rest-knox) under the name DRF's tokens had: `tokenAuth`,
    so clients generated from the schema before keep working."""

    target_class = "core.api.authentication.PartnerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Token <key>`, with the key the editors issued. "
            "Keys expire; an expired, revoked or unknown key is a 401.",
        }
