"""Every change is kept: who, when, and each field's old and new value, wherever it is made."""

import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models.fields.files import FieldFile
from rest_framework.test import APIClient

from cities.models import City
from core.history import recorded_as
from portal.accounts import ensure_editors_group
from portal.management.initial_data import DEFAULT_DATA_DIR, LOADER_REASON
from practices import services
from practices.models import Outcome, Practice
from tests.factories import (
    CityFactory,
    OutcomeFactory,
    PracticeFactory,
    ThemeFactory,
    UserFactory,
    api_token,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def latest_change(practice: Practice):
    """The newest history record of the practice and what it changed since the one before."""
    new, old = practice.history.order_by("-history_date", "-history_id")[:2]
    return new, {change.field: (change.old, change.new) for change in new.diff_against(old).changes}


def admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or isinstance(value, FieldFile) or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(item) for item in value]
            data[form.add_prefix(name)] = value
    return data


def test_an_official_edit_from_the_form_is_recorded(official_client, official, the_hague):
    practice = services.create_practice(
        by=official, title="Help desk", summary="A help desk.", cities=[the_hague]
    )
    form = official_client.get(f"/my/practices/{practice.slug}/edit/")
    data = {
        "title": "Help desk for newcomers",
        "summary": "A help desk.",
        "scope": "city",
        "cities": [str(the_hague.pk)],
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "50",
        "outcomes-0-label": "Visitors",
        "outcomes-0-value": "500",
        "action": "save",
    }
    assert form.status_code == 200
    assert official_client.post(f"/my/practices/{practice.slug}/edit/", data).status_code == 302

    record, changes = latest_change(practice)
    assert record.history_user == official
    assert record.history_type == "~"
    assert changes["title"] == ("Help desk", "Help desk for newcomers")
    outcome = Outcome.history.get(practice_id=practice.pk)
    assert outcome.history_user == official
    assert outcome.history_type == "+"


def test_an_editor_change_in_the_admin_is_recorded(editor_client, editor):
    practice = PracticeFactory(title="TRIEC", themes=[ThemeFactory(name="Employment")])
    OutcomeFactory(practice=practice, value=Decimal("380"))
    url = f"/admin/practices/practice/{practice.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data["title_en"] = "Toronto Region Immigrant Employment Council"  # one column per language
    data["outcomes-0-value"] = "400"
    data["themes"] = [str(ThemeFactory(name="Education").pk)]

    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    record, _ = latest_change(practice)
    assert record.history_user == editor
    titles = [r.title for r in practice.history.filter(history_user=editor)]
    assert "Toronto Region Immigrant Employment Council" in titles
    themes = practice.history.filter(history_user=editor).order_by("-history_date").first()
    assert [t.theme.name for t in themes.themes.all()] == ["Education"]
    outcome = Outcome.history.filter(practice_id=practice.pk).order_by("-history_date").first()
    assert outcome.history_user == editor
    assert outcome.value == Decimal("400")
    assert outcome.prev_record.value == Decimal("380")


def test_a_partner_change_through_the_api_is_recorded(the_hague):
    partner = UserFactory(username="partner@example.org")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    practice = services.create_practice(
        by=partner, title="Help desk", summary="A help desk.", cities=[the_hague]
    )
    practice.history.update(history_user=None)  # so only the API's own record names the partner

    response = api.patch(
        f"/api/v1/practices/{practice.slug}/", {"title": "Help desk for all"}, format="json"
    )
    assert response.status_code == 200, response.json()

    record, changes = latest_change(practice)
    assert record.history_user == partner
    assert changes["title"] == ("Help desk", "Help desk for all")


def test_moderation_steps_are_recorded_with_the_status_change(official, editor):
    practice = services.create_practice(
        by=official, title="Help desk", summary="A help desk.", cities=[official.official.city]
    )
    services.submit_practice(practice=practice, by=official)
    services.send_back_practice(practice=practice, by=editor, note="Add figures.")

    record, changes = latest_change(practice)
    assert record.history_user == editor
    assert changes["status"] == ("submitted", "draft")
    assert changes["review_note"] == ("", "Add figures.")
    submitted = record.prev_record
    assert submitted.history_user == official
    assert submitted.status == "submitted"


def test_services_outside_a_request_name_the_user_explicitly(official):
    editor = UserFactory(username="night-shift@example.org", is_staff=True)
    editor.groups.add(ensure_editors_group())
    practice = PracticeFactory(status="published")
    services.archive_practice(practice=practice, by=editor)
    assert practice.history.latest("history_date").history_user == editor

    city = CityFactory()
    with recorded_as(official, reason="Bulk fix"):
        city.name = "Den Haag"
        city.save()
    record = city.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (official, "Bulk fix")


@pytest.fixture
def data_dir(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    return copy


def test_load_initial_data_changes_are_recorded_as_the_loader(data_dir):
    call_command("load_initial_data", "--data-dir", str(data_dir), stdout=StringIO())
    triec = Practice.objects.get(slug="triec-toronto")
    first = triec.history.earliest("history_date")
    assert first.history_type == "+"
    assert first.history_user is None
    assert first.history_change_reason == LOADER_REASON
    copenhagen = City.objects.get(slug="copenhagen")
    assert copenhagen.history.get().history_change_reason == LOADER_REASON

    practices = data_dir / "practices.yaml"
    text = practices.read_text()
    text = text.replace(
        "title: Toronto Region Immigrant Employment Council (TRIEC)",
        "title: Toronto Region Immigrant Employment Council",
    ).replace("        value: 380\n", "        value: 400\n")
    practices.write_text(text)
    call_command("load_initial_data", "--data-dir", str(data_dir), stdout=StringIO())

    record, changes = latest_change(triec)
    assert record.history_user is None
    assert record.history_change_reason == LOADER_REASON
    assert changes["title"] == (
        "Toronto Region Immigrant Employment Council (TRIEC)",
        "Toronto Region Immigrant Employment Council",
    )
    placed = Outcome.history.filter(practice_id=triec.pk, value=Decimal("400")).get()
    assert placed.history_type == "~"
    assert placed.prev_record.value == Decimal("380")
    assert placed.history_change_reason == LOADER_REASON


def test_the_admin_history_page_shows_who_when_and_old_to_new(editor_client, editor, official):
    practice = services.create_practice(
        by=official, title="Help desk", summary="A help desk.", cities=[official.official.city]
    )
    services.set_outcomes(practice=practice, outcomes=[{"label": "Visitors", "value": 500}])
    services.update_practice(
        practice=practice,
        by=official,
        title="Help desk for newcomers",
        themes=[ThemeFactory(name="Employment")],
        outcomes=[{"label": "Visitors", "value": 650}],
    )
    services.submit_practice(practice=practice, by=official)
    services.approve_practice(practice=practice, by=editor)

    response = editor_client.get(f"/admin/practices/practice/{practice.pk}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "official@example.org" in page
    assert "editor@example.org" in page
    assert (
        "<strong>Title:</strong> <del>Help desk</del> → <ins>Help desk for newcomers</ins>" in page
    )
    assert "<del>Submitted for review</del> → <ins>Published</ins>" in page
    assert "<strong>Themes:</strong> <del>—</del> → <ins>Employment</ins>" in page
    assert "Changes to its outcomes" in page
    assert "<del>500.00</del> → <ins>650.00</ins>" in page


def test_the_history_page_costs_a_fixed_number_of_queries(editor_client, official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    practice = services.create_practice(
        by=official, title="Help desk", summary="A help desk.", cities=[official.official.city]
    )
    url = f"/admin/practices/practice/{practice.pk}/history/"
    themes = [ThemeFactory() for _ in range(3)]

    def change(number: int) -> None:
        services.update_practice(
            practice=practice,
            by=official,
            title=f"Help desk {number}",
            themes=themes[: number % 3 + 1],
            outcomes=[{"label": "Visitors", "value": number}],
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    change(0)
    editor_client.get(url)  # warm caches (content types, permissions)
    one = queries()
    for number in range(1, 20):
        change(number)
    assert queries() == one


def test_history_cannot_be_reverted_from_the_admin(editor_client, official):
    practice = services.create_practice(
        by=official, title="Help desk", summary="A help desk.", cities=[official.official.city]
    )
    services.update_practice(practice=practice, by=official, title="Help desk for newcomers")
    first = practice.history.earliest("history_date")
    url = f"/admin/practices/practice/{practice.pk}/history/{first.history_id}/"

    assert editor_client.get(url).status_code == 200
    assert editor_client.post(url, {"title": "Help desk"}).status_code == 403
    practice.refresh_from_db()
    assert practice.title == "Help desk for newcomers"


def test_history_survives_a_superusers_deletion(official):
    root = User.objects.create_superuser("root@example.org", password="x" * 20)
    practice = services.create_practice(
        by=official, title="Help desk", summary="A help desk.", cities=[official.official.city]
    )
    pk = practice.pk
    client = APIClient()
    client.force_login(root)
    response = client.post(f"/admin/practices/practice/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Practice.objects.filter(pk=pk).exists()

    history = Practice.history.filter(id=pk).order_by("history_date")
    types = [r.history_type for r in history]
    assert (types[0], types[-1]) == ("+", "-")
    assert history.last().history_user == root
    assert client.get(f"/admin/practices/practice/{pk}/history/").status_code == 200


@pytest.mark.parametrize(
    "url", ["cities/city", "cities/organisation", "practices/theme", "publications/publication"]
)
def test_curated_records_have_a_history_page(editor_client, url):
    from tests.factories import OrganisationFactory, PublicationFactory

    record = {
        "cities/city": CityFactory,
        "cities/organisation": OrganisationFactory,
        "practices/theme": ThemeFactory,
        "publications/publication": PublicationFactory,
    }[url]()
    record.save()
    assert editor_client.get(f"/admin/{url}/{record.pk}/history/").status_code == 200
    assert record.history.count() >= 1
