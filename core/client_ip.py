"""The client's address as the portal sees it, behind as many proxies as it trusts.

Behind a load balancer every request comes from the balancer's address; the client's is
in `X-Forwarded-For`, which each proxy appends to. Only the entries the trusted proxies
added can be believed (a client may send any header it likes), so with
TRUSTED_PROXY_COUNT = n the client is the n-th address from the right. With 0 (the
default: the portal faces the internet) the header is ignored.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address sign-in lockouts and rate limits count against."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < trusted:
        return remote  # not through every trusted proxy: the nearest one is all we know
    return forwarded[-trusted]
