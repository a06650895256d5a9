"""The language the API answers in: `?lang=<code>`, else `Accept-Language`, else the default.

The site's LocaleMiddleware cannot decide this: with `i18n_patterns` it gives every
unprefixed path, /api/ included, the default language, and it reads the language cookie,
which the response cache does not key on (it keys on the full URL and Accept-Language).
So the API resolves its language from those two alone, and says which it used
(`Content-Language`, `Vary: Accept-Language`).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

PARAMETER = "lang"


def supported_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def accepted_language(request: HttpRequest) -> str:
    """The first supported language of the Accept-Language header (`fr-CA` is `fr`)."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def lang_errors(request: HttpRequest) -> list[str]:
    """What is wrong with the request's `lang` parameter (nothing when it is absent)."""
    values = request.GET.getlist(PARAMETER)
    if not values:
        return []
    if len(values) > 1:
        return [_("Give one value only.")]
    if values[0] not in supported_languages():
        return [
            _("Choose one of the supported languages: %(codes)s.")
            % {"codes": ", ".join(supported_languages())}
        ]
    return []


def api_language(request: HttpRequest) -> str:
    """The language to answer in; an invalid `lang` falls back to the header, for its 400."""
    if not lang_errors(request) and PARAMETER in request.GET:
        return request.GET[PARAMETER]
    return accepted_language(request)


def mark_language(response: HttpResponse, language: str) -> HttpResponse:
    """Say which language the response is in, and that it depends on Accept-Language."""
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    return response
