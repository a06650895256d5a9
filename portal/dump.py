"""The full data dump: everything published, one JSON record a line, gzipped.

`manage.py export_dump` writes it (daily, from cron) into DATA_DUMP_DIR through a
temporary file renamed into place, so a download never sees half a file; /data/ offers it.
Each line is a record with a "type" (practice, outcome, city, organisation, publication,
framework, commitment); the records are the exports' rows (core.exports), so the dump has
the columns the codebook documents.
"""

import gzip
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from cities.exports import CITIES, ORGANISATIONS, export_cities
from cities.models import City, Organisation
from core.api.records import Links, iso_datetime
from core.exports import chunks, licence
from practices.exports import FRAMEWORKS, PRACTICES, export_commitments
from practices.models import Framework, Outcome, Practice
from publications.exports import PUBLICATIONS, export_publications
from publications.models import Publication

DUMP_NAME = "inclusive-cities-exchange.jsonl.gz"


@dataclass
class DumpFile:
    path: Path
    size: int
    modified: datetime


def dump_path() -> Path:
    return Path(settings.DATA_DUMP_DIR) / DUMP_NAME


def current_dump() -> DumpFile | None:
    path = dump_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return DumpFile(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=UTC))


def dump_records():
    """Every published record, as dicts with a "type"; memory stays flat (chunked reads)."""
    links = Links.of_site()
    yield {
        "type": "dataset",
        "title": "Inclusive Cities Exchange",
        "generated_at": iso_datetime(datetime.now(tz=UTC)),
        "license": licence(),
        "codebook": f"{settings.SITE_URL}/data/",
    }
    sources = [
        ("city", CITIES, export_cities(City.objects.order_by("pk"))),
        ("organisation", ORGANISATIONS, Organisation.objects.active().select_related("city")),
        ("practice", PRACTICES, Practice.objects.published().defer("search_vector")),
        ("publication", PUBLICATIONS, export_publications(Publication.objects.published())),
    ]
    for kind, dataset, queryset in sources:
        rows = dataset.row_builder()
        for chunk in chunks(dataset.records(queryset.order_by("pk"))):
            for row in rows(chunk, links):
                yield {"type": kind, **row}
    outcomes = Outcome.objects.filter(practice__status=Practice.Status.PUBLISHED)
    for chunk in chunks(outcomes.select_related("practice").order_by("practice_id", "position")):
        for outcome in chunk:
            yield {
                "type": "outcome",
                "practice": outcome.practice.slug,
                "label": outcome.label,
                "qualifier": outcome.qualifier,
                "value": outcome.value,
                "unit": outcome.unit,
                "year": outcome.year,
                "source": outcome.source,
            }
    for framework in Framework.objects.order_by("pk"):
        yield {
            "type": "framework",
            "slug": framework.slug,
            "name": framework.name,
            "short_name": framework.short_name,
            "description": framework.description,
            "adopted_year": framework.adopted_year,
            "website": framework.website,
            "url": links.page(Framework, framework.slug),
        }
    for chunk in chunks(export_commitments()):
        for row in FRAMEWORKS.rows(chunk, links):
            yield {"type": "commitment", **row}


def write_dump() -> DumpFile:
    """Write the dump beside its final place, then rename it there in one step."""
    target = dump_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".dump-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
            for record in dump_records():
                line = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
                out.write(line.encode("utf-8") + b"\n")
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return current_dump()
