"""Reading the catalogue: every resource, its nested summaries, and the shared filters."""

import pytest

from tests.api.conftest import slugs

pytestmark = pytest.mark.django_db


def test_root_lists_every_resource(api):
    body = api.get("/api/v1/").json()

    assert set(body) == {
        "cities",
        "organisations",
        "themes",
        "target-groups",
        "frameworks",
        "commitments",
        "practices",
        "publications",
        "suggest",
    }
    assert body["practices"] == "http://testserver/api/v1/practices/"


def test_practice_list_shows_only_published_practices_newest_first(api, catalogue):
    response = api.get("/api/v1/practices/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["next"] is None and body["previous"] is None
    assert "secret-draft" not in slugs(response)
    assert slugs(response) == ["career-bridge", "welcome-classes", "citizenship-fund"]


def test_practice_detail_has_nested_summaries_outcomes_and_commitments(api, catalogue):
    body = api.get("/api/v1/practices/citizenship-fund/").json()

    assert body["cities"] == [
        {
            "name": "The Hague",
            "slug": "the-hague",
            "country": "NL",
            "url": "http://testserver/cities/the-hague/",
            "api_url": "http://testserver/api/v1/cities/the-hague/",
        }
    ]
    assert body["url"] == "http://testserver/practices/citizenship-fund/"
    assert body["partners"][0]["slug"] == "triec"
    assert body["target_groups"][0]["url"] == "http://testserver/practices/?target_group=refugees"
    assert body["themes"][0]["url"] == "http://testserver/themes/education/"
    assert body["outcomes"] == [
        {
            "label": "Projects funded",
            "qualifier": "",
            "value": 42.0,
            "unit": "",
            "year": None,
            "source": "",
            "display": "42",
        }
    ]
    assert body["commitments"][0]["slug"] == "eccar-1"
    assert body["commitments"][0]["framework"]["slug"]
    assert body["funding_amount"] == 250000.0 and body["funding_currency"] == "EUR"
    assert body["start_year"] == 2005 and body["end_year"] == 2010 and body["ongoing"] is False
    assert body["status"] == "published"


def test_unpublished_practice_is_not_found_for_the_public(api, catalogue):
    response = api.get("/api/v1/practices/secret-draft/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/cities/toronto/", "Toronto"),
        ("/api/v1/organisations/triec/", "TRIEC"),
        ("/api/v1/themes/education/", "Education"),
        ("/api/v1/target-groups/refugees/", "Refugees"),
    ],
)
def test_details_by_slug(api, catalogue, url, name):
    body = api.get(url).json()

    assert body["name"] == name
    assert body["api_url"] == f"http://testserver{url}"


def test_city_list_counts_published_practices(api, catalogue):
    body = api.get("/api/v1/cities/").json()

    counts = {city["slug"]: city["practice_count"] for city in body["results"]}
    assert counts == {"berlin": 1, "the-hague": 1, "toronto": 1}
    toronto = next(city for city in body["results"] if city["slug"] == "toronto")
    assert toronto["region"] == "americas"
    assert toronto["url"] == "http://testserver/cities/toronto/"


def test_organisation_shows_its_city(api, catalogue):
    body = api.get("/api/v1/organisations/triec/").json()

    assert body["city"]["slug"] == "toronto"
    assert body["url"] == "http://testserver/organisations/triec/"


def test_publication_lists_published_ones_with_event_contributors_and_practices(api, catalogue):
    listing = api.get("/api/v1/publications/")
    detail = api.get("/api/v1/publications/workshop-on-citizenship/").json()

    assert slugs(listing) == ["workshop-on-citizenship"]
    assert detail["event"]["name"] == "Inclusive cities workshop"
    assert detail["event"]["city"]["slug"] == "the-hague"
    assert detail["contributors"] == [{"name": "A. Author", "role": "author", "affiliation": ""}]
    assert detail["partners"][0]["slug"] == "triec"
    assert [practice["slug"] for practice in detail["practices"]] == ["citizenship-fund"]
    assert detail["file"] is None and detail["file_size"] is None
    assert api.get("/api/v1/publications/hidden/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "theme=education&region=europe",
        "theme=employment&theme=education",
        "country=ca",
        "city=the-hague&city=berlin",
        "organisation=triec",
        "commitment=eccar-1",
        "ongoing=false",
        "ongoing=true",
        "year_from=2011",
        "year_to=2004",
        "target_group=refugees",
        "instrument=programme&scope=city",
        "ordering=title",
        "ordering=-start_year",
        "q=bridge",
    ],
)
def test_practice_filters_mean_the_same_as_on_the_html_list(api, visitor, catalogue, query):
    api_slugs = slugs(api.get(f"/api/v1/practices/?{query}"))
    html = visitor.get(f"/practices/?{query}")

    assert html.status_code == 200
    assert api_slugs == [practice.slug for practice in html.context["practices"]]


def test_education_in_europe(api, catalogue):
    response = api.get("/api/v1/practices/?theme=education&region=europe")

    assert sorted(slugs(response)) == ["citizenship-fund", "welcome-classes"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=workshop-report", ["workshop-on-citizenship"]),
        ("kind=speech", []),
        ("year=2007", ["workshop-on-citizenship"]),
        ("city=the-hague", ["workshop-on-citizenship"]),
        ("organisation=triec", ["workshop-on-citizenship"]),
        ("year_from=2008", []),
    ],
)
def test_publication_filters(api, catalogue, query, expected):
    assert slugs(api.get(f"/api/v1/publications/?{query}")) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=de", ["berlin"]),
        ("region=americas", ["toronto"]),
        ("q=hag", ["the-hague"]),
        ("ordering=-name", ["toronto", "the-hague", "berlin"]),
    ],
)
def test_city_filters(api, catalogue, query, expected):
    assert slugs(api.get(f"/api/v1/cities/?{query}")) == expected


def test_organisation_filters(api, catalogue):
    assert slugs(api.get("/api/v1/organisations/?kind=ngo&city=toronto")) == ["triec"]
    assert slugs(api.get("/api/v1/organisations/?kind=business")) == []


def test_pagination_pages_through_every_practice_once(api, catalogue):
    first = api.get("/api/v1/practices/?page_size=2").json()
    second = api.get(first["next"]).json()

    assert first["count"] == 3 and len(first["results"]) == 2
    assert second["previous"] and second["next"] is None
    seen = [p["slug"] for p in first["results"] + second["results"]]
    assert sorted(seen) == ["career-bridge", "citizenship-fund", "welcome-classes"]


def test_page_size_goes_up_to_100_and_no_further(api, catalogue):
    assert api.get("/api/v1/practices/?page_size=100").status_code == 200

    response = api.get("/api/v1/practices/?page_size=101")

    assert response.status_code == 400
    assert response.json()["errors"] == {"page_size": ["Give at most 100 results per page."]}
    schema = api.get("/api/schema/?format=json").json()
    (page_size,) = [
        p
        for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]
        if p["name"] == "page_size"
    ]
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}


def test_ties_are_broken_by_pk(api, catalogue):
    from practices.models import Practice

    Practice.objects.update(start_year=2000)
    one_by_one = [
        slugs(api.get(f"/api/v1/practices/?ordering=start_year&page_size=1&page={page}"))[0]
        for page in (1, 2, 3)
    ]
    assert one_by_one == ["career-bridge", "citizenship-fund", "welcome-classes"]
