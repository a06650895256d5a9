"""The filter panel on phones: folded away with JavaScript, so the result count and the active
filters show first; open beside the results on wide screens and wherever JavaScript is off."""

import re

import pytest

from tests.factories import CityFactory, PracticeFactory, PublicationFactory, ThemeFactory

LISTS = ["/practices/?theme=employment", "/publications/?theme=employment"]


@pytest.fixture
def catalogue():
    employment = ThemeFactory(name="Employment", slug="employment")
    education = ThemeFactory(name="Education", slug="education")
    # Enough options that the unfolded facets run far below the fold on a phone.
    for number in range(25):
        city = CityFactory(name=f"City {number:02}", slug=f"city-{number}")
        practice = PracticeFactory(title=f"Practice {number}", cities=[city], themes=[employment])
        PublicationFactory(title=f"Report {number}", practices=[practice], themes=[employment])
    PracticeFactory(title="Language cafés", themes=[education])


def _panel(page) -> dict:
    return page.evaluate(
        """() => {
            const count = document.getElementById('results-heading').getBoundingClientRect();
            const chip = document.querySelector('.chip').getBoundingClientRect();
            const panel = document.querySelector('[data-filter-panel]');
            return {
                open: panel.open,
                summary: panel.querySelector('summary').textContent.replace(/\\s+/g, ' ').trim(),
                countTop: count.top,
                chipTop: chip.top,
            };
        }"""
    )


@pytest.mark.parametrize("url", LISTS)
def test_on_a_phone_the_count_and_chips_come_before_the_folded_facets(
    live_server, browser, catalogue, url
):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(live_server.url + url)

    panel = _panel(page)
    assert panel["summary"] == "Filters (1 active)"
    assert not panel["open"]
    # The count is on the first screen; the chips at most a short scroll (a third of a screen)
    # further, rather than below two thousand pixels of options.
    assert panel["countTop"] < 800, panel
    assert panel["chipTop"] < 800 * 4 / 3, panel

    page.locator(".filters__panel > summary").click()
    assert page.locator("#f-theme-employment").is_visible()
    page.close()


@pytest.mark.parametrize("url", LISTS)
def test_on_a_wide_screen_and_without_javascript_the_facets_are_open(
    live_server, browser, catalogue, url
):
    for width, javascript in [(1280, True), (360, False)]:
        context = browser.new_context(
            viewport={"width": width, "height": 800}, java_script_enabled=javascript
        )
        page = context.new_page()
        page.goto(live_server.url + url)
        assert page.locator("#f-theme-employment").is_visible(), (width, javascript)
        context.close()


def test_live_filters_keep_the_panel_open_and_its_count_current(live_server, browser, catalogue):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(live_server.url + "/practices/")
    expect(page.locator(".filters__panel > summary")).to_have_text(re.compile(r"^\s*Filters\s*$"))

    page.locator(".filters__panel > summary").click()
    page.locator("#practice-filters").get_by_role("checkbox", name=re.compile("^Education")).check()

    expect(page.locator("[data-live-status]")).to_have_text("1 practice")
    expect(page.locator(".filters__panel > summary")).to_contain_text("(1 active)")
    assert page.evaluate("document.querySelector('[data-filter-panel]').open")
    page.close()
