"""Two-factor sign-in: an authenticator app (TOTP) and recovery codes, from django-otp.

Staff (editors and superusers) must use it whenever REQUIRE_STAFF_TWO_FACTOR is on;
anyone else may turn it on for their account. After the password, a user who needs a
second factor is signed in but not *verified*: `TwoFactorMiddleware` sends every request
of theirs to the code page (or, for staff without a device yet, to set-up) until they are.
That covers the admin too, whose pages sit behind the same middleware.
"""

from base64 import b32encode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.api.exceptions import error_body
from core.api.middleware import is_api_path
from core.session_limits import is_staff

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
#: Set at sign-in when the account has a device: its owner must give a code.
SESSION_NEEDS_CODE = "two_factor_needed"


# ---------------------------------------------------------------- who needs what


def required_for(user) -> bool:
    """True when this user may not use the portal without a second factor."""
    return bool(settings.REQUIRE_STAFF_TWO_FACTOR and is_staff(user))


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


@receiver(user_logged_in)
def _note_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_NEEDS_CODE] = has_device(user)


# ---------------------------------------------------------------- setting up and using it


def start_setup(user) -> TOTPDevice:
    """The unconfirmed authenticator device the user is setting up (a new secret each time)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def secret_of(device: TOTPDevice) -> str:
    """The key in the form authenticator apps take when typed in (base32, in groups of 4)."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm_setup(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """With the app's current code: the device replaces any older one, the session is
    verified, and the new recovery codes are returned (shown once). None if the code is wrong.
    """
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session[SESSION_NEEDS_CODE] = True
    return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones; each works once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def verify(*, request: HttpRequest, code: str):
    """Check a code from the app or a recovery code (used up); the device, or None."""
    device = match_token(request.user, code)
    if device is not None:
        otp_login(request, device)
    return device


def turn_off(user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()


# ---------------------------------------------------------------- enforcing it


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
        reverse("logout"),
        reverse("admin:logout"),
        settings.STATIC_URL,
    )


class TwoFactorMiddleware:
    """Send a signed-in user who owes a second factor to the code or set-up page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not user.is_authenticated
            or user.is_verified()
            or not (request.session.get(SESSION_NEEDS_CODE) or required_for(user))
            or request.path_info.startswith(_exempt_paths())
        ):
            return self.get_response(request)
        if is_api_path(request.path_info):
            detail = _("Finish signing in with your second factor first.")
            return JsonResponse(error_body(403, "two_factor_required", detail), status=403)
        step = "two_factor_verify" if has_device(user) else "two_factor_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
