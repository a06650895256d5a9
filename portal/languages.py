"""The interface language: which language a request is read in, the first visit's redirect to
the browser's language, and the switcher's view that remembers a reader's choice.

English pages are unprefixed (`/practices/`), the other languages prefixed (`/fr/practices/`,
see portal/urls.py). An unprefixed page is always English, so a cached copy of it is right for
everyone it is served to; a browser that prefers another language (or a reader who chose one)
is redirected to that language's address instead of being served English there.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from cities.languages import remember_language
from core.api.middleware import is_api_path


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def is_localised_path(path_info: str, urlconf=None) -> bool:
    """Whether an unprefixed path is a page that exists in every language (not the API, the
    admin or an address for machines): its address with another language's prefix resolves."""
    other = next(code for code in language_codes() if code != settings.LANGUAGE_CODE)
    # The prefix pattern only matches the active language's prefix.
    with translation.override(other):
        return is_valid_path(f"/{other}{path_info}", urlconf)


def translated_url(url: str, code: str) -> str:
    """`url` (a path and query of this site) in language `code`; unchanged if it has none."""
    path_language = translation.get_language_from_path(urlsplit(url).path)
    # translate_url resolves the path in the active language: make it the path's own.
    with translation.override(path_language or settings.LANGUAGE_CODE):
        return translate_url(url, code)


def page_in_languages(request: HttpRequest) -> dict[str, str]:
    """The current page's address (path and query) in each language, or {} when the page is
    not one of those every language has (an error page, the API's documentation)."""
    if request.resolver_match is None:
        return {}
    if not hasattr(request, "_page_in_languages"):  # the switcher and hreflang both ask
        path = request.path_info
        if translation.get_language_from_path(path) or is_localised_path(path):
            here = request.get_full_path()
            request._page_in_languages = {
                code: translated_url(here, code) for code in language_codes()
            }
        else:
            request._page_in_languages = {}
    return request._page_in_languages


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, plus:

    - a GET of an unprefixed (English) page by a reader whose language, chosen (the language
      cookie) or from the browser (Accept-Language), is another one is redirected to that
      language's address, keeping the query;
    - the API, the admin and machines' addresses are read in that language too (Django would
      fix English on every unprefixed address).
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        path_language = translation.get_language_from_path(request.path_info)
        preferred = translation.get_language_from_request(request)
        request.unprefixed_page = not path_language and is_localised_path(
            request.path_info, urlconf
        )
        if path_language:
            language = path_language
        elif request.unprefixed_page:
            language = settings.LANGUAGE_CODE
        else:
            language = preferred
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        if (
            request.unprefixed_page
            and preferred != settings.LANGUAGE_CODE
            and request.method == "GET"
            and request.accepts("text/html")
        ):
            return self._redirect_to(request, preferred)
        return None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "unprefixed_page", False):
            # Whether English is served here depends on the language cookie too.
            patch_vary_headers(response, ("Cookie",))
        return super().process_response(request, response)

    def _redirect_to(self, request: HttpRequest, language: str) -> HttpResponse:
        script_prefix = get_script_prefix()
        url = request.get_full_path().replace(script_prefix, f"{script_prefix}{language}/", 1)
        response = self.response_redirect_class(url)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


@never_cache
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The switcher's links: remember `code` (the language cookie, a year) and go to `next` in
    that language; a `next` off this site goes to the home page instead."""
    if code not in language_codes():
        raise Http404
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = translated_url(next_url, code)
    else:
        with translation.override(code):
            target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def switch_url(code: str, next_url: str) -> str:
    """The switcher's link to the page at `next_url` in language `code`."""
    return f"{reverse('choose_language', args=[code])}?{urlencode({'next': next_url})}"


@receiver(user_logged_in, dispatch_uid="portal.languages.remember_on_sign_in")
def _remember_on_sign_in(sender, request, user, **kwargs) -> None:
    remember_language(
        user=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        session=getattr(request, "session", None),
    )


class RememberLanguageMiddleware:
    """Store the language a signed-in user reads the site in (cities.languages), for the mail
    other people's actions send them: on signing in, then when it changes. After
    AuthenticationMiddleware; a request in the language already stored costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not is_api_path(request.path_info):
            remember_language(
                user=user, language=translation.get_language(), session=request.session
            )
        return self.get_response(request)
