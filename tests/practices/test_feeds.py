"""Atom feeds of newly published practices, whole or filtered like /practices/."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from tests.factories import CityFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def practices():
    employment = ThemeFactory(name="Employment", slug="employment")
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    lyon = CityFactory(name="Lyon", slug="lyon", country="FR")
    PracticeFactory(title="TRIEC", themes=[employment], cities=[toronto])
    PracticeFactory(title="Lyon charter", themes=[employment], cities=[lyon])
    PracticeFactory(title="Hague fund", cities=[CityFactory(slug="the-hague", country="NL")])
    PracticeFactory(title="Draft plan", themes=[employment], status=Practice.Status.DRAFT)
    PracticeFactory(title="Submitted plan", status=Practice.Status.SUBMITTED)


def test_the_feed_holds_only_published_practices(visitor, practices):
    response = visitor.get("/feeds/practices/")

    titles = entries(response)
    assert set(titles) == {"TRIEC", "Lyon charter", "Hague fund"}
    root = ET.fromstring(response.content)  # noqa: S314
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/practices/")
    assert entry.findtext(f"{ATOM}summary") or entry.findtext(f"{ATOM}content")


def test_a_filtered_feed_accepts_the_query_string_of_the_list(visitor, practices):
    assert set(entries(visitor.get("/feeds/practices/?theme=employment"))) == {
        "TRIEC",
        "Lyon charter",
    }
    assert entries(visitor.get("/feeds/practices/?theme=employment&country=CA")) == ["TRIEC"]
    assert entries(visitor.get("/feeds/practices/?region=europe&theme=employment")) == [
        "Lyon charter"
    ]


def test_a_feed_with_bad_filters_ignores_them(visitor, practices):
    assert set(entries(visitor.get("/feeds/practices/?theme=nope&year_from=abc"))) == {
        "TRIEC",
        "Lyon charter",
        "Hague fund",
    }


def test_the_feed_links_back_to_the_same_list(visitor, practices):
    response = visitor.get("/feeds/practices/?theme=employment")

    root = ET.fromstring(response.content)  # noqa: S314
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/practices/?theme=employment"
    assert links["self"] == "http://testserver/feeds/practices/?theme=employment"


def test_the_feed_runs_a_fixed_number_of_queries(visitor):
    theme = ThemeFactory(slug="employment")
    PracticeFactory(themes=[theme])
    with CaptureQueriesContext(connection) as few:
        visitor.get("/feeds/practices/?theme=employment")
    for _ in range(29):
        PracticeFactory(themes=[theme, ThemeFactory()], cities=[CityFactory()])
    with CaptureQueriesContext(connection) as many:
        visitor.get("/feeds/practices/?theme=employment")

    assert len(few) == len(many)


def test_summaries_are_plain_text_never_html(visitor, db):
    PracticeFactory(title="Fund", summary='Grants <img src=x onerror="alert(1)"> & <b>more</b>')

    response = visitor.get("/feeds/practices/")

    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == 'Grants <img src=x onerror="alert(1)"> & <b>more</b>'
    assert b'type="html"' not in response.content
    assert b"<img" not in response.content  # escaped as &lt;img


def feed_title(response) -> str:
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return root.findtext(f"{ATOM}title")


def test_a_filtered_feed_title_says_what_it_holds(visitor, practices):
    title = feed_title(visitor.get("/feeds/practices/?theme=employment&country=CA"))
    assert title.startswith("Practices: Employment, Canada")
    assert feed_title(visitor.get("/feeds/practices/")).startswith("New practices")


def test_the_publications_feed_holds_published_publications_as_plain_text(visitor):
    from publications.models import Publication
    from tests.factories import PublicationFactory

    report = ThemeFactory(name="Employment", slug="employment")
    PublicationFactory(
        title="Workshop report", themes=[report], summary="Findings on **inclusive** <b>work</b>."
    )
    PublicationFactory(title="A paper")
    PublicationFactory(title="Unpublished", status=Publication.Status.DRAFT)

    response = visitor.get("/feeds/publications/")
    assert set(entries(response)) == {"Workshop report", "A paper"}
    filtered = visitor.get("/feeds/publications/?theme=employment")
    assert entries(filtered) == ["Workshop report"]
    assert feed_title(filtered).startswith("Publications: Employment")
    root = ET.fromstring(filtered.content)  # noqa: S314
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "Findings on inclusive work."
    assert (
        'href="/feeds/publications/?theme=employment"'
        in visitor.get("/publications/?theme=employment").content.decode()
    )
