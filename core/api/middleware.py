"""Every response under /api/ is JSON in the API's one error shape, whatever produced it.

DRF views answer their own errors as JSON (core.api.exceptions). This catches the rest:
Django's 404 and 500 pages (the debug pages too, with DEBUG on), the 400 of a request
Django refuses before any view runs (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a
disallowed host), and any error page a middleware returns. The error is still logged
by Django as usual; only the body the client sees changes.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from core.api.exceptions import error_body
from core.api.languages import PARAMETER, api_language, lang_errors, mark_language

#: Headers describing the old body, not the request's outcome: never copied over.
_BODY_HEADERS = frozenset(
    {"content-type", "content-length", "content-disposition", "content-encoding", "etag"}
)


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _code_and_detail(status: int) -> tuple[str, str]:
    known = {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("not_authenticated", _("Authentication credentials were not provided.")),
        403: ("permission_denied", _("You do not have permission to perform this action.")),
        404: ("not_found", _("No API endpoint at this address.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("request_too_large", _("The request body is too large.")),
        429: ("throttled", _("Too many requests.")),
    }
    if status in known:
        return known[status]
    if status >= 500:
        return "server_error", _("Something went wrong on our side. It has been logged.")
    return "error", _("The request failed.")


def json_error_response(response: HttpResponse) -> JsonResponse:
    """The same status and headers as `response`, with the API's JSON error body."""
    code, detail = _code_and_detail(response.status_code)
    replacement = JsonResponse(
        error_body(response.status_code, code, detail), status=response.status_code
    )
    for name, value in response.headers.items():
        if name.lower() not in _BODY_HEADERS:
            replacement.headers[name] = value
    replacement.cookies = response.cookies
    return replacement


class ApiErrorsAsJsonMiddleware:
    """First in MIDDLEWARE, so it sees every response, whichever layer made it.

    It also speaks the API's language (core.api.languages) to the layers before
    ApiLanguageMiddleware, and labels their responses with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path_info):
            return self.get_response(request)
        language = api_language(request)
        # Restored afterwards: the next request on this thread starts from the default.
        with translation.override(language):
            response = self.get_response(request)
            if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                response = json_error_response(response)
        if "Content-Language" not in response:
            mark_language(response, language)
        return response


class ApiLanguageMiddleware:
    """After LocaleMiddleware, which gives unprefixed paths the default language: activate
    the API's own, and refuse an unsupported `lang` with the API's 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path_info):
            return self.get_response(request)
        language = api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        errors = lang_errors(request)
        if errors:
            response = JsonResponse(
                error_body(400, "invalid", _("Invalid input."), {PARAMETER: errors}), status=400
            )
        else:
            response = self.get_response(request)
        return mark_language(response, language)
