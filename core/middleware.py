"""Requests refused before any view sees them."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.api.exceptions import error_body
from core.api.middleware import is_api_path

NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _part_with_nul(request: HttpRequest) -> str | None:
    """The name of the first path, parameter or form field holding a NUL character."""
    if NUL in request.path_info:
        return "path"
    fields = [request.GET]
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        fields.append(request.POST)
    for data in fields:
        for name, values in data.lists():
            if NUL in name or any(NUL in value for value in values):
                return name.replace(NUL, "") or "query"
    return None


class RejectNulCharactersMiddleware:
    """A NUL character in the path, the query string or form data is a clear 400.

    No text anywhere in the portal holds one, and PostgreSQL refuses them in a query
    ("A string literal cannot contain NUL"), which would otherwise be a 500 wherever
    a value reaches the database unchecked, such as the admin's list filters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        part = _part_with_nul(request)
        if part is None:
            return self.get_response(request)
        message = _("Null characters are not allowed.")
        if is_api_path(request.path_info):
            return JsonResponse(
                error_body(400, "invalid", _("Invalid input."), {part: [message]}), status=400
            )
        return TemplateResponse(
            request, "400.html", {"reason": message, "part": part}, status=400
        ).render()
