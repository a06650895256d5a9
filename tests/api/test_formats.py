"""CSV for the practices and publications lists, GeoJSON for cities."""

import csv
import io
import json

import pytest

from practices.api import PracticeCSVSerializer
from publications.api import PublicationCSVSerializer

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_practices_as_csv_with_filters_applied(api, catalogue):
    response = api.get("/api/v1/practices/?format=csv&theme=education&region=europe")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="practices.csv"'
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == PracticeCSVSerializer.Meta.fields
    records = rows(response)
    assert sorted(row["slug"] for row in records) == ["citizenship-fund", "welcome-classes"]
    fund = next(row for row in records if row["slug"] == "citizenship-fund")
    assert fund["cities"] == "The Hague"
    assert fund["countries"] == "NL"
    assert fund["partners"] == "TRIEC"
    assert fund["outcomes"] == "Projects funded: 42"
    assert fund["ongoing"] == "false"
    assert fund["url"] == "http://testserver/practices/citizenship-fund/"
    assert fund["api_url"] == "http://testserver/api/v1/practices/citizenship-fund/"


def test_csv_joins_several_values_in_one_cell(api, catalogue):
    records = rows(api.get("/api/v1/practices/?format=csv&city=toronto"))

    assert [row["themes"] for row in records] == ["Education; Employment"]


def test_csv_has_every_matching_record_not_one_page(api, catalogue):
    records = rows(api.get("/api/v1/practices/?format=csv&page_size=1"))

    assert len(records) == 3
    assert "secret-draft" not in {row["slug"] for row in records}


def test_publications_as_csv(api, catalogue):
    response = api.get("/api/v1/publications/?format=csv&kind=workshop-report")

    assert response["Content-Disposition"] == 'attachment; filename="publications.csv"'
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == PublicationCSVSerializer.Meta.fields
    (row,) = rows(response)
    assert row["slug"] == "workshop-on-citizenship"
    assert row["event_city"] == "The Hague"
    assert row["practices"] == "citizenship-fund"  # the draft it also documents is left out
    assert row["contributors"] == "A. Author"


def test_csv_survives_commas_quotes_and_newlines(api, catalogue):
    from practices.models import Practice

    Practice.objects.filter(slug="career-bridge").update(summary='One, "two"\nthree')
    (row,) = rows(api.get("/api/v1/practices/?format=csv&city=toronto"))

    assert row["summary"] == 'One, "two"\nthree'


def test_cities_as_geojson(api, catalogue):
    response = api.get("/api/v1/cities/?format=geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "cities.geojson" in response["Content-Disposition"]
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["slug"]: f for f in collection["features"]}
    assert set(features) == {"the-hague", "toronto"}  # Berlin has no coordinates
    toronto = features["toronto"]
    assert toronto["geometry"] == {"type": "Point", "coordinates": [-79.34702, 43.65107]}
    assert toronto["properties"] == {
        "name": "Toronto",
        "slug": "toronto",
        "country": "CA",
        "region": "americas",
        "practice_count": 1,
        "url": "http://testserver/cities/toronto/",
    }


def test_geojson_takes_the_city_filters(api, catalogue):
    collection = json.loads(api.get("/api/v1/cities/?format=geojson&region=europe").content)

    assert [f["properties"]["slug"] for f in collection["features"]] == ["the-hague"]


def test_formats_are_only_offered_on_their_lists(api, catalogue):
    assert api.get("/api/v1/cities/?format=csv").status_code == 406
    assert api.get("/api/v1/practices/?format=geojson").status_code == 406
    assert api.get("/api/v1/cities/toronto/?format=geojson").status_code == 406


def test_format_wins_over_the_accept_header(api, catalogue):
    response = api.get("/api/v1/practices/?format=csv", HTTP_ACCEPT="application/json")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
