"""Other formats by `?format=`: CSV for the practices and publications lists, GeoJSON for cities.

Errors are always JSON (see ApiViewMixin.finalize_response), so these renderers only
ever see a list of serialized records.
"""

import io
import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

from core.spreadsheet import spreadsheet_cell, spreadsheet_writer

LIST_SEPARATOR = "; "


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(_cell(item)) for item in value)
    return value  # numbers stay numbers; spreadsheet_cell makes text safe


def _records(data) -> Iterable[dict]:
    if isinstance(data, dict) and "results" in data:
        return data["results"]
    return data if isinstance(data, list) else []


class CSVRenderer(BaseRenderer):
    """One row per record, in the columns the view's serializer declares, lists joined by "; "."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        columns = list(view.get_serializer_class()().fields) if view is not None else []
        buffer = io.StringIO()
        writer = spreadsheet_writer(buffer)
        writer.writerow(columns)
        for record in _records(data):
            writer.writerow([spreadsheet_cell(_cell(record.get(column))) for column in columns])
        return buffer.getvalue().encode(self.charset)


class GeoJSONRenderer(BaseRenderer):
    """A FeatureCollection of Points ([longitude, latitude]); records without both are left out."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        features = []
        for record in _records(data):
            latitude, longitude = record.get("latitude"), record.get("longitude")
            if latitude is None or longitude is None:
                continue
            properties = {
                key: value for key, value in record.items() if key not in {"latitude", "longitude"}
            }
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(longitude), float(latitude)],
                    },
                    "properties": properties,
                }
            )
        collection = {"type": "FeatureCollection", "features": features}
        return json.dumps(collection, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


class FormatContentNegotiation(DefaultContentNegotiation):
    """`?format=` wins over the Accept header; an unknown format is a 406, not a 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if requested:
            for renderer in renderers:
                if renderer.format == requested:
                    return renderer, renderer.media_type
            raise exceptions.NotAcceptable(
                _("Unknown format. Available here: %(formats)s.")
                % {"formats": ", ".join(renderer.format for renderer in renderers)}
            )
        return super().select_renderer(request, renderers, format_suffix)
