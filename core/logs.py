"""Logging: one line per event, tagged with its request's id, with secrets taken out.

`RequestIdMiddleware` gives each request an id (the caller's `X-Request-ID` when it is
well formed, else a new one), returns it in the response's `X-Request-ID` header and
keeps it in a context variable; `RequestIdFilter` puts it on every record logged while
the request runs. `RedactSecretsFilter` removes password-reset and invitation tokens
from the URLs a message mentions, and credentials from Authorization headers, before the
handler writes the record; the formatters do the same to tracebacks. settings.LOGGING
wires them up.
"""

import logging
import re
import uuid
from contextvars import ContextVar

import pythonjsonlogger.json
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

NO_REQUEST = "-"
request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)

_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")


class RequestIdMiddleware:
    HEADER = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(self.HEADER, "")
        current = incoming if _WELL_FORMED_ID.fullmatch(incoming) else uuid.uuid4().hex
        # Kept until the response is closed (request_finished): Django logs an error
        # response after the middleware has returned it.
        request_id.set(current)
        response = self.get_response(request)
        response[self.HEADER] = current
        return response


def _forget_request_id(**kwargs) -> None:
    request_id.set(NO_REQUEST)


request_finished.connect(_forget_request_id, dispatch_uid="core.logs.forget_request_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


REDACTED = "[redacted]"
_SECRETS = [
    # /accounts/reset/<uidb64>/<token>/ and /accounts/invitation/<uidb64>/<token>/
    (re.compile(r"(/(?:reset|invitation)/[^/\s'\"]+/)(?!set-password/)[^/\s'\"?#]+"), REDACTED),
    # Authorization: Token abc / Bearer abc / Basic abc, as a header line, in a dict or
    # as the WSGI environ's HTTP_AUTHORIZATION
    (re.compile(r"(authorization['\"]?\s*[:=]\s*['\"]?\w+\s+)[^\s'\",]+", re.IGNORECASE), REDACTED),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(rf"\g<1>{replacement}", text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Rewrite the record's message with every secret replaced (tracebacks: the formatters)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), ()
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            # Django's request logging attaches the request; keep only its redacted line.
            path = getattr(request, "get_full_path", lambda: str(request))()
            record.request = redact(f"{getattr(request, 'method', '')} {path}".strip())
        return True


class TextFormatter(logging.Formatter):
    def formatException(self, ei) -> str:
        return redact(super().formatException(ei))


class JsonFormatter(pythonjsonlogger.json.JsonFormatter):
    """One JSON object per line (python-json-logger), tracebacks redacted."""

    def formatException(self, ei) -> str:
        return redact(super().formatException(ei))
