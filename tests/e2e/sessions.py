"""Signing a browser in without typing a password (or a second-factor code)."""

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import two_factor


def sign_in(context, live_server, user) -> None:
    """Give a browser context the session cookie of `user`, second factor given if needed."""
    client = Client()
    client.force_login(user)
    if two_factor.required_for(user) or two_factor.has_device(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="Browser tests")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": live_server.url.split("//")[1].split(":")[0],
                "path": "/",
            }
        ]
    )
