"""Streamed exports: CSV and GeoJSON files of any list, however long, in flat memory.

A `Dataset` names its columns once (`Column`: name and meaning); the CSV header, each row
and the codebook at /data/ all come from that tuple, so the documentation cannot drift
from the files. Records are read with `QuerySet.iterator()` and handed to the dataset's
`rows` a chunk at a time, so what a chunk needs beyond its own columns is read in a fixed
number of queries per chunk and nothing is held after the chunk is written.
"""

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.functional import lazy

from core.spreadsheet import spreadsheet_cell, spreadsheet_writer

#: Records read and written per chunk.
CHUNK_SIZE = 1000
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class Dataset:
    """One export: its columns, and `rows(chunk, links)` giving a dict per record with
    exactly those keys (a missing one is a KeyError, not an empty cell). With `values`, a
    chunk is the records' `.values(*values)` dicts rather than model instances: building
    models is most of an export's time when it has many rows."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[..., Iterable[dict]]
    values: tuple[str, ...] = ()
    #: What every chunk of one export shares, read once at its start: keyword arguments
    #: for `rows` (e.g. the names of the few hundred records the rows refer to).
    prepare: Callable[[], dict] | None = None

    def row_builder(self) -> Callable[[list, object], Iterable[dict]]:
        """`rows` for one export, with what `prepare` reads once for all its chunks."""
        if self.prepare is None:
            return self.rows
        return functools.partial(self.rows, **self.prepare())

    def records(self, queryset: QuerySet) -> QuerySet:
        """The queryset as this dataset's chunks are read from it."""
        return queryset.values(*self.values) if self.values else queryset

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def choice_list(choices) -> str:
    """Choices as the codebook lists them: "`city` (City), `national` (National)"."""
    return ", ".join(f"`{value}` ({label})" for value, label in choices)


def _describe_choices(description: str, choices) -> str:
    return description % {"choices": choice_list(choices)}


#: A column's description naming its choices, `%(choices)s` in it, translated (description
#: and labels alike) when the codebook shows it rather than when the module is imported.
described_with_choices = lazy(_describe_choices, str)


def licence() -> dict[str, str]:
    return {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL}


def chunks(queryset: QuerySet, size: int | None = None) -> Iterator[list]:
    """The queryset's records, `size` at a time, from one database cursor."""
    size = size or CHUNK_SIZE
    records = queryset.iterator(chunk_size=size)
    while chunk := list(islice(records, size)):
        yield chunk


def records(dataset: Dataset, queryset: QuerySet, links) -> Iterator[dict]:
    rows = dataset.row_builder()
    for chunk in chunks(dataset.records(queryset)):
        yield from rows(chunk, links)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(csv_cell(item)) for item in value)
    return value


class _Line:
    """A file-like object that hands back what the csv writer wrote."""

    def write(self, text: str) -> str:
        return text


def csv_lines(dataset: Dataset, rows: Iterable[dict]) -> Iterator[str]:
    writer = spreadsheet_writer(_Line())
    names = dataset.column_names
    yield writer.writerow(names)
    for row in rows:
        yield writer.writerow(
            [
                spreadsheet_cell(value if value.__class__ is str else csv_cell(value))
                for value in map(row.__getitem__, names)
            ]
        )


def geojson_chunks(features: Iterable[dict]) -> Iterator[str]:
    """A FeatureCollection with the data's licence, written a feature at a time."""
    head = json.dumps({"type": "FeatureCollection", "license": licence()})
    yield head[:-1] + ', "features": ['
    for number, feature in enumerate(features):
        text = json.dumps(feature, cls=DjangoJSONEncoder, ensure_ascii=False)
        yield ("," if number else "") + text
    yield "]}"


def point_feature(properties: dict, latitude, longitude) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
        "properties": properties,
    }


def download(
    content: Iterable[str], *, filename: str, content_type: str, codebook_url: str
) -> StreamingHttpResponse:
    """A streamed attachment that says under which licence its data may be reused."""
    response = StreamingHttpResponse(
        (part.encode("utf-8") for part in content), content_type=content_type
    )
    terms = licence()
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-License"] = f"{terms['name']} {terms['url']}"
    response["Link"] = f'<{terms["url"]}>; rel="license", <{codebook_url}>; rel="describedby"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_links(name: str, query, *, geojson: bool = False) -> dict[str, str]:
    """Addresses of a list's downloads for its current query string (without its page), and
    of their codebook, for the list's page (`includes/download_links.html`)."""
    query = query.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    suffix = f"?{encoded}" if encoded else ""
    links = {
        "csv": reverse("exports:csv", kwargs={"name": name}) + suffix,
        "codebook": f"{reverse('data')}#{name}",
    }
    if geojson:
        links["geojson"] = reverse("exports:geojson", kwargs={"name": name}) + suffix
    return links
