"""Two-factor sign-in: required for staff when the setting says so, open to officials."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import two_factor

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "a-long-test-password"
SETUP = "/accounts/two-factor/setup/"
CODE = "/accounts/two-factor/code/"


@pytest.fixture
def required(settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = True


def current_code(device: TOTPDevice) -> str:
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def signed_in(user) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def set_up(client) -> list[str]:
    """Go through set-up; the recovery codes shown at its end."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post(SETUP, {"code": current_code(device)}).content.decode()
    return re.findall(r"<li><code>(\w+)</code></li>", page)


def test_staff_without_a_device_are_sent_to_set_up(required, editor):
    client = signed_in(editor)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"


def test_set_up_page_is_in_the_sites_look_with_a_labelled_code_field(required, editor_client):
    page = editor_client.get(SETUP).content.decode()

    assert '<a class="skip-link"' in page  # base.html
    assert '<label for="id_code">' in page
    assert 'autocomplete="one-time-code"' in page
    assert 'src="data:image/svg+xml' in page  # the QR code, no script needed


def test_setting_up_signs_in_and_shows_recovery_codes_once(required, editor_client):
    codes = set_up(editor_client)

    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert editor_client.get("/admin/").status_code == 200
    assert codes[0] not in editor_client.get("/accounts/two-factor/").content.decode()


def test_a_wrong_code_is_refused(required, editor):
    set_up(signed_in(editor))
    client = signed_in(editor)
    assert client.get("/admin/")["Location"] == f"{CODE}?next=%2Fadmin%2F"

    response = client.post(CODE, {"code": "000000", "next": "/admin/"})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_apps_code_signs_in(required, editor):
    set_up(signed_in(editor))
    device = TOTPDevice.objects.get(user=editor)
    device.last_t = -1  # the set-up code was this time step's: a code works once
    device.save()
    client = signed_in(editor)

    response = client.post(CODE, {"code": current_code(device), "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(required, editor):
    code = set_up(signed_in(editor))[0]

    first = signed_in(editor)
    assert first.post(CODE, {"code": code.upper(), "next": "/admin/"})["Location"] == "/admin/"
    assert first.get("/admin/").status_code == 200

    second = signed_in(editor)
    refused = second.post(CODE, {"code": code, "next": "/admin/"})
    assert refused.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_a_password_alone_cannot_replace_the_device(required, editor):
    set_up(signed_in(editor))
    client = signed_in(editor)

    assert client.get(SETUP)["Location"] == CODE
    assert client.post(SETUP, {"code": "123456"})["Location"] == CODE


def test_an_unverified_session_cannot_use_the_api(required, editor):
    client = signed_in(editor)

    response = client.post("/api/v1/practices/", {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


def test_with_demo_settings_the_editor_signs_in_by_password(editor, settings):
    settings.REQUIRE_STAFF_TWO_FACTOR = False  # what DEBUG on (make demo) gives

    assert signed_in(editor).get("/admin/").status_code == 200


def test_officials_may_opt_in_and_are_then_asked_for_a_code(required, official):
    client = signed_in(official)
    assert client.get("/my/practices/").status_code == 200  # not required of officials
    assert "Off:" in client.get("/accounts/two-factor/").content.decode()

    set_up(client)

    later = signed_in(official)
    assert later.get("/my/practices/")["Location"] == f"{CODE}?next=%2Fmy%2Fpractices%2F"


def test_officials_may_turn_it_off_again_staff_may_not(required, official, editor):
    set_up(signed_in(official))
    official_client = signed_in(official)
    device = TOTPDevice.objects.get(user=official)
    device.last_t = -1
    device.save()
    official_client.post(CODE, {"code": current_code(device)})

    official_client.post("/accounts/two-factor/turn-off/")
    assert not two_factor.has_device(official)

    editor_client = signed_in(editor)
    set_up(editor_client)
    editor_client.post("/accounts/two-factor/turn-off/")
    assert two_factor.has_device(editor)
