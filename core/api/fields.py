"""Serializer fields every resource uses: its public page and its API address."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
