"""One log line per event, JSON in production, with the request's id and no secrets."""

import io
import json
import logging
import re

import pytest
from django.conf import settings

from core.logs import JsonFormatter, RedactSecretsFilter, RequestIdFilter, TextFormatter


def writing_handlers(name: str) -> list[logging.Handler]:
    """The configured handlers a record logged on `name` reaches (pytest's own left out)."""
    found, logger = [], logging.getLogger(name)
    while logger:
        found += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        logger = logger.parent if logger.propagate else None
    return found


@pytest.mark.parametrize("name", ["django", "django.request", "django.server", "practices"])
def test_every_record_is_written_once(name):
    assert len(writing_handlers(name)) == 1


@pytest.fixture
def json_log():
    """What the production handler writes for records on django.request and core."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    options = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(options["fmt"], rename_fields=options["rename_fields"]))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactSecretsFilter())
    loggers = [logging.getLogger("django.request"), logging.getLogger("core")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_a_json_line_carries_the_callers_request_id(visitor, json_log):
    response = visitor.get("/no-such-page/", HTTP_X_REQUEST_ID="lb-4f2a9c1e")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-4f2a9c1e"
    (record,) = lines(json_log)
    assert record["request_id"] == "lb-4f2a9c1e"
    assert record["level"] == "WARNING"
    assert record["logger"] == "django.request"
    assert "/no-such-page/" in record["message"]


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced(visitor):
    response = visitor.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_reset_tokens_never_reach_the_log(visitor, json_log):
    visitor.get("/accounts/reset/MQ/cz3kq1-0123456789abcdef0123456789abcdef/")
    logging.getLogger("core").error(
        "Could not send %s", "http://x/accounts/invitation/Mg/d3adb33f-cafe/ to someone"
    )
    logging.getLogger("core").warning("Header Authorization: Token 9f8e7d6c5b4a")
    output = json_log.getvalue()
    assert "0123456789abcdef" not in output
    assert "d3adb33f-cafe" not in output
    assert "9f8e7d6c5b4a" not in output
    assert output.count("[redacted]") >= 2


def test_a_traceback_is_redacted_too():
    record = logging.LogRecord("core", logging.ERROR, __file__, 1, "failed", (), None)
    try:
        raise ValueError("/accounts/reset/MQ/secret-token-1234/")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    options = settings.LOGGING["formatters"]["json"]
    for formatter in (TextFormatter(), JsonFormatter(options["fmt"])):
        assert "secret-token-1234" not in formatter.format(record)
