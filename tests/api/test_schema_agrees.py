"""Where a value is valid by the schema exactly when the API accepts it (schemathesis'
findings): websites, the Idempotency-Key header, and the token security scheme."""

import re

import jsonschema
import pytest

from practices.models import Practice

pytestmark = pytest.mark.django_db

PRACTICES = "/api/v1/practices/"
BODY = {"title": "Help desk", "summary": "A front desk for newcomers."}


@pytest.fixture
def openapi(api):
    return api.get("/api/schema/?format=json").json()


def schema_accepts(schema, value) -> bool:
    try:
        jsonschema.validate(value, schema, format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("website", "valid"),
    [
        ("https://www.example.org/path?q=1#top", True),
        (f"https://{'a' * 63}.example.org/", True),
        (f"https://{'a' * 64}.example.org/", False),  # a DNS label has at most 63 characters
        (f"https://example.{'a' * 64}/", False),
        ("https://example.org/a b", False),
        ("ftp://example.org/", False),
        ("", True),
    ],
)
def test_a_website_is_valid_in_the_schema_exactly_when_the_api_takes_it(
    partner_client, openapi, website, valid
):
    schema = openapi["components"]["schemas"]["PracticeWriteRequest"]["properties"]["website"]

    response = partner_client.post(PRACTICES, {**BODY, "website": website}, format="json")

    assert schema_accepts(schema, website) is valid
    assert response.status_code == (201 if valid else 400)
    if not valid:
        assert "website" in response.json()["errors"]


def idempotency_schema(openapi):
    parameters = openapi["paths"][PRACTICES]["post"]["parameters"]
    return next(p for p in parameters if p["name"] == "Idempotency-Key")["schema"]


@pytest.mark.parametrize(
    "key",
    [
        "6f1c2d4e8a9b4c3d9e8f7a6b5c4d3e2f",  # Python's UUID() reads these three; HTTP clients
        "{6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f}",  # and the schema's format: uuid do not
        "urn:uuid:6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f",
        " 6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f",
        "",
    ],
)
def test_an_idempotency_key_that_is_not_a_uuid_is_400(partner_client, openapi, key):
    assert not re.search(idempotency_schema(openapi)["pattern"], key)

    response = partner_client.post(PRACTICES, BODY, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == 400
    assert "Give a UUID" in response.json()["errors"]["Idempotency-Key"][0]
    assert not Practice.objects.exists()


def test_a_uuid_idempotency_key_is_taken(partner_client, openapi):
    key = "6F1C2D4E-8A9B-4C3D-9E8F-7A6B5C4D3E2F"
    assert re.search(idempotency_schema(openapi)["pattern"], key)

    response = partner_client.post(PRACTICES, BODY, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == 201


def test_the_schema_says_how_partners_send_their_token(openapi):
    scheme = openapi["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "Token <key>" in scheme["description"]
    create = openapi["paths"][PRACTICES]["post"]
    assert {"tokenAuth": []} in create["security"]


def test_an_empty_cursor_is_400_and_the_schema_says_a_cursor_is_never_empty(api, openapi):
    parameters = openapi["paths"]["/api/v1/themes/"]["get"]["parameters"]
    cursor = next(p for p in parameters if p["name"] == "cursor")

    assert cursor["schema"]["minLength"] == 1
    assert api.get("/api/v1/themes/?cursor=").status_code == 400


def suggest_q(openapi):
    parameters = openapi["paths"]["/api/v1/suggest/"]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == "q")


def test_suggest_without_q_offers_nothing_and_the_schema_says_q_is_optional(api, openapi):
    q = suggest_q(openapi)

    assert (q["name"], q.get("required", False)) == ("q", False)
    assert api.get("/api/v1/suggest/").json() == {"query": "", "results": []}


def test_suggest_refuses_q_past_the_schemas_max_length_even_with_spaces(api, openapi):
    q = suggest_q(openapi)
    too_long = "a" * q["schema"]["maxLength"] + " "

    assert api.get("/api/v1/suggest/", {"q": too_long}).status_code == 400
    assert api.get("/api/v1/suggest/", {"q": " citiz "}).json()["query"] == "citiz"
