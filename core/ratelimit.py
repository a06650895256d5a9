"""Daily limits on public forms, counted in the shared cache per email and client address.

The access-request form and the contact form count the same way: each submission adds
one to its email address's and its client address's counters for the day, and a form
refuses once either passes its limit.
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest

DAY = 24 * 60 * 60


def over_daily_limit(
    request: HttpRequest, *, scope: str, email: str, per_email: int, per_ip: int
) -> bool:
    """Count this submission against its email and client addresses; True past either limit.

    `email` should already be normalised; it is stored hashed, never as typed.
    """
    email_key = hashlib.sha256(email.encode()).hexdigest()
    client = get_client_ip_address(request) or ""  # as the sign-in rate limit sees it
    counts = [
        (count_today(f"{scope}:email:{email_key}"), per_email),
        (count_today(f"{scope}:ip:{client}"), per_ip),
    ]
    return any(count > limit for count, limit in counts)


def count_today(key: str) -> int:
    """Add one to the day's counter under `key` and return it."""
    cache.add(key, 0, timeout=DAY)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=DAY)
        return 1
