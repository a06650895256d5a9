"""/sitemap.xml, /robots.txt and the pages a visitor sees when something is missing or broken."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from portal.places import CityListView
from practices.models import Practice
from publications.models import Publication
from tests.factories import (
    CityFactory,
    OrganisationFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return {
        loc.text.removeprefix("https://testserver").removeprefix("http://testserver")
        for loc in root.findall("sm:url/sm:loc", NS)
    }


def test_sitemap_holds_only_what_visitors_may_see(visitor, the_hague):
    PracticeFactory(slug="citizenship-fund")
    PracticeFactory(slug="draft-practice", status=Practice.Status.DRAFT)
    PracticeFactory(slug="submitted-practice", status=Practice.Status.SUBMITTED)
    PracticeFactory(slug="archived-practice", status=Practice.Status.ARCHIVED)
    PublicationFactory(slug="workshop-report")
    PublicationFactory(slug="draft-report", status=Publication.Status.DRAFT)
    OrganisationFactory(slug="triec")
    ThemeFactory(slug="employment")

    paths = sitemap_paths(visitor)

    assert {
        "/",
        "/practices/",
        "/cities/",
        "/publications/",
        "/practices/citizenship-fund/",
        "/publications/workshop-report/",
        "/cities/the-hague/",
        "/organisations/triec/",
        "/themes/employment/",
    } <= paths
    assert not {path for path in paths if "draft" in path or "submitted" in path}
    assert "/practices/archived-practice/" not in paths


def _fill(count: int) -> None:
    for _ in range(count):
        PracticeFactory()
        PracticeFactory(status=Practice.Status.DRAFT)
        PublicationFactory()
        CityFactory()
        OrganisationFactory()
        ThemeFactory()


def test_sitemap_query_count_does_not_grow(visitor):
    _fill(1)
    with CaptureQueriesContext(connection) as one:
        visitor.get("/sitemap.xml")
    _fill(29)
    with CaptureQueriesContext(connection) as thirty:
        visitor.get("/sitemap.xml")

    assert len(one) == len(thirty)


def test_robots_txt(visitor):
    response = visitor.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /my/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_unknown_path_gives_the_friendly_404(visitor, settings):
    settings.DEBUG = False

    response = visitor.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'action="/search/"' in html
    for path in ("/practices/", "/cities/", "/publications/"):
        assert f'href="{path}"' in html


def test_unknown_record_gives_the_friendly_404(visitor, settings):
    settings.DEBUG = False

    response = visitor.get("/publications/no-such-report/")

    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


def test_server_error_gives_the_friendly_500(visitor, settings, monkeypatch):
    settings.DEBUG = False

    def broken(self, **kwargs):
        raise RuntimeError("the database is on fire")

    monkeypatch.setattr(CityListView, "get_context_data", broken)
    visitor.raise_request_exception = False

    response = visitor.get("/cities/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "database is on fire" not in html
    assert 'href="/"' in html


def test_500_template_renders_without_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "<!DOCTYPE html>" in html
    assert "Something went wrong" in html


def test_robots_txt_answers_head_requests(visitor):
    assert visitor.head("/robots.txt").status_code == 200
