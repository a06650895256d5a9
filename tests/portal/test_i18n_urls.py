"""The site in five languages: English unprefixed, the others under /fr/, /es/, /de/, /nl/; a
first visit follows the browser's language, the switcher keeps the page and its filters and
remembers the choice, and every page names its other languages (hreflang, sitemap)."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from cities.languages import language_of
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

FRENCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
OTHER_LANGUAGES = ["fr", "es", "de", "nl"]


@pytest.fixture
def practice(the_hague):
    return PracticeFactory(slug="citizenship-fund", cities=[the_hague])


def switcher_links(html: str) -> dict[str, dict[str, str]]:
    """The switcher's links by language: their attributes."""
    links = {}
    for tag in re.findall(r'<a class="language-switcher__link"[^>]*>', html):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        links[attributes["lang"]] = attributes
    return links


def alternates(html: str) -> dict[str, str]:
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return {hreflang: href.replace("&amp;", "&") for hreflang, href in found}


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/practices/", "/practices/citizenship-fund/", "/cities/"])
def test_every_page_has_an_address_in_every_language(visitor, practice, language, path):
    response = visitor.get(f"/{language}{path}")

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert response["Content-Language"] == language


@pytest.mark.parametrize("path", ["/", "/practices/", "/practices/citizenship-fund/", "/about/"])
def test_english_addresses_are_unchanged(visitor, practice, path):
    response = visitor.get(path)

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_officials_pages_have_addresses_in_every_language(visitor, official_client):
    assert visitor.get("/fr/accounts/login/").status_code == 200
    assert visitor.get("/accounts/login/").status_code == 200
    assert official_client.get("/de/my/practices/").status_code == 200


def test_signing_in_in_french_lands_on_the_french_list_of_ones_practices(visitor, official):
    official.set_password("a long password for tests")
    official.save()

    response = visitor.post(
        "/fr/accounts/login/",
        {"username": official.username, "password": "a long password for tests"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/fr/my/practices/"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/", "/healthz", "/sitemap.xml", "/robots.txt", "/oai/?verb=Identify",
     "/catalog.jsonld", "/feeds/practices/"],
)  # fmt: skip
def test_machines_addresses_have_no_language_prefix(visitor, path):
    assert visitor.get(path).status_code == 200
    assert visitor.get(f"/fr{path}").status_code == 404


# ---------------------------------------------------------------- the first visit


def test_a_french_browser_is_sent_to_the_french_page_with_its_query(visitor, practice):
    response = visitor.get("/practices/?theme=employment&q=emploi", **FRENCH_BROWSER)

    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/?theme=employment&q=emploi"
    varies = {header.strip().lower() for header in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= varies


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("de-AT,de;q=0.9", "/de/"), ("nl-BE", "/nl/"), ("pt-BR,es;q=0.8", "/es/")],
)
def test_the_best_supported_match_decides(visitor, accept_language, expected):
    response = visitor.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response["Location"] == expected


@pytest.mark.parametrize("accept_language", ["", "en-GB,en;q=0.9,fr;q=0.5", "pt-BR", "ja"])
def test_english_or_unsupported_browsers_stay_on_the_english_page(visitor, accept_language):
    response = visitor.get("/practices/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_a_reader_who_chose_english_is_not_redirected(visitor, practice):
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = visitor.get("/practices/citizenship-fund/", **FRENCH_BROWSER)

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_a_reader_who_chose_french_follows_english_links_to_french(visitor):
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    assert visitor.get("/cities/")["Location"] == "/fr/cities/"


@pytest.mark.parametrize(
    "path", ["/api/v1/practices/", "/admin/login/", "/sitemap.xml", "/feeds/practices/", "/healthz"]
)
def test_no_redirect_for_the_api_the_admin_or_machines(visitor, path):
    response = visitor.get(path, **FRENCH_BROWSER)

    assert response.status_code == 200


def test_the_api_and_admin_still_read_the_browsers_language(visitor):
    assert visitor.get("/api/v1/", **FRENCH_BROWSER)["Content-Language"] == "fr"


def test_no_redirect_for_a_form_sent_to_an_english_address(visitor):
    response = visitor.post("/contact/", {}, **FRENCH_BROWSER)

    assert response.status_code != 302 or not response["Location"].startswith("/fr/")


def test_no_redirect_for_a_request_that_wants_no_html(visitor):
    response = visitor.get("/practices/", HTTP_ACCEPT="application/json", **FRENCH_BROWSER)

    assert response.status_code == 200


# ---------------------------------------------------------------- the switcher


def test_the_switcher_links_every_language_of_this_page_with_its_filters(visitor, practice):
    html = visitor.get("/fr/practices/?theme=employment&ordering=title").content.decode()
    links = switcher_links(html)

    assert set(links) == {"en", "fr", "es", "de", "nl"}
    assert links["fr"].get("aria-current") == "true"
    assert all("aria-current" not in links[code] for code in ["en", "es", "de", "nl"])
    for code, link in links.items():
        assert link["hreflang"] == code
        url = urlsplit(link["href"].replace("&amp;", "&"))
        assert url.path == f"/language/{code}/"
        prefix = "" if code == "en" else f"/{code}"
        assert parse_qs(url.query)["next"] == [
            f"{prefix}/practices/?theme=employment&ordering=title"
        ]


def test_the_switcher_is_on_officials_pages_and_english_pages_too(official_client):
    html = official_client.get("/my/practices/").content.decode()

    assert switcher_links(html)["en"].get("aria-current") == "true"
    assert "/language/fr/?next=%2Ffr%2Fmy%2Fpractices%2F" in html


def test_choosing_english_sticks_for_a_french_browser(visitor, practice):
    visitor.get("/fr/practices/citizenship-fund/", **FRENCH_BROWSER)

    chosen = visitor.get(
        "/language/en/", {"next": "/fr/practices/citizenship-fund/?tab=outcomes"}, **FRENCH_BROWSER
    )
    again = visitor.get("/practices/citizenship-fund/", **FRENCH_BROWSER)

    assert chosen.status_code == 302
    assert chosen["Location"] == "/practices/citizenship-fund/?tab=outcomes"
    assert again.status_code == 200
    assert '<html lang="en">' in again.content.decode()


def test_the_language_cookie_lasts_a_year_and_stays_on_this_site(visitor):
    response = visitor.get("/language/de/", {"next": "/cities/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]

    assert response["Location"] == "/de/cities/"
    assert cookie.value == "de"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/practices/", "javascript:alert(1)", "", "/\\evil"],
)
def test_a_next_off_the_site_goes_home_in_the_chosen_language(visitor, next_url):
    response = visitor.get("/language/nl/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_an_unknown_language_is_not_found(visitor):
    assert visitor.get("/language/xx/", {"next": "/"}).status_code == 404
    assert visitor.get("/language/pt/", {"next": "/"}).status_code == 404


def test_choosing_a_language_keeps_it_for_the_signed_in_users_mail(official_client, official):
    official_client.get("/language/es/", {"next": "/my/practices/"})
    official_client.get("/es/my/practices/")

    assert language_of(official) == "es"


# ---------------------------------------------------------------- hreflang and the sitemap


def test_every_public_page_names_its_other_languages(visitor, practice):
    html = visitor.get("/es/practices/?theme=employment").content.decode()

    assert alternates(html) == {
        "en": "http://testserver/practices/?theme=employment",
        "fr": "http://testserver/fr/practices/?theme=employment",
        "es": "http://testserver/es/practices/?theme=employment",
        "de": "http://testserver/de/practices/?theme=employment",
        "nl": "http://testserver/nl/practices/?theme=employment",
        "x-default": "http://testserver/practices/?theme=employment",
    }


def test_a_page_not_found_names_no_alternates(visitor):
    html = visitor.get("/fr/practices/no-such-practice/").content.decode()

    assert alternates(html) == {}


def test_the_sitemap_lists_every_language_with_its_alternates(visitor, practice):
    root = ET.fromstring(visitor.get("/sitemap.xml").content)  # noqa: S314 - our own output
    ns = {
        "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "xhtml": "http://www.w3.org/1999/xhtml",
    }
    entries = {
        url.find("sm:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", ns)
        }
        for url in root.findall("sm:url", ns)
    }
    page = "http://testserver/practices/citizenship-fund/"

    for code in OTHER_LANGUAGES:
        assert f"http://testserver/{code}/practices/citizenship-fund/" in entries
    assert entries[page] == {
        "en": page,
        "fr": "http://testserver/fr/practices/citizenship-fund/",
        "es": "http://testserver/es/practices/citizenship-fund/",
        "de": "http://testserver/de/practices/citizenship-fund/",
        "nl": "http://testserver/nl/practices/citizenship-fund/",
        "x-default": page,
    }


def test_the_main_navigation_marks_the_section_in_every_language(visitor, practice):
    html = visitor.get("/fr/practices/citizenship-fund/").content.decode()

    assert re.search(r'href="/fr/practices/" aria-current="true"', html)


def test_in_production_the_language_cookie_is_sent_over_https_only():
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "LOCAL_HTTP"}}
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import portal.settings as s; print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_AGE)",
        ],
        env={**clean, "DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert printed.split() == ["True", str(365 * 24 * 60 * 60)]
