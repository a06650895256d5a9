"""`make screenshots`: every page type at a phone and a desktop width, into screenshots/.

Not collected with the suite (no test_ prefix); run through `make screenshots`, which
names this file. Each PNG is the whole page, named after its URL and width.
"""

import re
from pathlib import Path

import pytest

from tests.e2e.sessions import sign_in
from tests.e2e.test_accessibility import (  # noqa: F401
    OFFICIAL_PAGES,
    PUBLIC_PAGES,
    _open,
    official,
)

OUT = Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = [360, 1280]
EXTRA_PUBLIC_PAGES = ["/contact/?invalid", "/api/docs/"]


def _name(url: str, width: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"
    return f"{slug}-{width}.png"


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(live_server, browser, official, width):  # noqa: F811
    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for url in [*PUBLIC_PAGES, *EXTRA_PUBLIC_PAGES]:
        if url == "/contact/?invalid":
            page.goto(live_server.url + "/contact/")
            page.click("form.stacked-form button[type=submit]")
            page.wait_for_load_state()
        else:
            _open(page, live_server.url + url)
        page.screenshot(path=str(OUT / _name(url, width)), full_page=True)
    sign_in(context, live_server, official)
    for url in OFFICIAL_PAGES:
        page.goto(live_server.url + url)
        page.screenshot(path=str(OUT / _name(url, width)), full_page=True)
    context.close()
