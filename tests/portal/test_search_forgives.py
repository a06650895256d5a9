"""/search/ forgives: accents, typos ("Did you mean …?"), highlighted excerpts, estimated
counts; on the seed data, on SQLite and PostgreSQL alike."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CityFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_initial_data", stdout=StringIO())


def groups_of(response) -> dict:
    return {group["kind"]: group for group in response.context["groups"]}


def test_malmo_finds_malmo_with_its_accent(visitor, seeded):
    response = visitor.get("/search/", {"q": "Malmo"})

    groups = groups_of(response)
    titles = [p.title for p in groups["practices"]["items"]]
    assert "Malmö's equal opportunities measures under the Ten-Point Plan of Action" in titles
    assert [city.name for city in groups["cities"]["items"]] == ["Malmö"]
    assert "Did you mean" not in response.content.decode()


def test_sao_paulo_finds_sao_paulo(visitor, seeded):
    groups = groups_of(visitor.get("/search/", {"q": "Sao Paulo"}))
    assert [city.name for city in groups["cities"]["items"]] == ["São Paulo"]


@pytest.mark.parametrize(
    ("typed", "meant"), [("mentorng", "mentoring"), ("citizenshp", "citizenship")]
)
def test_a_typo_offers_the_corrected_search(visitor, seeded, typed, meant):
    response = visitor.get("/search/", {"q": typed})

    html = response.content.decode()
    assert response.context["correction"] == meant
    assert re.search(rf'Did you mean\s*<a href="/search/\?q={meant}"><em>{meant}</em></a>\?', html)
    corrected = groups_of(visitor.get("/search/", {"q": meant}))
    assert corrected["practices"]["count"].value > 0


def test_no_correction_when_enough_is_found(visitor, seeded):
    response = visitor.get("/search/", {"q": "citizenship"})
    assert response.context["correction"] is None


def test_excerpts_highlight_the_words_found(visitor, seeded):
    response = visitor.get("/search/", {"q": "internships"})

    html = response.content.decode()
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert any(re.search(r"<mark>internships?</mark>", s, re.I) for s in snippets), snippets


def test_excerpts_never_let_the_text_become_markup(visitor):
    PracticeFactory(title="Desk", summary="Help at the <script>alert(1)</script> housing desk.")

    html = visitor.get("/search/", {"q": "housing"}).content.decode()
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert "<script" not in main  # PostgreSQL's excerpt drops the tag, SQLite's escapes it
    assert "<mark>housing</mark> desk" in main


def test_the_practice_list_highlights_its_search_too(visitor):
    PracticeFactory(title="Desk", summary="A desk for housing questions.")

    html = visitor.get("/practices/", {"q": "housing"}).content.decode()
    assert re.search(
        r'class="card__summary snippet">(A )?desk for <mark>housing</mark> questions.', html
    )
    plain = visitor.get("/practices/").content.decode()
    assert "<mark>" not in plain


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")
def test_large_counts_are_estimated_and_said_so(visitor, settings):
    settings.EXACT_COUNT_LIMIT = 3
    for number in range(6):
        PracticeFactory(title=f"Housing {number}")

    response = visitor.get("/search/", {"q": "housing"})

    assert response.context["total_is_estimate"]
    assert re.search(r"About [\d,]+ results for “housing”", response.content.decode())


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("q", ["mentoring", "Malmo", "mentorng"])
def test_search_runs_the_same_queries_for_one_and_many_matches(visitor, q):
    def grow(count):
        for _ in range(count):
            city = CityFactory(name="Malmö")
            PracticeFactory(title="Mentoring in Malmö", summary="Mentoring.", cities=[city])

    grow(1)
    few = _queries(visitor, f"/search/?q={q}")
    grow(25)
    assert _queries(visitor, f"/search/?q={q}") == few
