"""Caching what anonymous visitors see, invalidated by one content generation counter.

With RESPONSE_CACHE_SECONDS above 0 (the default when REDIS_URL is set: a cache every
app server shares), `AnonymousResponseCache` keeps whole GET responses — HTML pages and
API reads — for requests that carry no credentials, and `cached()` keeps computed
results such as facet counts. Every key holds the content generation: any write to the
catalogue (`content_changed()`, called on commit by the signals in `connect_signals()`
and by the write paths that bypass them) moves it on, so nothing stored before the write
is served after it; old entries simply expire.

What is never stored or served from the cache:
- requests with an Authorization header or any cookie but the CSRF cookie (a session,
  a language choice, messages): a signed-in user always gets their own page;
- responses that set a cookie (a form's CSRF token), that vary on anything but the
  headers in the key (Accept, Accept-Language) or credentials, that are not 200, that
  stream, or that say private / no-store / no-cache;
- the health check, the admin, sign-in pages and officials' pages (`EXCLUDED_PATHS`, in
  every language).
An unprefixed page is English whatever the request's language (portal.languages redirects a
reader of another language to its own address): the redirect is never stored, and a stored
English page is never served to a request with another Accept-Language (it is in the key)
or with a language cookie (a cookie: not served from the cache).
Cache hits skip the API's rate limit: they cost the servers almost nothing. In front of
Django, `CachedResponsesApplication` (WSGI) answers hits before any middleware runs.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe

T = TypeVar("T")

GENERATION_KEY = "content:generation"
EXCLUDED_PATHS = ("/healthz", "/admin/", "/accounts/", "/my/")
#: Request headers a stored response may vary on; the first two are part of every key,
#: the others must be absent from a request served from the cache.
KEYED_HEADERS = ("accept", "accept-language")
CREDENTIAL_HEADERS = ("cookie", "authorization")
_MISSING = object()


def enabled() -> bool:
    return settings.RESPONSE_CACHE_SECONDS > 0


# ---------------------------------------------------------------- the content generation


def generation() -> int:
    """The current content generation (a number that only grows)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Missing (first use, or evicted): start past any generation used before.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing: any new value is past the stored entries' keys
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed() -> None:
    """Say the catalogue changed: cached pages and results are stale once this commits."""
    if enabled():
        # On commit: a reader that still sees the old rows stores them under the old number.
        transaction.on_commit(bump_generation)


# ---------------------------------------------------------------- computed results


def cached(namespace: str, parts: Iterable, compute: Callable[[], T]) -> T:
    """`compute()`, kept for the current generation under `namespace` and `parts`."""
    if not enabled():
        return compute()
    key = f"{namespace}:{generation()}:{_digest(repr(list(parts)))}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.RESPONSE_CACHE_SECONDS)
    return value


def normalised_query(query, *, ignore: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """A QueryDict as sorted (name, sorted values) pairs, without empty values or `ignore`d
    names: the same list asked for with its parameters in another order has the same key."""
    pairs = []
    for name, values in query.lists():
        if name in ignore:
            continue
        kept = sorted(value for value in values if value.strip())
        if kept:
            pairs.append((name, kept))
    return sorted(pairs)


# ---------------------------------------------------------------- whole responses


class AnonymousResponseCache:
    """Serve GET responses to anonymous requests from the cache (see the module's docstring).

    Placed after CorsMiddleware (which adds its headers to hits too) and before the language
    middleware (a LocaleMiddleware), so a stored response already holds every header the
    rest add, Vary and Content-Language included.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        #: The generation this process last saw: a hit reads it and the page in one round trip.
        self.seen_generation = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        digest = _request_digest(request)
        key, stored = self._lookup(digest)
        if stored is not None:
            return _conditional(request, _rebuild(stored))
        response = self.get_response(request)
        if _cacheable_response(response):
            cache.set(key, _freeze(response), settings.RESPONSE_CACHE_SECONDS)
        return response

    def _lookup(self, digest: str) -> tuple[str, tuple | None]:
        """The page's key under the current generation, and what is stored there."""
        guess = self.seen_generation
        if guess is not None:
            found = cache.get_many([GENERATION_KEY, _page_key(guess, digest)])
            if found.get(GENERATION_KEY) == guess:
                return _page_key(guess, digest), found.get(_page_key(guess, digest))
        self.seen_generation = current = generation()
        key = _page_key(current, digest)
        return key, cache.get(key)


class CachedResponsesApplication:
    """WSGI: answer a cache hit before Django runs at all (`portal/wsgi.py` wraps the app).

    `AnonymousResponseCache` still runs each middleware outside it and Django's request
    machinery on a hit; here a hit costs building the request, one cache round trip and
    the bytes. Whole final responses are stored (every middleware's headers included),
    under keys of their own, for the same requests the middleware serves, except those
    with an Origin header (their CORS headers differ): the middleware serves those.
    """

    def __init__(self, application):
        self.application = application
        self.pages = AnonymousResponseCache(get_response=None)

    def __call__(self, environ: dict, start_response):
        if (
            not enabled()
            or environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_ORIGIN" in environ
            or environ.get("PATH_INFO", "").startswith(settings.STATIC_URL)
        ):
            return self.application(environ, start_response)
        request = WSGIRequest(environ)
        try:
            if not _cacheable_request(request):
                return self.application(environ, start_response)
            digest = _request_digest(request, layer="wsgi")
        except DisallowedHost:  # Django answers it with its 400
            return self.application(environ, start_response)
        key, stored = self.pages._lookup(digest)
        if stored is not None:
            response = _conditional(request, _rebuild(stored))
            start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
            return [response.content]
        response = self.application(environ, start_response)
        # Requests with an Origin never reach this cache, so varying on it is no matter.
        if isinstance(response, HttpResponse) and _cacheable_response(
            response, also_varies=("origin",)
        ):
            cache.set(key, _freeze(response), settings.RESPONSE_CACHE_SECONDS)
        return response


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or _without_language_prefix(request.path).startswith(EXCLUDED_PATHS):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def _without_language_prefix(path: str) -> str:
    """The path without its language prefix: /fr/accounts/login/ → /accounts/login/."""
    language = translation.get_language_from_path(path)
    return path.removeprefix(f"/{language}") if language else path


def _cacheable_response(response: HttpResponse, *, also_varies: Iterable[str] = ()) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    varies = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    return varies <= {*KEYED_HEADERS, *CREDENTIAL_HEADERS, *also_varies}


def _request_digest(request: HttpRequest, *, layer: str = "") -> str:
    meta = request.META
    parts = [request.build_absolute_uri(), *(meta.get(_meta_name(h), "") for h in KEYED_HEADERS)]
    if layer:
        parts.append(layer)
    return _digest(repr(parts))


def _page_key(generation: int, digest: str) -> str:
    return f"page:{generation}:{digest}"


def _meta_name(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def _freeze(response: HttpResponse) -> tuple:
    return response.status_code, list(response.items()), response.content


def _rebuild(stored: tuple) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 Not Modified when the client already holds the stored version."""
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if not etag and last_modified is None:
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# ---------------------------------------------------------------- invalidation


#: The apps whose records the public pages and the API show.
CONTENT_APPS = frozenset({"cities", "practices", "publications"})


def _on_content_write(sender, **kwargs) -> None:
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()


def connect_signals() -> None:
    """Bump the generation after every save, delete and relation change of a content record
    (the admin, services, the API and load_initial_data all save through the ORM); writes
    that bypass signals (QuerySet.update, bulk_create) call content_changed() themselves."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_content_write, dispatch_uid="core.cache.post_save")
    post_delete.connect(_on_content_write, dispatch_uid="core.cache.post_delete")
    m2m_changed.connect(_on_m2m_write, dispatch_uid="core.cache.m2m_changed")


def _on_m2m_write(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and instance._meta.app_label in CONTENT_APPS:
        content_changed()
