"""Editors (not superusers) create partner accounts and issue their API tokens.

Tokens are django-rest-knox's: only a digest is stored, and each expires.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from cities.models import PARTNERS_GROUP, PartnerAccount
from cities.services import AccountRefused, issue_api_token

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
    stored = AuthToken.objects.get(user=partner)
    assert key not in {stored.digest, stored.token_key}  # the key itself is never stored
    assert stored.expiry > timezone.now() + timezone.timedelta(days=300)
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
    assert AuthToken.objects.filter(user=partner).count() == 1
    assert _api_status(old) == 401
    assert _api_status(new) == 400  # signed in: only the empty body is refused

    editor_client.post(
        url, {"first_name": "", "last_name": "", "is_active": "on", "_revoke_token": "1"}
    )
    assert not AuthToken.objects.filter(user=partner).exists()
    assert _api_status(new) == 401


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


def test_an_expired_token_is_refused_with_json(editor):
    partner = _partner(editor)
    key = issue_api_token(user=partner, by=editor)
    AuthToken.objects.filter(user=partner).update(expiry=timezone.now() - timezone.timedelta(1))

    response = _api(key).post("/api/v1/practices/", {}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_tokens_are_issued_from_the_partner_page_only(editor_client):
    assert editor_client.get("/admin/knox/authtoken/").status_code == 404
    assert editor_client.get("/admin/authtoken/tokenproxy/add/").status_code == 404


def _api(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _api_status(key: str) -> int:
    return _api(key).post("/api/v1/practices/", {}, format="json").status_code


def _partner(editor):
    from cities.services import create_partner_account

    return create_partner_account(email="partner@example.org", by=editor)
