"""Other formats by `?format=`: CSV on the lists that have a download at /data/, GeoJSON on
those with places (core.api.exports). Errors are always JSON (ApiViewMixin.finalize_response).
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer


class ExportRenderer(BaseRenderer):
    """A format a list answers with its streamed download (core.api.exports), never with a
    rendered Response: content negotiation picks it, the export writes the file."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("Lists answer this format with their export.")


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class GeoJSONRenderer(ExportRenderer):
    media_type = "application/geo+json"
    format = "geojson"
    charset = None


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
