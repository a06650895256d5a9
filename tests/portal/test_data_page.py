"""/data/: the codebook, the licence, how to cite, and the full dump."""

import gzip
import json

import pytest
from django.core.management import call_command

from practices.models import Practice
from tests.factories import (
    CommitmentFactory,
    FrameworkFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dump_dir(settings, tmp_path):
    settings.DATA_DUMP_DIR = tmp_path / "dumps"
    return settings.DATA_DUMP_DIR


def test_the_page_names_the_licence_and_how_to_cite(visitor, dump_dir):
    page = visitor.get("/data/").content.decode()

    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    assert "How to cite" in page
    assert "has not been generated yet" in page


def test_the_footer_links_the_data_page(visitor):
    assert 'href="/data/"' in visitor.get("/").content.decode()


def test_the_dump_is_a_404_with_a_message_until_it_is_written(visitor, dump_dir):
    response = visitor.get("/data/inclusive-cities-exchange.jsonl.gz")

    assert response.status_code == 404
    assert "not ready yet" in response.content.decode()


def test_export_dump_writes_every_published_record_and_the_page_offers_it(visitor, dump_dir):
    commitment = CommitmentFactory(framework=FrameworkFactory(slug="plan"), number=1, slug="plan-1")
    practice = PracticeFactory(slug="triec", commitments=[commitment])
    OutcomeFactory(practice=practice, label="Placed in internships")
    PracticeFactory(slug="secret-draft", status=Practice.Status.DRAFT)
    OutcomeFactory(practice=Practice.objects.get(slug="secret-draft"), label="Draft outcome")
    PublicationFactory(slug="workshop")

    call_command("export_dump", stdout=open("/dev/null", "w"))  # noqa: SIM115

    files = list(dump_dir.iterdir())
    assert [path.name for path in files] == ["inclusive-cities-exchange.jsonl.gz"]
    with gzip.open(files[0], "rt", encoding="utf-8") as dump:
        records = [json.loads(line) for line in dump]
    kinds = {(record["type"], record.get("slug") or record.get("label")) for record in records}
    assert ("practice", "triec") in kinds
    assert ("outcome", "Placed in internships") in kinds
    assert ("publication", "workshop") in kinds
    assert ("framework", "plan") in kinds
    assert ("commitment", "plan-1") in kinds
    assert ("practice", "secret-draft") not in kinds
    assert ("outcome", "Draft outcome") not in kinds
    assert records[0]["type"] == "dataset"
    assert records[0]["license"]["name"] == "CC BY 4.0"

    page = visitor.get("/data/").content.decode()
    assert 'href="/data/inclusive-cities-exchange.jsonl.gz"' in page
    response = visitor.get("/data/inclusive-cities-exchange.jsonl.gz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert "CC BY 4.0" in response["X-License"]
    assert gzip.decompress(b"".join(response.streaming_content)).startswith(b'{"type": "dataset"')


def test_a_failed_dump_leaves_the_previous_one(dump_dir, monkeypatch):
    import portal.dump

    PracticeFactory(slug="triec")
    call_command("export_dump", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = (dump_dir / "inclusive-cities-exchange.jsonl.gz").read_bytes()

    def broken():
        yield {"type": "dataset"}
        raise RuntimeError("database went away")

    monkeypatch.setattr(portal.dump, "dump_records", broken)
    with pytest.raises(RuntimeError):
        call_command("export_dump")

    assert (dump_dir / "inclusive-cities-exchange.jsonl.gz").read_bytes() == before
    assert sorted(path.name for path in dump_dir.iterdir()) == [
        "inclusive-cities-exchange.jsonl.gz"
    ]
