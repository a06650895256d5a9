"""The OpenAPI schema is valid, complete, and the API's responses conform to it."""

import re

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.fixture
def openapi(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_documents_every_resource_and_the_filters(openapi):
    paths = openapi["paths"]
    for resource in ("cities", "organisations", "themes", "target-groups", "practices"):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{slug}}/" in paths
    parameters = {p["name"]: p for p in paths["/api/v1/practices/"]["get"]["parameters"]}
    for name in [
        "q",
        "theme",
        "city",
        "country",
        "region",
        "target_group",
        "instrument",
        "scope",
        "ongoing",
        "year_from",
        "year_to",
        "organisation",
        "framework",
        "commitment",
        "ordering",
        "page",
        "page_size",
        "format",
    ]:
        assert name in parameters, name
    assert parameters["ordering"]["schema"]["enum"] == [
        "-last_verified",
        "-start_year",
        "last_verified",
        "newest",
        "relevance",
        "start_year",
        "title",
    ]
    assert parameters["region"]["schema"]["items"]["enum"] == [
        "africa",
        "americas",
        "asia",
        "europe",
        "oceania",
    ]
    assert parameters["year_from"]["schema"]["type"] == "integer"
    assert "whose years are not known are left out" in parameters["year_from"]["description"]
    assert "start year is not known are left out" in parameters["year_to"]["description"]
    publication_parameters = {
        p["name"] for p in paths["/api/v1/publications/"]["get"]["parameters"]
    }
    assert {"kind", "year"} <= publication_parameters


def test_every_operation_documents_the_error_shape(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for code in ("401", "404", "405", "406", "429"):
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, code)
                assert content["examples"]
            if method in ("post", "patch"):
                assert {"400", "403", "409"} <= set(operation["responses"])
    list_responses = openapi["paths"]["/api/v1/practices/"]["get"]["responses"]
    assert set(list_responses["200"]["content"]) == {
        "application/json",
        "text/csv",
        "application/geo+json",
    }
    assert "400" in list_responses and "304" in list_responses
    assert "Retry-After" in list_responses["429"]["headers"]
    assert "ETag" in list_responses["200"]["headers"]


def test_swagger_ui_is_served_from_local_static_files(api):
    response = api.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    # Every script, stylesheet and icon; links to pages are the site's frame.
    sources = re.findall(r"""<(?:script|img)[^>]* src=["']([^"']+)["']""", html)
    sources += re.findall(r"""<link[^>]* href=["']([^"']+)["']""", html)
    assert any("swagger-ui" in source for source in sources)
    local = [
        source
        for source in sources
        if source.startswith(("/static/", "/api/docs/?script", "/feeds/"))
    ]
    assert local == sources
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    start_up = api.get("/api/docs/?script=")
    assert start_up.status_code == 200
    assert "/api/schema/" in start_up.content.decode()


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }


def test_responses_conform_to_the_schema(catalogue, unthrottled, connection_kept_open):
    """A bounded, deterministic schemathesis run over every GET operation."""
    from portal.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 17

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=12,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(checks=checks)

        run()


def _resolve(openapi: dict, schema: dict) -> dict:
    while "$ref" in schema or "allOf" in schema:
        if "allOf" in schema:
            schema = schema["allOf"][0]
            continue
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _assert_exact_shape(openapi: dict, schema: dict, value, where: str) -> None:
    """Every object has exactly the documented properties (only optional ones may be missing)."""
    schema = _resolve(openapi, schema)
    if isinstance(value, dict) and "properties" in schema:
        documented, required = set(schema["properties"]), set(schema.get("required", []))
        assert required <= set(value) <= documented, (where, set(value) ^ documented)
        for name, item in value.items():
            _assert_exact_shape(openapi, schema["properties"][name], item, f"{where}.{name}")
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _assert_exact_shape(openapi, schema["items"], item, f"{where}[{index}]")


@pytest.mark.parametrize(
    "url, path",
    [
        ("/api/v1/practices/", "/api/v1/practices/"),
        ("/api/v1/practices/citizenship-fund/", "/api/v1/practices/{slug}/"),
        ("/api/v1/practices/career-bridge/", "/api/v1/practices/{slug}/"),
        ("/api/v1/publications/", "/api/v1/publications/"),
        ("/api/v1/publications/workshop-on-citizenship/", "/api/v1/publications/{slug}/"),
        ("/api/v1/cities/", "/api/v1/cities/"),
        ("/api/v1/organisations/triec/", "/api/v1/organisations/{slug}/"),
    ],
)
def test_reads_have_exactly_the_documented_fields(api, openapi, catalogue, url, path):
    """The read paths build their records by hand (core.api.records); the schema still says
    exactly what they hold, nested records included."""
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]

    _assert_exact_shape(openapi, schema["schema"], api.get(url).json(), url)
