"""GET /api/v1/suggest/?q=: prefix suggestions for the search box, on the seed data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CityFactory, OrganisationFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/suggest/"


@pytest.fixture
def seeded():
    call_command("load_initial_data", stdout=StringIO())


def labels(response, kind=None) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["label"] for r in response.json()["results"] if kind in (None, r["type"])]


def test_citiz_offers_the_citizenship_fund(api, seeded):
    response = api.get(URL, {"q": "citiz"})

    results = response.json()["results"]
    fund = next(r for r in results if r["label"].startswith("Citizenship Fund"))
    assert fund == {
        "type": "practice",
        "label": "Citizenship Fund and Citizenship Award, The Hague",
        "url": "http://testserver/practices/the-hague-citizenship-fund/",
    }
    assert response.json()["query"] == "citiz"


def test_accents_and_case_aside_every_kind_is_offered(api):
    CityFactory(name="São Paulo", slug="sao-paulo")
    ThemeFactory(name="Housing", slug="housing")
    OrganisationFactory(name="Toronto Region Immigrant Employment Council", acronym="TRIEC")
    PracticeFactory(title="Housing first in São Paulo")
    PracticeFactory(title="Secret housing pilot", status="draft")

    assert labels(api.get(URL, {"q": "sao p"}), "city") == ["São Paulo"]
    assert labels(api.get(URL, {"q": "SAO"}), "practice") == ["Housing first in São Paulo"]
    assert labels(api.get(URL, {"q": "hous"})) == ["Housing", "Housing first in São Paulo"]
    assert labels(api.get(URL, {"q": "triec"}), "organisation") == [
        "Toronto Region Immigrant Employment Council"
    ]


def test_words_must_start_a_word(api):
    PracticeFactory(title="Restart programme")
    assert labels(api.get(URL, {"q": "start"})) == []


@pytest.mark.parametrize("q", ["", " ", "a"])
def test_too_little_typed_offers_nothing(api, q):
    assert labels(api.get(URL, {"q": q})) == []


def test_too_much_typed_is_a_clear_error(api):
    response = api.get(URL, {"q": "x" * 101})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


@pytest.mark.parametrize("q", ["((", "\\", "[a-", "*", ".*", "ő"])
def test_odd_input_never_fails(api, q):
    assert api.get(URL, {"q": q}).status_code == 200


def test_the_same_queries_for_one_and_many_matches(api):
    def grow(count):
        for _ in range(count):
            ThemeFactory(name=f"Mentoring {ThemeFactory._meta.model.objects.count()}")
            CityFactory(name="Mentor City")
            OrganisationFactory(name="Mentoring Network")
            PracticeFactory(title="Mentoring programme")

    grow(1)
    with CaptureQueriesContext(connection) as few:
        assert api.get(URL, {"q": "mentor"}).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as many:
        response = api.get(URL, {"q": "mentor"})
    assert len(many) == len(few)
    assert len(labels(response, "practice")) == 5


def test_the_schema_documents_the_endpoint_and_its_response(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    operation = paths["/api/v1/suggest/"]["get"]
    q = next(p for p in operation["parameters"] if p["name"] == "q")
    assert (q["in"], q.get("required", False)) == ("query", False)  # no q: no suggestions
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/SuggestResponse")


def test_the_api_root_lists_the_suggestions(api):
    response = api.get("/api/v1/")

    assert response.status_code == 200
    assert response.json()["suggest"] == "http://testserver/api/v1/suggest/"
    assert api.get(response.json()["suggest"], {"q": "citiz"}).status_code == 200
