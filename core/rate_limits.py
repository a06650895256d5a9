"""Counting requests per key in the shared cache, for limits a form or view enforces.

Keys hold no personal data in clear: callers pass `digest(email)` rather than the address.
"""

import hashlib
from collections.abc import Iterable

from django.core.cache import cache
from django.http import HttpRequest

from core.client_ip import client_ip

DAY = 24 * 60 * 60


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def count(key: str, *, window: int = DAY) -> int:
    """Add one to the count of `key` in this window and return it."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def over_any_limit(limits: Iterable[tuple[str, int]], *, window: int = DAY) -> bool:
    """Count one request against each (key, limit); True when any count passes its limit.

    Every key is counted, also after the first one over: a client that keeps trying
    stays over every limit it reached.
    """
    counts = [(count(key, window=window), limit) for key, limit in limits]
    return any(value > limit for value, limit in counts)


def over_email_or_client_limit(
    request: HttpRequest,
    *,
    scope: str,
    email: str,
    per_email: int,
    per_client: int,
    window: int = DAY,
) -> bool:
    """Count one submission of a public form against its email address (normalised, stored
    hashed) and its client address, as the sign-in lockout sees it; True past either limit."""
    return over_any_limit(
        [
            (f"{scope}:email:{digest(email)}", per_email),
            (f"{scope}:ip:{client_ip(request)}", per_client),
        ],
        window=window,
    )
