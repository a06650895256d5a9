"""Serializer fields every resource uses: its public page and its API address; strict input."""

from collections.abc import Mapping
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from django.core.validators import RegexValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField, SlugRelatedField

from core.api.records import Links


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(serializers.ReadOnlyField):
    """The absolute address of the record's public page (from get_absolute_url)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("help_text", "The record's public page.")
        super().__init__(**kwargs)

    def to_representation(self, record):
        return Links.of(self.context.get("request")).page(type(record), record.slug)


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The record's address in this API, whatever `?format=` the current request asked for."""

    def get_url(self, obj, view_name, request, format):
        route = view_name.removeprefix("api:")
        return Links.of(request).api(route, getattr(obj, self.lookup_field))


def api_url(view_name: str) -> ApiUrlField:
    """The record's address in this API, by slug."""
    return ApiUrlField(
        view_name=f"api:{view_name}", lookup_field="slug", help_text="The record in this API."
    )


def file_url(field_file, request) -> str | None:
    if not field_file:
        return None
    return request.build_absolute_uri(field_file.url) if request else field_file.url


class StrictManyRelatedField(ManyRelatedField):
    """DRF's list of related records, refusing what is not a JSON array.

    DRF iterates whatever it is given, so `{}` or `{"a": 1}` would pass as a list of keys.
    """

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class SlugReferenceField(SlugRelatedField):
    """A related record given by slug; with many=True, a JSON array of slugs and nothing else.

    DRF reads "" as null (for HTML forms); here "" is refused, and null is written null.
    """

    default_error_messages = {"blank": "Give a slug, or null for none."}

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return StrictManyRelatedField(**list_kwargs)


class RoundedDecimalField(serializers.DecimalField):
    """A decimal rounded to its places (half to even) before its digits are checked.

    A JSON number such as 0.30000000000000004 or 12.345 for a field of two places is
    stored as 0.30 or 12.34 instead of being refused, so the schema's `maximum` is the
    only limit. A value that rounding would carry past the maximum is cut off instead.
    """

    def validate_precision(self, value):
        if self.decimal_places is not None and value.is_finite():
            places = Decimal(1).scaleb(-self.decimal_places)
            rounded = value.quantize(places, rounding=ROUND_HALF_EVEN)
            if self.max_whole_digits is not None and rounded.adjusted() >= self.max_whole_digits:
                rounded = value.quantize(places, rounding=ROUND_DOWN)
            value = rounded
        return super().validate_precision(value)


def _json_type_error(field: serializers.Field, value) -> str | None:
    """The field's own "invalid" message if `value` is not the JSON type the schema gives."""
    if value is None or field.read_only:
        return None
    if isinstance(field, serializers.CharField):
        wrong = not isinstance(value, str)
    elif isinstance(field, serializers.IntegerField):
        wrong = isinstance(value, bool) or not isinstance(value, int)
    elif isinstance(field, serializers.DecimalField | serializers.FloatField):
        wrong = isinstance(value, bool) or not isinstance(value, int | float)
    else:
        return None
    return str(field.error_messages["invalid"]) if wrong else None


class StrictJSONTypesMixin:
    """Write serializers that take the JSON types their schema gives, and no others.

    DRF is lenient: a string field takes 2003 and a number field takes "2003". The
    schema says string and number, so anything else is a 400 naming the field.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                name: [message]
                for name, field in self.fields.items()
                if name in data and (message := _json_type_error(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


#: The web addresses the portal stores, as one pattern the schema can state: http or
#: https, a host name of dot-separated labels of at most 63 letters, digits or hyphens
#: ending in a top-level domain, an optional port, then a path, query and fragment of the
#: characters RFC 3986 allows (others percent-encoded). Every address it matches is a
#: `format: uri` and passes Django's URLValidator, so the schema and the API agree.
_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PCHAR = "[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2}"
WEBSITE_PATTERN = (
    f"^[Hh][Tt][Tt][Pp][Ss]?://(?:{_LABEL}\\.)+[A-Za-z]{{2,63}}\\.?(?::[0-9]{{1,5}})?"
    f"(?:/(?:{_PCHAR})*)?(?:\\?(?:{_PCHAR}|\\?)*)?(?:#(?:{_PCHAR}|\\?)*)?$"
)


class WebsiteField(serializers.URLField):
    """A web address (see WEBSITE_PATTERN), taken as sent: no spaces trimmed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(
                WEBSITE_PATTERN,
                message="Give a web address starting with http:// or https://, "
                "such as https://www.example.org/; each part of the name at most 63 characters.",
            )
        )
