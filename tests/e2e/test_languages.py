"""A French browser's visit: the portal opens at the French address of the page asked for,
and the switcher, without JavaScript, brings it back to English on the same page with the
same filters, and English sticks."""

from tests.factories import PracticeFactory, ThemeFactory


def test_a_french_browser_switches_to_english_and_stays_there(live_server, browser):
    employment = ThemeFactory(name="Employment", slug="employment")
    PracticeFactory(title="Career Bridge", slug="career-bridge", themes=[employment])
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()

    page.goto(live_server.url + "/practices/?theme=employment")
    assert page.url == live_server.url + "/fr/practices/?theme=employment"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator('.language-switcher a[aria-current="true"]').get_attribute("lang") == "fr"

    page.locator('.language-switcher a[lang="en"]').click()
    assert page.url == live_server.url + "/practices/?theme=employment"
    assert page.locator("html").get_attribute("lang") == "en"

    page.goto(live_server.url + "/practices/career-bridge/")
    assert page.url == live_server.url + "/practices/career-bridge/"
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
