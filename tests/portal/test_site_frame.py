"""The frame every page shares: the current section in the header, breadcrumbs on detail
pages, titles that start with "Error:" on a failed form, and the search results' types."""

import re

import pytest

from tests.factories import (
    CityFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _nav_link(page: str, href: str) -> str:
    return re.search(rf'<a class="site-nav__link" href="{re.escape(href)}"[^>]*>', page).group(0)


def test_the_header_marks_the_page_and_its_section(visitor, the_hague):
    ThemeFactory(slug="employment")
    practices = visitor.get("/practices/").content.decode()
    theme = visitor.get("/themes/employment/").content.decode()
    city = visitor.get("/cities/the-hague/").content.decode()

    assert 'aria-current="page"' in _nav_link(practices, "/practices/")
    assert 'aria-current="true"' in _nav_link(theme, "/practices/")
    assert 'aria-current="true"' in _nav_link(city, "/cities/")
    assert "aria-current" not in _nav_link(city, "/practices/")


def test_every_detail_page_has_the_same_breadcrumbs(visitor, the_hague):
    practice = PracticeFactory(title="Career internships", slug="triec", cities=[the_hague])
    ThemeFactory(name="Employment", slug="employment")
    OrganisationFactory(name="TRIEC", slug="triec-org", city=the_hague)
    PublicationFactory(title="Labour report", slug="labour-report", practices=[practice])
    expected = {
        "/practices/triec/": ["Home", "Practices", "Career internships"],
        "/themes/employment/": ["Home", "Practices", "Employment"],
        "/cities/the-hague/": ["Home", "Cities", "The Hague"],
        "/organisations/triec-org/": ["Home", "Cities", "The Hague", "TRIEC"],
        "/publications/labour-report/": ["Home", "Publications", "Report", "Labour report"],
    }
    for url, trail in expected.items():
        page = visitor.get(url).content.decode()
        nav = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group(0)
        items = [
            " ".join(re.sub(r"<[^>]+>", "", li).split())
            for li in re.findall(r"<li.*?</li>", nav, re.S)
        ]
        assert items == trail, url
        assert re.search(r'<li aria-current="page">\s*' + re.escape(trail[-1]), nav), url


def test_a_failed_sign_in_starts_the_title_with_error(visitor):
    page = visitor.post("/accounts/login/", {"username": "x@example.org", "password": "no"})

    html = page.content.decode()
    assert "<title>Error: Sign in" in html
    assert 'class="error-summary"' in html
    assert "There is a problem" in html


def test_sign_in_asks_for_an_email_address_with_autocomplete(visitor):
    html = visitor.get("/accounts/login/").content.decode()

    field = re.search(r'<input type="email"[^>]*id="id_username"[^>]*>', html, re.S).group(0)
    assert 'autocomplete="username"' in field


def test_the_password_change_page_is_in_the_sites_look(official_client):
    my = official_client.get("/my/practices/").content.decode()
    page = official_client.get("/accounts/password_change/").content.decode()

    assert 'href="/accounts/password_change/"' in my
    assert "site-header" in page and "Django administration" not in page
    assert '<label for="id_old_password">' in page


def test_a_practice_says_its_source_once_and_when_it_was_updated(visitor, the_hague):
    practice = PracticeFactory(slug="triec", cities=[the_hague])
    for label in ["Internships", "Hires"]:
        OutcomeFactory(practice=practice, label=label, source="Annual report 2008")

    page = visitor.get("/practices/triec/").content.decode()

    assert page.count("Annual report 2008") == 1
    assert "Last updated" in page


def test_search_results_say_what_they_are_and_empty_groups_are_hidden(visitor):
    CityFactory(name="Rotterdam", slug="rotterdam", country="NL")
    PracticeFactory(title="Rotterdam internships", summary="Paid internships in Rotterdam.")

    page = " ".join(visitor.get("/search/?q=rotterdam").content.decode().split())

    assert '<p class="search-result__type"> Practice' in page
    assert '<p class="search-result__type"> City · Netherlands' in page
    assert 'id="group-publications"' not in page
    assert 'aria-label="Search the whole site"' in page
    assert 'aria-label="Search again"' in page


@pytest.mark.parametrize("url", ["/practices/", "/publications/"])
def test_filters_can_be_applied_from_the_top_and_the_bottom(visitor, url):
    page = visitor.get(url).content.decode()

    assert page.count('<button type="submit">Apply filters</button>') == 2
    assert "data-drop-empty" in page
