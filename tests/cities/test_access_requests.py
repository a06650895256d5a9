"""Someone asks for access; an editor accepts (which invites them) or declines (with a reason)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from cities.models import AccessRequest, Official
from cities.services import AlreadyDecided, accept_access_request, decline_access_request
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
URL = "/accounts/request-access/"


@pytest.fixture
def toronto():
    return CityFactory(name="Toronto", slug="toronto", country="CA")


def asked(**overrides) -> dict:
    data = {
        "name": "Ana Silva",
        "email": "ana@toronto.ca",
        "organisation": "City of Toronto",
        "role": "Policy officer",
        "city": "",
        "city_name": "",
        "message": "We run a newcomer office.",
        "website": "",
    }
    data.update(overrides)
    return data


def admin_url(access_request: AccessRequest) -> str:
    return f"/admin/cities/accessrequest/{access_request.pk}/change/"


def test_the_form_is_labelled_protected_and_linked_from_sign_in(visitor):
    page = visitor.get(URL).content.decode()
    for field in ("name", "email", "organisation", "role", "city", "city_name", "message"):
        assert f'<label for="id_{field}">' in page
    assert "csrfmiddlewaretoken" in page
    assert 'id="id_email_helptext"' in page
    assert URL in visitor.get("/accounts/login/").content.decode()


def test_a_request_is_stored_for_the_editors_and_nothing_is_sent_to_the_address(
    visitor, editor, toronto
):
    response = visitor.post(URL, asked(city=toronto.pk), follow=True)

    assert "the editors have your request" in response.content.decode()
    request = AccessRequest.objects.get()
    assert (request.name, request.city, request.status) == ("Ana Silva", toronto, "pending")
    assert not User.objects.filter(email="ana@toronto.ca").exists()
    assert not Official.objects.exists()
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Ana Silva" in mail.outbox[0].subject
    assert admin_url(request) in mail.outbox[0].body


def test_bad_input_is_explained(visitor):
    response = visitor.post(URL, asked(name="", email="nope", organisation=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Choose your city, or type its name below." in page
    # Each at its field and again, as a link to it, in the error summary.
    assert page.count("This field is required.") == 4
    assert 'href="#id_name">Your name: This field is required.' in page
    assert "<title>Error: " in page
    assert not AccessRequest.objects.exists()


def test_a_city_not_in_the_list_can_be_typed(visitor):
    visitor.post(URL, asked(city_name="  Hamilton "))
    assert AccessRequest.objects.get().city_name == "Hamilton"


def test_the_honeypot_stores_nothing(visitor, editor):
    response = visitor.post(URL, asked(city_name="Hamilton", website="http://spam.example"))
    assert response.status_code == 302
    assert not AccessRequest.objects.exists()
    assert mail.outbox == []


def test_asking_again_updates_the_waiting_request(visitor):
    visitor.post(URL, asked(city_name="Hamilton"))
    visitor.post(URL, asked(email="ANA@toronto.ca", city_name="Hamilton", message="Also: a fund."))
    assert AccessRequest.objects.get().message == "Also: a fund."


def test_requests_are_rate_limited_per_address(visitor, settings):
    settings.ACCESS_REQUESTS_PER_EMAIL = 2
    for _ in range(2):
        assert visitor.post(URL, asked(city_name="Hamilton")).status_code == 302
    response = visitor.post(URL, asked(city_name="Hamilton", message="Third time"))

    assert response.status_code == 429
    assert "several times today" in response.content.decode()
    assert AccessRequest.objects.get().message == "We run a newcomer office."
    # Another address from elsewhere is not held back.
    other = visitor.post(URL, asked(email="ben@toronto.ca", city_name="Hamilton"))
    assert other.status_code == 302


def test_requests_are_rate_limited_per_client(visitor, settings):
    settings.ACCESS_REQUESTS_PER_IP = 3
    codes = [
        visitor.post(URL, asked(email=f"n{n}@spam.example", city_name="X")).status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert AccessRequest.objects.count() == 3


def test_an_editor_accepts_which_sends_the_invitation(visitor, editor, editor_client, toronto):
    visitor.post(URL, asked(city=toronto.pk))
    request = AccessRequest.objects.get()
    mail.outbox.clear()

    page = editor_client.get(admin_url(request)).content.decode()
    assert 'name="_accept"' in page
    response = editor_client.post(
        admin_url(request), {"city": toronto.pk, "decline_reason": "", "_accept": "1"}
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("accepted", editor)
    official = Official.objects.get(user__email="ana@toronto.ca")
    assert (official.city, official.role) == (toronto, "Policy officer")
    assert mail.outbox[0].to == ["ana@toronto.ca"]
    assert "/accounts/invitation/" in mail.outbox[0].body


def test_an_unlisted_city_must_be_chosen_before_accepting(visitor, editor_client, toronto):
    visitor.post(URL, asked(city_name="Toronto, Ontario"))
    request = AccessRequest.objects.get()

    refused = editor_client.post(
        admin_url(request), {"city": "", "decline_reason": "", "_accept": "1"}, follow=True
    )
    assert "Choose the city first" in refused.content.decode()
    assert not Official.objects.exists()

    editor_client.post(
        admin_url(request), {"city": toronto.pk, "decline_reason": "", "_accept": "1"}
    )
    assert Official.objects.get().city == toronto


def test_an_editor_declines_with_a_reason_that_is_mailed(visitor, editor, editor_client):
    visitor.post(URL, asked(city_name="Hamilton"))
    request = AccessRequest.objects.get()
    mail.outbox.clear()

    no_reason = editor_client.post(
        admin_url(request), {"city": "", "decline_reason": "", "_decline": "1"}, follow=True
    )
    assert "Give a reason" in no_reason.content.decode()
    assert mail.outbox == []

    editor_client.post(
        admin_url(request),
        {"city": "", "decline_reason": "Please use your city address.", "_decline": "1"},
    )
    request.refresh_from_db()
    assert request.status == "declined"
    assert mail.outbox[0].to == ["ana@toronto.ca"]
    assert "Please use your city address." in mail.outbox[0].body
    assert "Please use your city address." in mail.outbox[0].alternatives[0][0]
    assert not User.objects.filter(email="ana@toronto.ca").exists()


def test_an_answered_request_is_answered_once(editor, toronto):
    request = AccessRequest.objects.create(
        name="Ana", email="ana@toronto.ca", organisation="City", city=toronto
    )
    accept_access_request(access_request=request, by=editor)
    with pytest.raises(AlreadyDecided):
        decline_access_request(access_request=request, by=editor, reason="No")
    with pytest.raises(AlreadyDecided):
        accept_access_request(access_request=request, by=editor)
    assert Official.objects.count() == 1


def test_officials_and_visitors_cannot_see_the_requests(official_client, visitor):
    assert official_client.get("/admin/cities/accessrequest/").status_code == 302
    assert visitor.get("/admin/cities/accessrequest/").status_code == 302
