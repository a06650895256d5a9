"""An official's practice form in headless Chromium: "Add another outcome" adds rows that
Django reads, with their own labels; without JavaScript the button stays hidden."""

from decimal import Decimal

from practices.models import Practice
from tests.e2e.sessions import sign_in
from tests.factories import OfficialFactory, UserFactory


def _signed_in_context(browser, live_server, **options):
    """A browser context with an official's session cookie."""
    official = OfficialFactory(user=UserFactory(username="official@example.org")).user
    context = browser.new_context(**options)
    sign_in(context, live_server, official)
    return context


def test_adding_two_outcome_rows_and_saving_three_outcomes(live_server, browser):
    from playwright.sync_api import expect

    context = _signed_in_context(browser, live_server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/my/practices/new/")
    page.get_by_label("Title").fill("Welcome desk")
    page.get_by_label("Summary").fill("One desk for every newcomer's first questions.")

    add = page.get_by_role("button", name="Add another outcome")
    add.click()
    add.click()

    rows = page.locator("[data-outcome-row]")
    expect(rows).to_have_count(4)
    expect(rows.nth(3).locator("legend")).to_have_text("Outcome 4")
    # The new row's first field has the focus, and its labels point at its own fields.
    assert page.evaluate("document.activeElement.id") == "id_outcomes-3-label"
    ids = page.evaluate("[...document.querySelectorAll('form [id]')].map(el => el.id)")
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert page.locator("#id_outcomes-TOTAL_FORMS").input_value() == "4"

    for row, (label, value) in zip(
        [0, 2, 3], [("Visitors", "500"), ("Languages", "12"), ("Volunteers", "40")], strict=True
    ):
        fields = rows.nth(row)
        fields.get_by_label("What was measured").fill(label)
        fields.locator('input[name$="-value"]').fill(value)
    page.get_by_role("button", name="Save draft").click()

    expect(page).to_have_url(f"{live_server.url}/my/practices/")
    practice = Practice.objects.get(title="Welcome desk")
    assert [(o.label, o.value) for o in practice.outcomes.order_by("position")] == [
        ("Visitors", Decimal("500")),
        ("Languages", Decimal("12")),
        ("Volunteers", Decimal("40")),
    ]
    assert not errors
    context.close()


def test_without_javascript_the_button_stays_hidden(live_server, browser):
    context = _signed_in_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/my/practices/new/")

    assert page.locator("[data-outcome-row]").count() == 2
    assert not page.get_by_role("button", name="Add another outcome").is_visible()
    context.close()
