"""Downloads of every list: the filtered list's records, streamed, safe in a spreadsheet,
carrying the licence."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from tests.factories import (
    CityFactory,
    CommitmentFactory,
    ContributorFactory,
    FrameworkFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response))))


@pytest.fixture
def catalogue():
    employment = ThemeFactory(name="Employment", slug="employment")
    toronto = CityFactory(
        name="Toronto", slug="toronto", country="CA", latitude=43.65, longitude=-79.38
    )
    lyon = CityFactory(name="Lyon", slug="lyon", country="FR", latitude=45.76, longitude=4.83)
    PracticeFactory(slug="triec", title="TRIEC", themes=[employment], cities=[toronto, lyon])
    PracticeFactory(slug="lyon-charter", title="Lyon charter", cities=[lyon])
    PracticeFactory(slug="draft", title="Draft", themes=[employment], status=Practice.Status.DRAFT)
    PublicationFactory(slug="workshop", title="Workshop report", themes=[employment])
    PublicationFactory(slug="paper", title="A paper")
    OrganisationFactory(slug="triec-org", name="TRIEC council", country="CA")


def test_practices_csv_holds_exactly_the_filtered_list(visitor, catalogue):
    listed = visitor.get("/practices/?theme=employment").context["practices"]

    exported = rows(visitor.get("/data/practices.csv?theme=employment"))

    assert [row["slug"] for row in exported] == [practice.slug for practice in listed]
    assert exported[0]["cities"] == "Lyon; Toronto" or exported[0]["cities"] == "Toronto; Lyon"
    assert "draft" not in {row["slug"] for row in rows(visitor.get("/data/practices.csv"))}


def test_every_list_has_a_csv(visitor, catalogue):
    FrameworkFactory(slug="sdgs")
    assert [r["slug"] for r in rows(visitor.get("/data/publications.csv?theme=employment"))] == [
        "workshop"
    ]
    assert {r["slug"] for r in rows(visitor.get("/data/cities.csv?country=CA"))} == {"toronto"}
    assert [r["slug"] for r in rows(visitor.get("/data/organisations.csv?country=CA"))] == [
        "triec-org"
    ]
    CommitmentFactory(framework=FrameworkFactory(slug="plan"), number=5, slug="plan-5")
    assert [r["slug"] for r in rows(visitor.get("/data/frameworks.csv?framework=plan"))] == [
        "plan-5"
    ]
    assert visitor.get("/data/nothing.csv").status_code == 404


def test_practices_geojson_has_a_feature_per_city_and_the_licence(visitor, catalogue):
    collection = json.loads(body(visitor.get("/data/practices.geojson?theme=employment")))

    assert collection["type"] == "FeatureCollection"
    assert collection["license"]["name"] == "CC BY 4.0"
    places = sorted(
        (f["properties"]["slug"], f["properties"]["city"]) for f in collection["features"]
    )
    assert places == [("triec", "Lyon"), ("triec", "Toronto")]
    toronto = next(f for f in collection["features"] if f["properties"]["city"] == "Toronto")
    assert toronto["geometry"] == {"type": "Point", "coordinates": [-79.38, 43.65]}


def test_cities_geojson_honours_the_filters(visitor, catalogue):
    collection = json.loads(body(visitor.get("/data/cities.geojson?region=europe")))
    assert [f["properties"]["slug"] for f in collection["features"]] == ["lyon"]
    assert visitor.get("/data/publications.geojson").status_code == 404


def test_csv_carries_the_licence_and_the_codebook(visitor, catalogue, settings):
    settings.DATA_LICENCE_NAME = "ODbL 1.0"
    settings.DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"

    response = visitor.get("/data/practices.csv")

    assert response["X-License"] == "ODbL 1.0 https://opendatacommons.org/licenses/odbl/1-0/"
    assert 'rel="license"' in response["Link"]
    assert '/data/#practices>; rel="describedby"' in response["Link"]
    assert response["Content-Disposition"] == 'attachment; filename="practices.csv"'


def test_formulas_are_neutralised(visitor):
    PracticeFactory(title='=HYPERLINK("http://evil.example")', summary="+1 then @SUM(A1)")
    PublicationFactory(title="-2+3")

    practice = rows(visitor.get("/data/practices.csv"))[0]
    publication = rows(visitor.get("/data/publications.csv"))[0]

    assert practice["title"].startswith("'=")
    assert practice["summary"].startswith("'+")
    assert publication["title"] == "'-2+3"


def test_columns_are_the_codebooks(visitor, catalogue):
    from portal.exports import EXPORTS

    for name, export in EXPORTS.items():
        header = body(visitor.get(f"/data/{name}.csv")).splitlines()[0]
        assert next(csv.reader([header])) == export.dataset.column_names
    page = visitor.get("/data/").content.decode()
    for export in EXPORTS.values():
        assert f'id="{export.name}"' in page
        for column in export.dataset.columns:
            assert f"<code>{column.name}</code>" in page


def _make_practices(count: int, start: int = 0) -> None:
    framework = FrameworkFactory(slug="plan")
    for n in range(start, start + count):
        city = CityFactory(slug=f"city-{n}", latitude=50, longitude=5)
        organisation = OrganisationFactory(slug=f"org-{n}")
        practice = PracticeFactory(
            slug=f"practice-{n}",
            cities=[city],
            themes=[ThemeFactory(slug=f"theme-{n}")],
            partners=[organisation],
            lead_organisation=organisation,
            commitments=[CommitmentFactory(framework=framework, number=n + 1, slug=f"plan-{n}")],
        )
        OutcomeFactory(practice=practice)
        publication = PublicationFactory(
            slug=f"publication-{n}", practices=[practice], cities=[city], publisher=organisation
        )
        ContributorFactory(publication=publication)


def _export_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        text = body(client.get(url))
    return len(captured), len(text.splitlines())


@pytest.mark.parametrize(
    "url",
    [
        "/data/practices.csv",
        "/data/practices.geojson",
        "/data/publications.csv",
        "/data/cities.csv",
        "/data/cities.geojson",
        "/data/organisations.csv",
        "/data/frameworks.csv",
    ],
)
def test_export_queries_stay_the_same_for_n_and_3n_rows(visitor, url):
    _make_practices(4)
    few, _ = _export_queries(visitor, url)
    _make_practices(8, start=4)
    assert _export_queries(visitor, url)[0] == few


def test_exports_read_a_chunk_at_a_time(visitor, monkeypatch):
    """With chunks of 3, 9 practices take three rounds of the per-chunk reads, not nine."""
    import core.exports

    _make_practices(9)
    monkeypatch.setattr(core.exports, "CHUNK_SIZE", 9)
    one_chunk, lines = _export_queries(visitor, "/data/practices.csv")
    monkeypatch.setattr(core.exports, "CHUNK_SIZE", 3)
    three_chunks, same_lines = _export_queries(visitor, "/data/practices.csv")
    per_chunk = three_chunks - one_chunk
    assert lines == same_lines == 10
    assert 0 < per_chunk <= 2 * 3  # the chunk's relations: a few queries per extra chunk


def test_lists_link_their_downloads_with_the_same_filters(visitor, catalogue):
    practices = visitor.get("/practices/?theme=employment&page=1").content.decode()
    assert 'href="/data/practices.csv?theme=employment"' in practices
    assert 'href="/data/practices.geojson?theme=employment"' in practices
    assert 'href="/data/#practices"' in practices
    publications = visitor.get("/publications/?kind=report").content.decode()
    assert 'href="/data/publications.csv?kind=report"' in publications
    cities = visitor.get("/cities/?country=CA").content.decode()
    assert 'href="/data/cities.geojson?country=CA"' in cities
    assert 'href="/data/cities.csv"' in visitor.get("/cities/").content.decode()
    ignored = visitor.get("/cities/?country=CA&region=atlantis").content.decode()
    assert 'href="/data/cities.csv?country=CA"' in ignored


def test_a_filter_the_list_would_ignore_is_a_400_not_a_bigger_file(visitor, catalogue):
    response = visitor.get("/data/practices.csv?theme=no-such-theme&year_from=abc")

    assert response.status_code == 400
    text = response.content.decode()
    assert "no-such-theme" in text
    assert visitor.get("/data/cities.geojson?region=atlantis").status_code == 400


def test_practice_rows_read_their_relations_as_the_practice_page_shows_them(visitor):
    from decimal import Decimal

    practice = PracticeFactory(slug="placed", start_year=1999, end_year=2001)
    OutcomeFactory(practice=practice, qualifier="about", value=Decimal("1200.50"), unit="people")
    OutcomeFactory(practice=practice, label="Share employed", value=Decimal("35"), unit="%")
    plan = FrameworkFactory(slug="plan", name="Plan")
    practice.commitments.set(
        [CommitmentFactory(framework=plan, number=n, slug=f"plan-{n}") for n in (2, 1)]
    )

    (row,) = rows(visitor.get("/data/practices.csv"))

    shown = [str(outcome) for outcome in practice.outcomes.all()]
    assert row["outcomes"] == "; ".join(shown)
    assert row["outcomes"] == (
        "Immigrants placed in internships: about 1,200.5 people; Share employed: 35%"
    )
    assert row["commitments"] == "plan-1; plan-2"
    assert row["ongoing"] == "false"


def test_a_proposed_organisation_stays_out_of_the_practice_rows(visitor):
    from cities.models import Organisation

    proposed = OrganisationFactory(name="Unconfirmed", status=Organisation.Status.PROPOSED)
    confirmed = OrganisationFactory(name="Confirmed")
    PracticeFactory(lead_organisation=proposed, partners=[proposed, confirmed])

    (row,) = rows(visitor.get("/data/practices.csv"))

    assert row["lead_organisation"] == ""
    assert row["partners"] == "Confirmed"
