"""An official's loop in headless Chromium: save a draft with an outcome, preview it, submit
it, withdraw it to change it, submit again; once published, propose a change."""

from practices import services
from practices.models import Practice, PracticeRevision
from tests.e2e.sessions import sign_in
from tests.factories import CityFactory, OfficialFactory, UserFactory


def test_an_official_previews_submits_withdraws_and_proposes_a_change(live_server, browser):
    from playwright.sync_api import expect

    from portal.accounts import ensure_editors_group

    city = CityFactory(name="The Hague", slug="the-hague")
    official = OfficialFactory(user=UserFactory(username="official@example.org"), city=city).user
    editor = UserFactory(username="editor@example.org", is_staff=True)
    editor.groups.add(ensure_editors_group())
    context = browser.new_context()
    sign_in(context, live_server, official)
    page = context.new_page()
    mine = f"{live_server.url}/my/practices/"

    page.goto(f"{live_server.url}/my/practices/new/")
    page.get_by_label("Title").fill("Welcome desk")
    page.get_by_label("Summary").fill("One desk for every newcomer's first questions.")
    page.locator('input[name="outcomes-0-label"]').fill("Visitors")
    page.locator('input[name="outcomes-0-value"]').fill("500")
    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(mine)

    page.get_by_role("link", name="Preview “Welcome desk”").click()
    expect(page.get_by_role("note")).to_contain_text("It is not public")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome desk")
    expect(page.get_by_text("Visitors")).to_be_visible()
    page.goto(mine)

    page.get_by_role("button", name="Submit for review “Welcome desk”").click()
    expect(page.get_by_text("Waiting for an editor's review.")).to_be_visible()
    page.get_by_role("button", name="Withdraw from review to change it “Welcome desk”").click()
    expect(page.get_by_text("is withdrawn from review")).to_be_visible()
    page.get_by_role("link", name="Edit “Welcome desk”").click()
    page.get_by_label("Summary").fill("One desk, in twelve languages, for first questions.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("is submitted")).to_be_visible()

    practice = Practice.objects.get(title="Welcome desk")
    assert practice.status == Practice.Status.SUBMITTED
    services.approve_practice(practice=practice, by=editor)

    page.goto(mine)
    page.get_by_role("link", name="Propose a change “Welcome desk”").click()
    page.get_by_label("Summary").fill("One desk, in fourteen languages, for first questions.")
    page.get_by_role("button", name="Propose this change").click()
    expect(page.get_by_text("A change is waiting for review")).to_be_visible()

    revision = PracticeRevision.objects.get()
    assert set(revision.changes) == {"summary"}
    public = context.new_page()
    public.goto(f"{live_server.url}/practices/{practice.slug}/")
    expect(public.get_by_text("twelve languages")).to_be_visible()
    context.close()
