"""The API takes what its schema says and refuses the rest with a 400 naming the field."""

from decimal import Decimal

import pytest

from practices.models import Practice
from tests.api.test_write import NEW_PRACTICE

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=", "page"),
        ("page_size=", "page_size"),
        ("year_from=", "year_from"),
        ("ordering=", "ordering"),
        ("theme=", "theme"),
        ("theme=education&theme=", "theme"),
        ("format=", "format"),
        ("page=1&page=2", "page"),
        ("page_size=5&page_size=x", "page_size"),
        ("year_from=1990&year_from=2000", "year_from"),
        ("ongoing=true&ongoing=false", "ongoing"),
        ("format=json&format=csv", "format"),
    ],
)
def test_empty_values_and_repeated_single_values_are_400(api, catalogue, query, field):
    response = api.get(f"{LIST}?{query}")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_list_filters_still_take_several_values_and_q_may_be_empty(api, catalogue):
    response = api.get(f"{LIST}?theme=education&theme=employment&q=")

    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cities": {}}, "cities"),
        ({"cities": {"toronto": 1}}, "cities"),
        ({"themes": "employment"}, "themes"),
        ({"lessons": 0}, "lessons"),
        ({"title": ["Career Bridge"]}, "title"),
        ({"start_year": "2003"}, "start_year"),
        ({"start_year": 2003.0}, "start_year"),
        ({"start_year": True}, "start_year"),
        ({"funding_amount": "1500000"}, "funding_amount"),
        ({"funding_amount": -1}, "funding_amount"),
        ({"outcomes": [{"label": 5, "value": 1}]}, "outcomes.0.label"),
        ({"outcomes": [{"label": "People", "value": "380"}]}, "outcomes.0.value"),
    ],
)
def test_wrong_json_types_are_400(partner_client, catalogue, change, field):
    response = partner_client.post(LIST, {**NEW_PRACTICE, **change}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Practice.objects.filter(title=NEW_PRACTICE["title"]).exists()


def test_decimals_are_rounded_to_their_places(partner_client, catalogue):
    body = {
        **NEW_PRACTICE,
        "funding_amount": 1500000.125,
        "outcomes": [{"label": "Share placed", "value": 0.30000000000000004, "unit": "%"}],
    }

    response = partner_client.post(LIST, body, format="json")

    assert response.status_code == 201
    practice = Practice.objects.get(slug=response.json()["slug"])
    assert practice.funding_amount == Decimal("1500000.12")
    assert practice.outcomes.get().value == Decimal("0.30")


def test_the_schema_states_the_limits(api):
    schema = api.get("/api/schema/?format=json").json()["components"]["schemas"]
    funding = schema["PracticeWriteRequest"]["properties"]["funding_amount"]

    assert funding["minimum"] == 0
    currency = schema["PracticeWriteRequest"]["properties"]["funding_currency"]
    assert {"type": "string", "pattern": "^[A-Z]{3}$"} in currency["oneOf"]


def test_an_empty_comma_separated_ordering_is_the_default_order(api, catalogue):
    assert api.get("/api/v1/cities/?ordering=").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/cities/?format=geojson", f"{LIST}?format=csv"])
def test_an_undeclared_method_is_405_whatever_the_format(partner_client, catalogue, url):
    response = partner_client.generic("TRACE", url)

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_the_schema_says_text_has_no_nul_and_required_text_is_not_blank(api):
    import re

    schema = api.get("/api/schema/?format=json").json()
    title = schema["components"]["schemas"]["PracticeWriteRequest"]["properties"]["title"]
    (q,) = [p for p in schema["paths"][LIST]["get"]["parameters"] if p["name"] == "q"]

    assert q["schema"]["maxLength"] == 200
    for value, valid in [("Fund", True), (" Fund ", True), ("   ", False), ("a\x00", False)]:
        assert bool(re.search(title["pattern"], value)) is valid, value
    assert not re.search(q["schema"]["pattern"], "a\x00")


@pytest.mark.parametrize("title", ["   ", "\x1c\u3000"])
def test_blank_text_is_refused_as_the_schema_says(partner_client, catalogue, title):
    response = partner_client.post(LIST, {**NEW_PRACTICE, "title": title}, format="json")

    assert response.status_code == 400
    assert "title" in response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cities/?format=geojson&page_size=x",
        "/api/v1/cities/?format=geojson&page=x",
        "/api/v1/cities/?format=geojson&page_size=0",
        f"{LIST}?format=csv&page_size=101",
        f"{LIST}?format=csv&page_size={'9' * 5000}",
    ],
)
def test_paging_parameters_are_checked_where_a_format_is_not_paged(api, catalogue, url):
    response = api.get(url, HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 400


def test_an_empty_slug_is_not_null(partner_client, catalogue):
    response = partner_client.post(LIST, {**NEW_PRACTICE, "lead_organisation": ""}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"lead_organisation": ["Give a slug, or null for none."]}
    created = partner_client.post(LIST, {**NEW_PRACTICE, "lead_organisation": None}, format="json")
    assert created.status_code == 201 and created.json()["lead_organisation"] is None
