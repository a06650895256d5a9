"""Signing a browser in without typing a password."""

from django.conf import settings
from django.test import Client


def sign_in(context, live_server, user) -> None:
    """Give a browser context the session cookie of `user`."""
    client = Client()
    client.force_login(user)
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
