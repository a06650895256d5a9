"""How long a signed-in session lasts, and that no cache keeps what it sees.

- Every session ends SESSION_COOKIE_AGE seconds after signing in, however active: the
  cookie's own expiry moves on whenever the session is saved, this does not.
- A staff session (editors, superusers) also ends after STAFF_SESSION_IDLE_SECONDS
  without a request.
- Every response to a signed-in user, or to a request with credentials, says
  `Cache-Control: private, no-store`: drafts stay out of shared and browser caches.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
#: A staff session's last request is written at most this often (a session save each).
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def is_staff(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


def _ended_because(request: HttpRequest, now: float) -> str | None:
    session = request.session
    signed_in_at = session.setdefault(SIGNED_IN_AT, now)
    if now - signed_in_at > settings.SESSION_COOKIE_AGE:
        return _("You were signed out: sessions last at most a few days. Please sign in again.")
    if is_staff(request.user):
        last_seen_at = session.get(LAST_SEEN_AT, now)
        if now - last_seen_at > settings.STAFF_SESSION_IDLE_SECONDS:
            return _("You were signed out after a while without activity. Please sign in again.")
        if now - last_seen_at >= LAST_SEEN_RESOLUTION or LAST_SEEN_AT not in session:
            session[LAST_SEEN_AT] = now
    return None


class SessionLimitsMiddleware:
    """End sessions past their age or idle time; keep signed-in pages out of caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        if signed_in:
            reason = _ended_because(request, time.time())
            if reason:
                logout(request)  # the request goes on as an anonymous one
                messages.info(request, reason)
        response = self.get_response(request)
        if signed_in or "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
        return response
