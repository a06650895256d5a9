"""The city map says so when its tiles cannot load, and draws vector pins."""

from tests.e2e.test_accessibility import _violations, official  # noqa: F401


def test_the_map_says_when_its_tiles_cannot_load(live_server, browser, official):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    # Offline: every request that is not to the portal itself fails.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page.goto(live_server.url + "/cities/")

    status = page.locator("[data-map-status]")
    status.wait_for(state="visible")
    assert "could not be loaded" in status.text_content()
    assert page.locator(".city-pin svg").count() >= 4
    assert page.get_by_role("link", name="The Hague").first.is_visible()
    assert _violations(page) == []
    page.close()
