"""Serializer fields every resource uses: its public page and its API address."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(serializers.ReadOnlyField):
    """The absolute address of the record's public page (from get_absolute_url)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "get_absolute_url")
        kwargs.setdefault("help_text", "The record's public page.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The record's address in this API, whatever `?format=` the current request asked for."""

    def get_url(self, obj, view_name, request, format):
        url = reverse(view_name, kwargs={self.lookup_url_kwarg: getattr(obj, self.lookup_field)})
        return request.build_absolute_uri(url) if request else url


def api_url(view_name: str) -> ApiUrlField:
    """The record's address in this API, by slug."""
    return ApiUrlField(
        view_name=f"api:{view_name}", lookup_field="slug", help_text="The record in this API."
    )


def file_url(field_file, request) -> str | None:
    if not field_file:
        return None
    return request.build_absolute_uri(field_file.url) if request else field_file.url
