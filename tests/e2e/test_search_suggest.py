"""The header search box as a combobox: suggestions while typing, chosen with the keyboard;
without JavaScript the same box is a plain search form."""

import pytest

from tests.factories import CityFactory, PracticeFactory, ThemeFactory


@pytest.fixture
def catalogue():
    ThemeFactory(name="Citizenship and participation", slug="citizenship")
    CityFactory(name="São Paulo", slug="sao-paulo")
    PracticeFactory(title="Citizenship Fund", slug="citizenship-fund")


def test_arrows_choose_a_suggestion_and_enter_opens_it(live_server, browser, catalogue):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    box = page.locator("#site-search-q")

    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.click()
    box.press_sequentially("citiz")
    page.wait_for_selector("#site-search-q-suggestions [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator("#site-search-q-suggestions [role=option]")
    assert options.count() == 2
    assert "Citizenship Fund" in options.nth(1).inner_text()

    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None

    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == live_server.url + "/practices/citizenship-fund/"
    page.close()


def test_enter_without_a_choice_searches(live_server, browser, catalogue):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    box = page.locator("#site-search-q")
    box.fill("sao paulo")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith("/search/?q=sao+paulo")
    assert "São Paulo" in page.locator("main").inner_text()
    page.close()


def test_without_javascript_the_box_is_a_plain_search_form(live_server, browser, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    box = page.locator("#site-search-q")
    assert box.get_attribute("role") is None
    box.fill("citizenshp")
    box.press("Enter")
    page.wait_for_load_state()
    assert "Did you mean" in page.locator("main").inner_text()
    context.close()
