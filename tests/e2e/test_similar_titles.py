"""The duplicate hint while typing: similar-titles.js lists practices of the ticked city
with a similar title in an aria-live region, with links, and never blocks saving."""

from practices.models import Practice
from tests.e2e.sessions import sign_in
from tests.factories import CityFactory, OfficialFactory, PracticeFactory, UserFactory


def test_typing_a_title_like_an_existing_practice_lists_it(live_server, browser):
    from playwright.sync_api import expect

    the_hague = CityFactory(name="The Hague", slug="the-hague")
    PracticeFactory(title="Citizenship Fund", slug="citizenship-fund", cities=[the_hague])
    official = OfficialFactory(user=UserFactory(username="official@example.org"), city=the_hague)
    context = browser.new_context()
    sign_in(context, live_server, official.user)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/my/practices/new/")

    hint = page.locator("[data-similar-titles]")
    assert hint.get_attribute("aria-live") == "polite"
    page.get_by_label("Title").press_sequentially("The Citizenship Fund", delay=20)

    link = hint.get_by_role("link", name="Citizenship Fund")
    expect(link).to_have_attribute("href", "/practices/citizenship-fund/")
    expect(hint).to_contain_text("The Hague · Published")

    page.get_by_label("Summary").fill("Small grants for residents.")
    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(f"{live_server.url}/my/practices/")
    assert Practice.objects.filter(title="The Citizenship Fund").exists()
    assert not errors
    context.close()
