"""The home page and the site-wide search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from tests.factories import (
    CityFactory,
    OrganisationFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    employment = ThemeFactory(name="Employment", slug="employment")
    ThemeFactory(name="Housing", slug="housing")
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    triec = PracticeFactory(
        title="TRIEC mentoring partnership",
        summary="Mentoring for skilled immigrants.",
        themes=[employment],
        cities=[toronto],
    )
    PracticeFactory(title="Secret draft mentoring", themes=[employment], status="draft")
    PracticeFactory(title="Submitted mentoring", cities=[toronto], status="submitted")
    PublicationFactory(title="Mentoring in Toronto: a report", practices=[triec])
    PublicationFactory(title="Draft mentoring report", status="draft")
    OrganisationFactory(name="Toronto Region Immigrant Employment Council", acronym="TRIEC")
    return triec


def test_the_home_page_introduces_the_portal(visitor, catalogue):
    response = visitor.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/search/"' in html
    assert "Employment" in html
    assert "1 practice" in html  # employment counts only the published one
    assert "0 practices" in html  # housing
    assert "TRIEC mentoring partnership" in html
    assert "Secret draft mentoring" not in html
    assert 'href="/cities/toronto/"' in html
    assert "Mentoring in Toronto: a report" in html
    assert "Draft mentoring report" not in html
    themes = {theme.slug: theme.practice_count for theme in response.context["themes"]}
    assert themes == {"employment": 1, "housing": 0}
    assert [city.practice_count for city in response.context["cities"]] == [1]


def test_search_groups_published_matches_by_type(visitor, catalogue):
    response = visitor.get("/search/?q=mentoring")

    html = response.content.decode()
    groups = {group["kind"]: group for group in response.context["groups"]}
    assert [p.title for p in groups["practices"]["items"]] == ["TRIEC mentoring partnership"]
    assert groups["practices"]["count"].value == 1
    assert [p.title for p in groups["publications"]["items"]] == ["Mentoring in Toronto: a report"]
    assert "Secret draft mentoring" not in html
    assert "Submitted mentoring" not in html
    assert "Draft mentoring report" not in html
    assert 'href="/practices/?q=mentoring"' in html
    assert 'href="/publications/?q=mentoring"' in html


def test_search_finds_cities_and_organisations(visitor, catalogue):
    response = visitor.get("/search/?q=Toronto")

    groups = {group["kind"]: group for group in response.context["groups"]}
    assert [city.name for city in groups["cities"]["items"]] == ["Toronto"]
    assert groups["organisations"]["count"].value == 1
    assert 'href="/cities/?q=Toronto"' in response.content.decode()


def test_search_shows_the_top_few_and_links_to_the_full_list(visitor):
    for number in range(8):
        PracticeFactory(title=f"Welcome desk {number}", summary="A welcome desk.")

    response = visitor.get("/search/?q=welcome")

    practices = response.context["groups"][0]
    assert practices["count"].value == 8
    assert len(practices["items"]) == 5
    assert "See all 8 results in the full list" in response.content.decode()


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?other=1"])
def test_an_empty_search_is_a_helpful_page(visitor, catalogue, query):
    response = visitor.get(f"/search/{query}")

    assert response.status_code == 200
    assert "Type a few words" in response.content.decode()


@pytest.mark.parametrize("q", ["x" * 5000, "<script>", "' OR 1=1 --", "über straße", "%", "&&"])
def test_odd_searches_never_fail(visitor, catalogue, q):
    response = visitor.get("/search/", {"q": q})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(count: int):
    theme = ThemeFactory(slug="employment")
    for number in range(count):
        city = CityFactory(name=f"Toronto {number}")
        practice = PracticeFactory(
            title=f"Toronto mentoring {number}", themes=[theme, ThemeFactory()], cities=[city]
        )
        PublicationFactory(title=f"Toronto report {number}", practices=[practice])
        OrganisationFactory(name=f"Toronto organisation {number}", city=city)
    PracticeFactory(title="Toronto draft", status=Practice.Status.DRAFT)


@pytest.mark.parametrize("url", ["/", "/search/?q=Toronto", "/search/"])
def test_home_and_search_run_a_fixed_number_of_queries(visitor, url):
    _grow(1)
    few = _queries(visitor, url)
    _grow(29)
    many = _queries(visitor, url)

    assert few == many
