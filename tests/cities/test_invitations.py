"""An editor (not a superuser) invites an official, who sets a password and is signed in."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from cities.models import Official
from cities.services import InvitationRefused, invitation_url, invite_official
from cities.tokens import InvitationTokenGenerator
from core.mail import MailNotSent
from tests.factories import CityFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
INVITE_URL = "/admin/cities/official/add/"
PASSWORD = "a-fresh-passphrase-2026"


@pytest.fixture
def toronto():
    return CityFactory(name="Toronto", slug="toronto", country="CA")


def invitation_link(message) -> str:
    return re.search(r"http://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)


def accept(client: Client, link: str, password: str = PASSWORD):
    form = client.get(link, follow=True)
    assert "Welcome: choose your password" in form.content.decode()
    return client.post(
        form.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def test_editor_invites_an_official_who_sets_a_password_and_is_signed_in(
    editor, editor_client, toronto, visitor
):
    assert not editor.is_superuser
    form = editor_client.get(INVITE_URL)
    assert form.status_code == 200
    page = form.content.decode()
    assert '<label for="id_email">' in page
    assert "/admin/autocomplete/" not in page

    response = editor_client.post(
        INVITE_URL, {"email": "Ana.Silva@Toronto.ca ", "city": toronto.pk, "role": "Policy officer"}
    )
    assert response.status_code == 302
    official = Official.objects.select_related("user").get(city=toronto)
    assert official.role == "Policy officer"
    assert official.user.email == "ana.silva@toronto.ca"
    assert not official.user.has_usable_password()
    assert not official.user.is_staff

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana.silva@toronto.ca"]
    assert "Toronto" in message.subject
    assert "7 days" in message.body
    html = message.alternatives[0][0]
    assert invitation_link(message) in html

    landed = accept(visitor, invitation_link(message))
    assert landed.redirect_chain[-1][0] == "/my/practices/"
    assert landed.context["user"] == official.user
    official.user.refresh_from_db()
    assert official.user.check_password(PASSWORD)

    # The official signs in again later with the password they chose.
    again = Client().post(
        "/accounts/login/", {"username": "ana.silva@toronto.ca", "password": PASSWORD}
    )
    assert again.status_code == 302
    assert again["Location"] == "/my/practices/"


def test_the_link_works_once(editor, toronto, visitor):
    official = invite_official(email="ana@toronto.ca", city=toronto, by=editor)
    link = invitation_link(mail.outbox[0])
    accept(visitor, link)

    again = Client().get(link, follow=True).content.decode()
    assert "This invitation has been used" in again
    assert 'name="new_password1"' not in again
    official.user.refresh_from_db()
    assert official.user.check_password(PASSWORD)


def test_an_expired_link_is_refused_with_a_clear_message(editor, toronto, monkeypatch, settings):
    settings.INVITATION_VALID_DAYS = 7
    invite_official(email="ana@toronto.ca", city=toronto, by=editor)
    link = invitation_link(mail.outbox[0])
    real_now = InvitationTokenGenerator._now

    monkeypatch.setattr(
        InvitationTokenGenerator, "_now", lambda self: real_now(self) + datetime.timedelta(days=6)
    )
    assert "choose your password" in Client().get(link, follow=True).content.decode()

    monkeypatch.setattr(
        InvitationTokenGenerator, "_now", lambda self: real_now(self) + datetime.timedelta(days=8)
    )
    page = Client().get(link, follow=True).content.decode()
    assert "This invitation link has expired" in page
    assert "Ask the editor who invited you" in page
    assert 'name="new_password1"' not in page


def test_a_password_reset_token_is_no_invitation(editor, toronto):
    official = invite_official(email="ana@toronto.ca", city=toronto, by=editor)
    link = invitation_link(mail.outbox[0])
    forged = link.replace(link.split("/")[-2], default_token_generator.make_token(official.user))
    assert "has expired" in Client().get(forged, follow=True).content.decode()


def test_inviting_an_existing_address_never_duplicates_the_user(editor, editor_client, toronto):
    existing = UserFactory(username="ana@toronto.ca", email="Ana@Toronto.ca")

    editor_client.post(INVITE_URL, {"email": "ANA@toronto.CA", "city": toronto.pk, "role": ""})

    assert User.objects.filter(email__iexact="ana@toronto.ca").count() == 1
    assert Official.objects.get(user=existing).city == toronto
    existing.refresh_from_db()
    assert existing.check_password("a-long-test-password")  # their password stays theirs
    body = mail.outbox[0].body
    assert "Sign in with your existing password" in body
    html = mail.outbox[0].alternatives[0][0]
    sentence = r'<a href="[^"]+">Sign in with your existing password</a> to see and submit'
    assert re.search(sentence, html)
    assert "/accounts/invitation/" not in body


def test_inviting_again_before_the_password_is_set_sends_a_new_link(editor, toronto):
    invite_official(email="ana@toronto.ca", city=toronto, by=editor)
    invite_official(email="ana@toronto.ca", city=toronto, role="Team lead", by=editor)

    assert User.objects.filter(email="ana@toronto.ca").count() == 1
    assert Official.objects.get(user__email="ana@toronto.ca").role == "Team lead"
    assert len(mail.outbox) == 2
    assert "/accounts/invitation/" in mail.outbox[1].body


def test_an_official_of_another_city_is_not_moved(editor, editor_client, toronto, official):
    response = editor_client.post(INVITE_URL, {"email": official.email, "city": toronto.pk})

    assert response.status_code == 200
    assert "already an official of The Hague" in response.content.decode()
    assert Official.objects.get(user=official).city.slug == "the-hague"
    assert mail.outbox == []


def test_bad_input_is_explained_in_the_form(editor_client):
    response = editor_client.post(INVITE_URL, {"email": "not-an-address", "city": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "This field is required." in page
    assert not Official.objects.exists()
    assert mail.outbox == []


def test_when_the_mail_fails_nothing_is_created(editor, toronto, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(MailNotSent):
        invite_official(email="ana@toronto.ca", city=toronto, by=editor)
    assert not User.objects.filter(email="ana@toronto.ca").exists()


def test_only_those_who_may_add_officials_invite(official, toronto, official_client):
    with pytest.raises(PermissionDenied):
        invite_official(email="ana@toronto.ca", city=toronto, by=official)
    assert official_client.get(INVITE_URL).status_code == 302  # to the admin sign-in
    with pytest.raises(InvitationRefused):
        invite_official(
            email=official.email,
            city=toronto,
            by=User.objects.create_superuser("root@example.org", password="x" * 20),
        )


def test_editor_opens_an_official_without_a_user_picker(editor_client, official):
    record = Official.objects.get(user=official)
    response = editor_client.get(f"/admin/cities/official/{record.pk}/change/")
    assert response.status_code == 200
    assert "field_name=user" not in response.content.decode()
    assert editor_client.get("/admin/cities/official/").status_code == 200


def test_invitation_url_is_absolute(editor, settings):
    settings.SITE_URL = "https://exchange.example.org"
    official = OfficialFactory(user=UserFactory(password=None))
    assert invitation_url(official.user).startswith(
        "https://exchange.example.org/accounts/invitation/"
    )


def test_editors_archive_but_cannot_delete(editor, editor_client):
    from tests.factories import PracticeFactory

    practice = PracticeFactory()
    page = editor_client.get(f"/admin/practices/practice/{practice.pk}/change/").content.decode()
    assert "/delete/" not in page
    delete_url = f"/admin/practices/practice/{practice.pk}/delete/"
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert not editor.has_perm("cities.delete_city")
    assert editor.has_perm("cities.delete_official")


def test_editors_hold_no_permission_on_history_tables_or_users(editor):
    codenames = set(editor.get_group_permissions())
    assert not any("historical" in codename for codename in codenames)
    assert not any(codename.startswith("auth.") for codename in codenames)
    assert "cities.add_official" in codenames
    assert "practices.delete_practice" not in codenames
