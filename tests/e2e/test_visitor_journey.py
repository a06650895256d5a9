"""A visitor's journey in headless Chromium: home → employment practices in Canada → TRIEC's
figures → the report that documents it, with and without JavaScript."""

import re
from decimal import Decimal

import pytest

from tests.factories import (
    CityFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)


@pytest.fixture
def catalogue():
    employment = ThemeFactory(name="Employment", slug="employment")
    education = ThemeFactory(name="Education", slug="education")
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    montreal = CityFactory(name="Montréal", slug="montreal", country="CA")
    lyon = CityFactory(name="Lyon", slug="lyon", country="FR")
    triec = PracticeFactory(
        title="TRIEC Career Bridge internships",
        slug="triec",
        summary="Paid internships that open Canadian workplaces to skilled immigrants.",
        cities=[toronto],
        themes=[employment],
        lead_organisation=OrganisationFactory(name="TRIEC", slug="triec-org"),
    )
    OutcomeFactory(
        practice=triec,
        label="Immigrants placed in Career Bridge internships",
        value=Decimal("380"),
        unit="",
        year=2007,
    )
    PracticeFactory(title="Montréal language cafés", cities=[montreal], themes=[education])
    PracticeFactory(title="Lyon employers' charter", cities=[lyon], themes=[employment])
    PublicationFactory(
        title="Cities and the labour market: workshop report",
        slug="labour-report",
        practices=[triec],
    )


def _find_triec_and_its_report(page, javascript: bool):
    from playwright.sync_api import expect

    page.get_by_role("link", name="Browse all practices").click()
    expect(page.get_by_role("heading", name="3 practices")).to_be_visible()

    filters = page.locator("#practice-filters")
    page.evaluate("window.sameDocument = true")  # survives in-place refreshes only
    filters.get_by_role("checkbox", name=re.compile(r"^Employment")).check()
    if javascript:
        expect(page).to_have_url(re.compile(r"theme=employment"))
        expect(page.get_by_role("heading", name="2 practices")).to_be_visible()
    filters.get_by_role("checkbox", name=re.compile(r"^Canada")).check()
    if javascript:
        expect(page).to_have_url(re.compile(r"theme=employment.*country=CA"))
        expect(page.locator("[data-live-status]")).to_have_text("1 practice")
    else:
        filters.get_by_role("button", name="Apply filters").last.click()
        expect(page).to_have_url(re.compile(r"theme=employment.*country=CA"))

    expect(page.get_by_role("heading", name="1 practice")).to_be_visible()
    assert page.evaluate("window.sameDocument === true") is javascript
    expect(page.get_by_role("link", name="TRIEC Career Bridge internships")).to_be_visible()
    expect(page.get_by_role("link", name="Lyon employers' charter")).to_have_count(0)

    page.get_by_role("link", name="TRIEC Career Bridge internships").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("TRIEC Career Bridge internships")
    figures = page.locator(".figures")
    expect(figures).to_contain_text("380")
    expect(figures).to_contain_text("Immigrants placed in Career Bridge internships")

    page.get_by_role("link", name="Cities and the labour market: workshop report").click()
    expect(page).to_have_url(re.compile(r"/publications/labour-report/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cities and the labour market")


def test_the_journey_with_javascript(live_server, browser, catalogue):
    page = browser.new_page()
    page.goto(live_server.url)

    _find_triec_and_its_report(page, javascript=True)


def test_the_journey_without_javascript(live_server, browser, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url)

    _find_triec_and_its_report(page, javascript=False)
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshot_of_the_practice_list(live_server, browser, catalogue, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/practices/?theme=employment")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    # For a person to look at the layout; nothing reads these files back.
    page.screenshot(path=f"/tmp/practice-list-{width}.png", full_page=True)  # noqa: S108
    assert overflow <= 0, "the list scrolls sideways"
