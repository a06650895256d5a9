"""Editors (not superusers) create partner accounts and issue their API tokens."""

import re

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cities.models import PARTNERS_GROUP, PartnerAccount
from cities.services import AccountRefused, issue_api_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
ADD = "/admin/cities/partneraccount/add/"


def key_in(response) -> str:
    return re.search(r"New API token for \S+: (\w+)\.", response.content.decode()).group(1)


def test_an_editor_creates_a_partner_with_a_token_that_works(editor, editor_client):
    assert not editor.is_superuser
    assert editor_client.get(ADD).status_code == 200

    response = editor_client.post(
        ADD,
        {
            "email": "Data@Migration-Observatory.org",
            "first_name": "Migration Observatory",
            "issue_token": "on",
        },
        follow=True,
    )

    partner = User.objects.get(email="data@migration-observatory.org")
    assert not partner.is_staff and not partner.is_superuser
    assert not partner.has_usable_password()
    assert list(partner.groups.values_list("name", flat=True)) == [PARTNERS_GROUP]
    key = key_in(response)
    assert Token.objects.get(user=partner).key == key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/practices/").status_code == 200
    assert api.post("/api/v1/practices/", {}, format="json").status_code == 400  # signed in


def test_replacing_a_token_stops_the_old_one(editor, editor_client):
    partner = PartnerAccount.objects.get(pk=_partner(editor).pk)
    old = issue_api_token(user=partner, by=editor)
    url = f"/admin/cities/partneraccount/{partner.pk}/change/"

    page = editor_client.get(url).content.decode()
    assert 'name="_issue_token"' in page
    new = key_in(
        editor_client.post(
            url,
            {"first_name": "", "last_name": "", "is_active": "on", "_issue_token": "1"},
            follow=True,
        )
    )
    assert new != old
    assert list(Token.objects.filter(user=partner).values_list("key", flat=True)) == [new]

    editor_client.post(
        url, {"first_name": "", "last_name": "", "is_active": "on", "_revoke_token": "1"}
    )
    assert not Token.objects.filter(user=partner).exists()


def test_partners_list_shows_partner_accounts_only(editor, editor_client, official):
    _partner(editor)
    listed = editor_client.get("/admin/cities/partneraccount/").context["cl"].result_list
    assert [account.email for account in listed] == ["partner@example.org"]


def test_no_token_for_staff_and_no_duplicate_accounts(editor, editor_client, official):
    with pytest.raises(AccountRefused):
        issue_api_token(user=editor, by=editor)
    response = editor_client.post(ADD, {"email": official.email, "issue_token": "on"})
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert User.objects.filter(email=official.email).count() == 1


def test_token_admin_issues_through_the_same_service(editor, editor_client):
    partner = UserFactory(username="feed@example.org")
    editor_client.post("/admin/authtoken/tokenproxy/add/", {"user": partner.pk})
    assert Token.objects.filter(user=partner).count() == 1


def _partner(editor):
    from cities.services import create_partner_account

    return create_partner_account(email="partner@example.org", by=editor)
