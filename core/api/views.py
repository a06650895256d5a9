"""The behaviour every API view shares: errors as JSON, validators for conditional GET,
cache headers, download names, and refusing NUL bytes in the query string."""

import hashlib

from django.db.models import QuerySet
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from core.api.query import check_query_parameters

PUBLIC_MAX_AGE = 60


class ApiViewMixin:
    """Mixed into every API viewset (before the DRF base class)."""

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            # Before content negotiation and authentication: TRACE is a 405, whatever else.
            self.http_method_not_allowed(request)
        super().initial(request, *args, **kwargs)
        for name, values in request.query_params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise ValidationError(
                    {name.replace("\x00", "") or "query": [_("Null characters are not allowed.")]}
                )
        check_query_parameters(request, self)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and not isinstance(
            getattr(response, "accepted_renderer", None), JSONRenderer
        ):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        if response.streaming:
            # A download (core.api.exports): hashing it for an ETag would hold it all in memory.
            return response
        return self._conditional(request, response)

    def _conditional(self, request, response):
        """ETag from the body, Last-Modified from the newest record shown; 304 if unchanged."""
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        last_modified = getattr(self, "last_modified", None)
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        not_modified = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(last_modified.timestamp()) if last_modified else None,
            response=response,
        )
        return not_modified

    def note_modified(self, records) -> None:
        """Remember the newest `updated_at` among the records this response shows."""
        times = [record.updated_at for record in records if getattr(record, "updated_at", None)]
        if times:
            self.last_modified = max(times)

    def filter_queryset(self, queryset):
        # The filters are the list's (the schema documents them there); a record is found by
        # its slug alone, without building the list's FilterSet and its form.
        if getattr(self, "detail", False):
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        if args and self.request is not None and self.request.method in ("GET", "HEAD"):
            instance = args[0]
            records = instance if isinstance(instance, list | QuerySet) else [instance]
            self.note_modified(records)
        return super().get_serializer(*args, **kwargs)


def with_pk_tiebreak(queryset: QuerySet) -> QuerySet:
    """The queryset's order (its own or the model's default), with ties broken by pk."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if any(str(term).lstrip("-") in ("pk", "id") for term in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")
