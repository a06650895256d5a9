"""`?format=csv` and `?format=geojson` on the API's lists: the /data/ download of the same
list (portal.exports), filtered by the API's own filters, streamed, every matching record.

One set of columns per list: the export's, documented in the codebook at /data/. The file
is streamed, so it has no ETag (that would need the whole body first; see
ApiViewMixin.finalize_response); it carries the export's licence and codebook links.
"""

from django.urls import reverse

from core.api.records import Links
from core.api.renderers import CSVRenderer, GeoJSONRenderer


def _export(name: str):
    from portal.exports import EXPORTS  # portal.exports imports every app's API

    return EXPORTS[name]


class ExportFormatsMixin:
    """For a list viewset with an export (`export_name`, a key of portal.exports.EXPORTS):
    adds `csv`, and `geojson` when the export has places, to the list's formats. Put it
    before ApiViewMixin."""

    export_name: str

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action != "list":
            return renderers
        formats = [CSVRenderer()]
        if _export(self.export_name).features is not None:
            formats.append(GeoJSONRenderer())
        return [*renderers, *formats]

    @property
    def export_format(self) -> str | None:
        renderer = getattr(self.request, "accepted_renderer", None)
        if isinstance(renderer, CSVRenderer | GeoJSONRenderer):
            return renderer.format
        return None

    def list(self, request, *args, **kwargs):
        if self.export_format is None:
            return super().list(request, *args, **kwargs)
        from portal.exports import export_response

        export = _export(self.export_name)
        # The API's filters (400 JSON on a bad value), on the records the export reads.
        queryset = self.filter_queryset(export.queryset())
        return export_response(
            export,
            queryset,
            self.export_format,
            Links.of(request),
            codebook_url=request.build_absolute_uri(f"{reverse('data')}#{export.name}"),
        )
