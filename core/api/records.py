"""Fast read paths: serializers that declare a shape for the schema and build it in plain Python.

DRF copies every declared field of a serializer on each request (a ModelSerializer also
introspects its model: a country field alone normalises ~250 choices), then walks the
fields for every record, and a hyperlinked field calls reverse() for every row. On the
read paths that was most of an API response's time. A `RecordSerializer` keeps its
declared fields — drf-spectacular documents them, and tests hold the output to that
schema — but `to_representation` calls `record()`, which builds the dict directly, and a
list loads the relations of all its records at once (`load()`) before building any.
"""

import datetime
import decimal

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from rest_framework import serializers

#: A slug no record has: it marks where the slug goes in an address template.
_SLOT = "slug-slot-0"
#: Path templates by kind of record, URLconf and script prefix: (before, after) the slug.
_PATHS: dict[tuple, tuple[str, str]] = {}


class Links:
    """Absolute addresses of records, from one path template per kind of record.

    Each template comes from the same code as always — the model's get_absolute_url() or
    the API route — called once per process with a placeholder slug; slugs are URL-safe,
    so every other address is the request's scheme and host, then the template with the
    slug put in.
    """

    def __init__(self, request):
        self.request = request
        self._absolute = request.build_absolute_uri if request is not None else str
        self._origin = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self._resolver = (get_urlconf(), get_script_prefix())

    @classmethod
    def of_site(cls) -> "Links":
        """Links on the portal's public address (SITE_URL), where there is no request."""
        links = cls(None)
        links._origin = settings.SITE_URL
        links._absolute = lambda path: f"{settings.SITE_URL}{path}"
        return links

    @classmethod
    def of(cls, request) -> "Links":
        """The request's links (made once per request)."""
        if request is None:
            return cls(None)
        links = getattr(request, "_record_links", None)
        if links is None:
            links = request._record_links = cls(request)
        return links

    def page(self, model: type[models.Model], slug: str) -> str:
        """The record's public page."""
        return self._fill(model, slug, lambda: model(slug=_SLOT).get_absolute_url())

    def api(self, route: str, slug: str) -> str:
        """The record in this API, by the route's name (`practice-detail`)."""
        return self._fill(route, slug, lambda: reverse(f"api:{route}", kwargs={"slug": _SLOT}))

    def absolute(self, path: str) -> str:
        """An address on this site, absolute."""
        return self._absolute(path)

    def file(self, field_file) -> str | None:
        """A stored file's address, or None."""
        return self._absolute(field_file.url) if field_file else None

    def _fill(self, kind, slug: str, path) -> str:
        key = (kind, *self._resolver)
        template = _PATHS.get(key)
        if template is None:
            before, after = path().split(_SLOT, 1)
            template = _PATHS[key] = (before, after)
        return f"{self._origin}{template[0]}{slug}{template[1]}"


def summary_values(record, *names: str) -> tuple:
    """The named values of a summary row (a dict) or of a model instance."""
    if isinstance(record, dict):
        return tuple(record[name] for name in names)
    return tuple(getattr(record, name) for name in names)


def iso_datetime(
    value: datetime.datetime | None, zone: datetime.tzinfo | None = None
) -> str | None:
    """A timestamp as DRF's DateTimeField writes it: ISO 8601, UTC as `Z`; in the current
    time zone, or `zone` (the current one, looked up once for many values)."""
    if value is None:
        return None
    text = (value.astimezone(zone) if zone is not None else timezone.localtime(value)).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def number(value: decimal.Decimal | float | None) -> float | None:
    """A decimal as the API writes it (a JSON number; COERCE_DECIMAL_TO_STRING is off)."""
    return None if value is None else float(value)


class RecordListSerializer(serializers.ListSerializer):
    """Loads the relations of every record at once, then builds each record."""

    def to_representation(self, data):
        records = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        self.child.load(records)
        return [self.child.to_representation(record) for record in records]


class RecordSerializer(serializers.Serializer):
    # A read-only shape: the declared fields document it, `record()` builds it. Subclasses
    # implement `record(instance, links)` and set `Meta.list_serializer_class =
    # RecordListSerializer`; `load(records)` fetches what the records need beyond their own
    # columns, in a fixed number of queries whatever their number. (Comments, not a
    # docstring: drf-spectacular would describe every subclass with an inherited one.)

    def load(self, records: list) -> None:
        """Fetch the relations `record()` reads, for all `records` at once."""

    def record(self, instance, links: Links) -> dict:
        raise NotImplementedError

    def to_representation(self, instance):
        if not isinstance(self.parent, RecordListSerializer):
            self.load([instance])
        return self.record(instance, Links.of(self.context.get("request")))


class RecordModelSerializer(RecordSerializer, serializers.ModelSerializer):
    # A RecordSerializer whose documented fields come from a model, as a ModelSerializer's.
    # DRF only introspects the model when `.fields` is read, which the read path never does;
    # drf-spectacular does, once, when it builds the schema.
    pass
