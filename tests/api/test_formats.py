"""`?format=csv` on the lists with a /data/ download, `?format=geojson` on practices and
cities: the same streamed file as the download, with the API's filters."""

import csv
import io
import json

import pytest

from portal.exports import EXPORTS

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return response.getvalue().decode("utf-8")


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text(response))))


def test_practices_as_csv_with_filters_applied(api, catalogue):
    response = api.get("/api/v1/practices/?format=csv&theme=education&region=europe")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="practices.csv"'
    body = text(response)
    assert next(csv.reader(io.StringIO(body))) == EXPORTS["practices"].dataset.column_names
    records = list(csv.DictReader(io.StringIO(body)))
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
    body = text(response)
    assert next(csv.reader(io.StringIO(body))) == EXPORTS["publications"].dataset.column_names
    (row,) = csv.DictReader(io.StringIO(body))
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
    collection = json.loads(text(response))
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["slug"]: f for f in collection["features"]}
    assert set(features) == {"the-hague", "toronto"}  # Berlin has no coordinates
    toronto = features["toronto"]
    assert toronto["geometry"] == {"type": "Point", "coordinates": [-79.34702, 43.65107]}
    properties = toronto["properties"]
    assert list(properties) == EXPORTS["cities"].dataset.column_names
    assert properties["region"] == "americas"
    assert properties["practice_count"] == 1
    assert properties["url"] == "http://testserver/cities/toronto/"


def test_geojson_takes_the_city_filters(api, catalogue):
    collection = json.loads(text(api.get("/api/v1/cities/?format=geojson&region=europe")))

    assert [f["properties"]["slug"] for f in collection["features"]] == ["the-hague"]


def test_formats_are_only_offered_on_their_lists(api, catalogue):
    assert api.get("/api/v1/themes/?format=csv").status_code == 406
    assert api.get("/api/v1/publications/?format=geojson").status_code == 406
    assert api.get("/api/v1/cities/toronto/?format=geojson").status_code == 406
    assert api.get("/api/v1/practices/career-bridge/?format=csv").status_code == 406


@pytest.mark.parametrize(
    ("api_list", "download"),
    [
        ("/api/v1/practices/?format=csv&theme=education", "/data/practices.csv?theme=education"),
        (
            "/api/v1/practices/?format=geojson&region=europe",
            "/data/practices.geojson?region=europe",
        ),
        (
            "/api/v1/publications/?format=csv&kind=workshop-report",
            "/data/publications.csv?kind=workshop-report",
        ),
        ("/api/v1/cities/?format=csv&region=europe", "/data/cities.csv?region=europe"),
        ("/api/v1/cities/?format=geojson", "/data/cities.geojson"),
        ("/api/v1/organisations/?format=csv", "/data/organisations.csv"),
        ("/api/v1/commitments/?format=csv", "/data/frameworks.csv"),
    ],
)
def test_an_api_format_is_the_download_of_the_same_list(api, catalogue, api_list, download):
    assert text(api.get(api_list)) == text(api.get(download))


def test_an_api_format_answers_a_bad_filter_with_json(api, catalogue):
    response = api.get("/api/v1/practices/?format=csv&theme=no-such-theme")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "theme" in response.json()["errors"]


def test_the_download_says_where_its_columns_are_described(api, catalogue):
    response = api.get("/api/v1/practices/?format=csv")

    assert 'rel="describedby"' in response["Link"]
    assert "/data/#practices" in response["Link"]
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}


def test_format_wins_over_the_accept_header(api, catalogue):
    response = api.get("/api/v1/practices/?format=csv", HTTP_ACCEPT="application/json")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
