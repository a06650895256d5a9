"""axe-core's WCAG 2.2 AA audit of every page type at desktop and phone widths, no sideways
scrolling at 320 px (WCAG 1.4.10 Reflow), and a skip link that Tab reaches first and shows."""

import pytest

from tests.e2e.sessions import sign_in
from tests.factories import (
    CityFactory,
    CommitmentFactory,
    ContributorFactory,
    OfficialFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
    UserFactory,
)

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


PUBLIC_PAGES = [
    "/",
    "/practices/",
    "/practices/?theme=employment&country=NL",
    "/practices/?theme=employment&q=nothing-matches-this",
    "/practices/triec/",
    "/themes/employment/",
    "/cities/",
    "/cities/the-hague/",
    "/organisations/triec-org/",
    "/publications/",
    "/publications/labour-report/",
    "/search/?q=internships",
    "/search/",
    "/accounts/login/",
    "/accounts/request-access/",
    "/accounts/password_reset/",
    "/practices/no-such-practice/",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
    "/site-map/",
    "/api/docs/",
]
OFFICIAL_PAGES = [
    "/my/practices/",
    "/my/practices/new/",
    "/my/practices/a-draft/edit/",
    "/accounts/password_change/",
]
NARROWEST = 320


@pytest.fixture
def official():
    """Builds the catalogue (the database is flushed after each test) and an official of it."""
    official = OfficialFactory(
        user=UserFactory(username="official@example.org"),
        city=_catalogue(),
    ).user
    PracticeFactory(title="A draft", slug="a-draft", status="draft", submitted_by=official)
    return official


def _catalogue():
    the_hague = CityFactory(name="The Hague", slug="the-hague", country="NL")
    employment = ThemeFactory(name="Employment", slug="employment")
    org = OrganisationFactory(name="TRIEC", slug="triec-org", city=the_hague)
    practice = PracticeFactory(
        title="Career internships",
        slug="triec",
        summary="Paid internships for skilled immigrants.",
        cities=[the_hague],
        themes=[employment, ThemeFactory(name="Education", slug="education")],
        target_groups=[TargetGroupFactory(name="Refugees", slug="refugees")],
        partners=[OrganisationFactory(name="Partner", slug="partner")],
        commitments=[CommitmentFactory()],
        lead_organisation=org,
    )
    OutcomeFactory(practice=practice)
    PracticeFactory(title="Language cafés for internships", cities=[the_hague])
    # Neighbouring cities far from a third: their map markers overlap at the map's zoom.
    for name, lat, lon in [
        ("Rotterdam", 51.92, 4.48),
        ("Delft", 52.01, 4.36),
        ("Toronto", 43.65, -79.38),
    ]:
        city = CityFactory(name=name, slug=name.lower(), latitude=lat, longitude=lon)
        PracticeFactory(title=f"Welcome desk in {name}", cities=[city])
    publication = PublicationFactory(
        title="Labour market report",
        slug="labour-report",
        practices=[practice],
        themes=[employment],
        cities=[the_hague],
        partners=[org],
    )
    ContributorFactory(publication=publication)
    return the_hague


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def _open(page, url: str) -> None:
    page.goto(url)
    if url.endswith("/api/docs/"):  # audit Swagger UI as rendered, with one operation open
        page.wait_for_selector(".swagger-ui .opblock-tag")
        page.click(".opblock-summary-control >> nth=0")
        page.wait_for_selector(".opblock-body")


def _sideways_scroll(page) -> list[str]:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return [f"scrolls sideways by {overflow}px"] if overflow > 0 else []


@pytest.mark.parametrize("width", [1280, NARROWEST])
def test_no_wcag_aa_violations(live_server, browser, official, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    for url in PUBLIC_PAGES:
        _open(page, live_server.url + url)
        problems += [f"{url}: {problem}" for problem in _violations(page)]
        if width == NARROWEST:
            problems += [f"{url}: {problem}" for problem in _sideways_scroll(page)]

    sign_in(context, live_server, official)
    for url in OFFICIAL_PAGES:
        page.goto(live_server.url + url)
        problems += [f"{url}: {problem}" for problem in _violations(page)]
        if width == NARROWEST:
            problems += [f"{url}: {problem}" for problem in _sideways_scroll(page)]
    context.close()

    assert not problems, "\n".join(problems)


def test_tab_first_reaches_a_visible_skip_link(live_server, browser, official):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    for url in ["/", "/practices/", "/practices/triec/"]:
        page.goto(live_server.url + url)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement, box = el.getBoundingClientRect();
                return {
                    href: el.getAttribute('href'),
                    text: el.textContent.trim(),
                    visible: box.width > 1 && box.height > 1 && box.bottom > 0
                        && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
                    outline: getComputedStyle(el).outlineStyle,
                };
            }"""
        )
        assert focused["href"] == "#main", url
        assert focused["text"] == "Skip to content"
        assert focused["visible"], f"{url}: the focused skip link is off screen"
        assert focused["outline"] != "none", f"{url}: the focused skip link shows no focus ring"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_a_failed_submit_focuses_the_error_summary(live_server, browser, db):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(live_server.url + "/contact/")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")

    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.dataset.errorSummary") == ""
    assert page.evaluate("document.activeElement.querySelector('h2').textContent") == (
        "There is a problem"
    )
    assert _violations(page) == []
    page.close()


def test_the_header_marks_the_current_section(live_server, browser, official):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(live_server.url + "/practices/")
    assert page.get_attribute(".site-nav a[href='/practices/']", "aria-current") == "page"
    page.goto(live_server.url + "/themes/employment/")
    assert page.get_attribute(".site-nav a[href='/practices/']", "aria-current") == "true"
    bar = page.evaluate(
        "getComputedStyle(document.querySelector('.site-nav a[href=\"/practices/\"]'))"
        ".borderBottomColor"
    )
    assert bar == "rgb(255, 191, 71)", "the current section shows a yellow bar"
    page.close()
