"""API lists: cursors that walk any list once in order, counts that say when they estimate."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import slugs
from tests.factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


@pytest.fixture
def many():
    theme = ThemeFactory(slug="employment")
    for number in range(25):
        PracticeFactory(
            slug=f"practice-{number:02}",
            title=f"Practice {number % 7}",  # ties, broken by pk
            start_year=None if number % 4 == 0 else 2000 + number % 5,
            themes=[theme] if number % 2 else [],
        )


def walk(api, url: str) -> tuple[list[str], list[dict]]:
    seen, bodies = [], []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        bodies.append(body)
        seen += [practice["slug"] for practice in body["results"]]
        url = body["next"]
        assert len(bodies) < 20
    return seen, bodies


def by_pages(api, query: str, count: int) -> list[str]:
    seen = []
    for page in range(1, count // 7 + 2):
        response = api.get(f"{LIST}?{query}&page_size=7&page={page}")
        if response.status_code == 404:
            break
        seen += slugs(response)
    return seen


@pytest.mark.parametrize(
    "query",
    ["", "ordering=title", "ordering=start_year", "ordering=-start_year", "theme=employment"],
)
def test_following_next_walks_every_result_once_in_the_pages_order(api, many, query):
    seen, bodies = walk(api, f"{LIST}?{query}&page_size=7")

    assert seen == by_pages(api, query, 25)
    assert len(seen) == len(set(seen)) == bodies[0]["count"]
    assert all("cursor=" in body["next"] for body in bodies[:-1])
    assert all(body["count_is_estimate"] is False for body in bodies)


def test_previous_goes_back_one_page(api, many):
    _seen, bodies = walk(api, f"{LIST}?ordering=title&page_size=7")

    third = bodies[2]
    back = api.get(third["previous"]).json()
    assert slugs_of(back) == slugs_of(bodies[1])
    assert slugs_of(api.get(bodies[1]["previous"]).json()) == slugs_of(bodies[0])
    assert bodies[0]["previous"] is None


def slugs_of(body: dict) -> list[str]:
    return [practice["slug"] for practice in body["results"]]


def test_a_cursor_page_reads_no_row_before_it(api, many):
    _seen, bodies = walk(api, f"{LIST}?page_size=7")

    with CaptureQueriesContext(connection) as captured:
        api.get(bodies[2]["next"])

    page_query = next(q["sql"] for q in captured if "LIMIT 8" in q["sql"])
    assert "OFFSET" not in page_query


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("cursor=nonsense", "not one of ours"),
        ("cursor=", "Give a value"),
        ("cursor=" + "x" * 3000, "not one of ours"),
        ("q=practice&cursor=abc", "relevance"),
    ],
)
def test_a_bad_cursor_is_a_400_that_says_why(api, many, query, message):
    response = api.get(f"{LIST}?{query}")

    assert response.status_code == 400
    body = response.json()
    assert message in body["errors"]["cursor"][0]


def test_a_cursor_is_tied_to_its_ordering_and_excludes_page(api, many):
    first = api.get(f"{LIST}?ordering=title&page_size=7").json()
    cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]

    other_order = api.get(LIST, {"ordering": "newest", "cursor": cursor})
    with_page = api.get(LIST, {"ordering": "title", "cursor": cursor, "page": 2})

    assert other_order.status_code == 400
    assert "another ordering" in other_order.json()["errors"]["cursor"][0]
    assert with_page.status_code == 400


def test_a_large_count_is_an_estimate_and_says_so(api, many, settings):
    settings.EXACT_COUNT_LIMIT = 10

    body = api.get(LIST).json()

    if connection.vendor == "postgresql":
        assert body["count_is_estimate"] is True
        assert body["count"] > 10
    else:  # SQLite holds small catalogues: always exact
        assert body == body | {"count": 25, "count_is_estimate": False}


def test_far_above_the_limit_a_page_is_read_without_counting(api, many, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts exactly")
    settings.EXACT_COUNT_LIMIT = 2
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practices_practice")  # the planner's estimate: 25 rows

    with CaptureQueriesContext(connection) as captured:
        body = api.get(LIST, {"page_size": 5}).json()

    assert body["count_is_estimate"] is True and body["count"] > 6
    assert [practice["slug"] for practice in body["results"]] == [
        f"practice-{number:02}" for number in range(24, 19, -1)
    ]
    assert body["next"]
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)


def test_the_schema_documents_cursor_and_estimated_counts(api):
    schema = api.get("/api/schema/?format=json").json()

    operation = schema["paths"][LIST]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert "opaque" in parameters["cursor"]["description"]
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][page["$ref"].rsplit("/", 1)[1]]
    assert page["properties"]["count_is_estimate"]["type"] == "boolean"
    assert "count_is_estimate" in page["required"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking")
def test_the_api_searched_by_relevance_reads_the_ranked_head_and_counts(api, monkeypatch):
    monkeypatch.setattr("core.search.RANKED_CANDIDATES", 2)
    for number in range(3):
        PracticeFactory(title=f"Housing {number}", slug=f"housing-{number}")

    body = api.get("/api/v1/practices/", {"q": "housing", "page_size": 2}).json()
    rest = api.get("/api/v1/practices/", {"q": "housing", "page_size": 2, "page": 2}).json()

    assert body["count"] == 3 and body["count_is_estimate"] is False
    assert len(body["results"]) == 2 and body["next"]
    slugs = {row["slug"] for row in body["results"] + rest["results"]}
    assert slugs == {"housing-0", "housing-1", "housing-2"}
