"""One JSON error shape for every API error: status, code, detail and field-level errors.

{"status": 400, "code": "invalid", "detail": "Invalid input.",
 "errors": {"end_year": ["The end year is before the start year."]}}
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.mail import MailNotSent


class MailUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = gettext_lazy(
        "A notification mail could not be sent, so nothing was changed. Try again later."
    )
    default_code = "mail_unavailable"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = gettext_lazy("The request conflicts with the current state of the resource.")
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("The request body is larger than this API accepts.")
    default_code = "request_too_large"


def validation_error_from_django(error: DjangoValidationError) -> exceptions.ValidationError:
    """A model's full_clean() errors as a DRF ValidationError with the same field names."""
    if hasattr(error, "error_dict"):
        messages = {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): list(
                field_messages
            )
            for field, field_messages in error.message_dict.items()
        }
        return exceptions.ValidationError(messages)
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as {"outcomes.0.value": ["…"]}."""
    key = prefix or api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            if prefix and name == api_settings.NON_FIELD_ERRORS_KEY:
                flat.update(_flatten(value, prefix))  # a nested list or object as a whole
            else:
                flat.update(_flatten(value, f"{prefix}.{name}" if prefix else str(name)))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {key: [str(item) for item in detail]} if detail else {}
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {key: [str(detail)]}


def error_body(status: int, code: str, detail: str, errors: dict | None = None) -> dict:
    return {"status": status, "code": code, "detail": detail, "errors": errors or {}}


def exception_handler(exc, context):
    """DRF's handler, reshaped into the API's one error shape."""
    if isinstance(exc, DjangoValidationError):
        exc = validation_error_from_django(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, MailNotSent):
        exc = MailUnavailable()
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let Django report it as a 500
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            response.status_code, "invalid", _("Invalid input."), _flatten(exc.detail)
        )
        return response
    detail = getattr(exc, "detail", None)
    code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    response.data = error_body(response.status_code, str(code), str(detail or exc))
    return response


def _is_endpoint(path: str) -> bool:
    try:
        return resolve(path).func is not not_found
    except Resolver404:
        return False


def not_found(request, *args, **kwargs):
    """A JSON 404 for API paths that match no endpoint.

    An endpoint's address without its trailing slash redirects reads to it, as Django's
    APPEND_SLASH would, and tells writers where to send the request instead.
    """
    detail = _("No API endpoint at this address.")
    if not request.path_info.endswith("/") and _is_endpoint(request.path_info + "/"):
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
        detail = _("No API endpoint at this address. Did you mean %(path)s?") % {
            "path": request.path + "/"
        }
    return JsonResponse(error_body(404, "not_found", detail), status=404)


class ErrorSerializer(serializers.Serializer):
    """The shape of every error response (documentation only)."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="A machine-readable code: invalid, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, not_acceptable, "
        "unsupported_media_type, parse_error, conflict, request_too_large (413), throttled, "
        "mail_unavailable (503: nothing was changed, retry later), bad_request (a request "
        "refused before it reached an endpoint), server_error (500: an unexpected error, "
        "logged on our side)."
    )
    detail = serializers.CharField(help_text="A human-readable message.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field (dotted paths for nested fields, "
        "`non_field_errors` for the request as a whole); empty unless the code is `invalid`.",
    )
