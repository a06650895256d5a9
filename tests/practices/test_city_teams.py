"""All officials of a city share its practices; a submission is frozen until withdrawn."""

import pytest
from django.core import mail
from django.test import Client

from practices import services
from practices.models import Practice
from tests.factories import CityFactory, OfficialFactory, UserFactory
from tests.practices.test_submissions import form_data

pytestmark = pytest.mark.django_db
MINE = "/my/practices/"


@pytest.fixture
def colleague(the_hague):
    """A second official of The Hague."""
    return OfficialFactory(
        user=UserFactory(username="colleague@example.org", email="colleague@example.org"),
        city=the_hague,
    ).user


@pytest.fixture
def colleague_client(colleague):
    client = Client()
    client.force_login(colleague)
    return client


@pytest.fixture
def toronto_client():
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    client = Client()
    client.force_login(OfficialFactory(city=toronto).user)
    return client


@pytest.fixture
def draft(official, the_hague):
    return services.create_practice(
        by=official, title="Citizenship Fund", summary="Small grants.", cities=[the_hague]
    )


def test_a_colleague_sees_edits_and_submits_the_citys_draft(
    colleague_client, colleague, draft, editor
):
    listing = colleague_client.get(MINE).content.decode()
    assert "Citizenship Fund" in listing
    assert "by official@example.org" in listing
    assert f'href="/my/practices/{draft.slug}/edit/"' in listing

    edit = f"/my/practices/{draft.slug}/edit/"
    assert colleague_client.get(edit).status_code == 200
    response = colleague_client.post(edit, form_data(title="Citizenship Fund 2.0"))
    assert response.status_code == 302

    colleague_client.post(f"/my/practices/{draft.slug}/submit/")
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Citizenship Fund 2.0", "submitted")
    # Whoever submits hears the editors' decision.
    assert draft.submitted_by == colleague
    services.approve_practice(practice=draft, by=editor)
    assert mail.outbox[-1].to == ["colleague@example.org"]


def test_another_citys_official_cannot_see_or_touch_it(toronto_client, draft):
    assert "Citizenship Fund" not in toronto_client.get(MINE).content.decode()
    for url in ("edit", "submit", "withdraw"):
        assert toronto_client.post(f"/my/practices/{draft.slug}/{url}/").status_code == 404
    assert toronto_client.get(f"/my/practices/{draft.slug}/edit/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == Practice.Status.DRAFT


def test_an_officials_practice_must_include_their_city(official_client, the_hague):
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    response = official_client.post("/my/practices/new/", form_data(cities=[str(toronto.pk)]))

    assert response.status_code == 200
    assert "Include your own city, The Hague" in " ".join(response.context["form"].errors["cities"])
    assert not Practice.objects.exists()


def test_the_city_rule_holds_in_the_api(official, the_hague):
    from rest_framework.test import APIClient

    CityFactory(name="Toronto", slug="toronto", country="CA")
    client = APIClient()
    client.force_authenticate(official)

    response = client.post(
        "/api/v1/practices/",
        {"title": "Welcome desk", "summary": "A desk.", "cities": ["toronto"]},
        format="json",
    )

    assert response.status_code == 400
    assert "Include your own city" in response.json()["errors"]["cities"][0]


def test_a_submission_is_frozen_and_can_be_withdrawn(official_client, official, draft):
    services.submit_practice(practice=draft, by=official)
    edit = f"/my/practices/{draft.slug}/edit/"

    response = official_client.get(edit, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == MINE
    assert "waiting for an editor" in page and "Withdraw it from review" in page
    assert 'name="title"' not in page
    official_client.post(edit, form_data(title="Changed while in review"))
    draft.refresh_from_db()
    assert draft.title == "Citizenship Fund"

    listing = official_client.get(MINE).content.decode()
    assert f'action="/my/practices/{draft.slug}/withdraw/"' in listing
    assert official_client.get(f"/my/practices/{draft.slug}/withdraw/").status_code == 405

    response = official_client.post(f"/my/practices/{draft.slug}/withdraw/", follow=True)

    assert "is withdrawn from review" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Practice.Status.DRAFT
    assert (
        official_client.post(edit, form_data(title="Changed after withdrawing")).status_code == 302
    )
    draft.refresh_from_db()
    assert draft.title == "Changed after withdrawing"


def test_withdrawing_needs_the_csrf_token(official, draft):
    services.submit_practice(practice=draft, by=official)
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)

    assert client.post(f"/my/practices/{draft.slug}/withdraw/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == Practice.Status.SUBMITTED


def test_editors_hear_of_a_withdrawal(official, draft, editor):
    services.submit_practice(practice=draft, by=official)
    services.withdraw_practice(practice=draft, by=official)

    assert mail.outbox[-1].to == ["editor@example.org"]
    assert mail.outbox[-1].subject == "Withdrawn from review: Citizenship Fund"
    assert [e.to_status for e in draft.events.order_by("pk")] == ["draft", "submitted", "draft"]
