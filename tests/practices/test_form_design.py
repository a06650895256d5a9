"""The officials' practice form: prompts instead of dashes, partners as ticked boxes, one
primary button, and an error summary that names each field in error."""

import pytest

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_drop_downs_prompt_instead_of_dashes(official_client):
    page = official_client.get("/my/practices/new/").content.decode()

    assert "---------" not in page
    assert "Choose the lead organisation" in page
    assert "Choose a kind of organisation" in page


def test_partners_are_checkboxes_with_a_filter_hook_not_a_multi_select(official_client):
    OrganisationFactory(name="TRIEC")

    page = official_client.get("/my/practices/new/").content.decode()

    assert '<select name="partners"' not in page
    assert 'type="checkbox" name="partners"' in page
    assert 'id="id_partners-group"' in page and "data-filterable" in page
    assert "Ctrl" not in page


def test_save_draft_is_secondary_and_submit_is_primary(official_client):
    page = official_client.get("/my/practices/new/").content.decode()

    assert 'value="save" class="button--secondary"' in page
    assert 'value="submit">' in page


def test_a_failed_save_has_an_error_summary_and_an_error_title(official_client):
    page = official_client.post("/my/practices/new/", {"title": "", "action": "save"})

    html = page.content.decode()
    assert "<title>\n  Error:" in html or "<title>Error:" in html
    assert "data-error-summary" in html and "There is a problem" in html
    assert 'href="#id_title"' in html
