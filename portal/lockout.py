"""The page a locked-out visitor sees (django-axes' AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """429 with the time signing in works again, on the page and in `Retry-After`.

    The cool-off runs from the latest failure, which was no later than now, so the time
    shown is the latest signing in may still be refused.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    response: HttpResponse = render(
        request,
        "registration/locked_out.html",
        {"retry_at": timezone.now() + cool_off, "cool_off": cool_off},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
