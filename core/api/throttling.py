"""Rate limits: a counter per client and window, with rates read from settings on each request.

DRF's own throttles keep every request's timestamp of the last period in the cache and
read and rewrite that list on every request: at a high rate (API_ANON_RATE in a load
test, or a generous partner rate) that is thousands of entries per request. Here the
cache holds when the client's window started and how many requests it made since: two
numbers, whatever the rate. A window starts at a client's first request and lasts the
rate's period, so a client gets `num_requests` per period and then waits for the rest.

DRF's throttles also copy DEFAULT_THROTTLE_RATES when their class is defined; these read
them on each request, so a change to REST_FRAMEWORK applies at once.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class WindowCounterMixin:
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        started, count = self.cache.get(self.key) or (now, 0)
        if now - started >= self.duration:
            started, count = now, 0
        self.wait_seconds = started + self.duration - now
        if count >= self.num_requests:
            return False
        self.cache.set(self.key, (started, count + 1), max(1, int(self.wait_seconds) + 1))
        return True

    def wait(self) -> float:
        return self.wait_seconds


class AnonymousThrottle(WindowCounterMixin, AnonRateThrottle):
    pass


class TokenThrottle(WindowCounterMixin, UserRateThrottle):
    """Per signed-in user or token. DRF's UserRateThrottle also counts anonymous requests
    by address; those are AnonymousThrottle's, at their own rate."""

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
