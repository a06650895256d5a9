"""Every response under /api/ is JSON in the one error shape, whatever goes wrong."""

import json
import logging
from io import BytesIO
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from rest_framework.test import APIClient

from practices.api import PracticeViewSet
from practices.models import Practice
from tests.api.test_write import NEW_PRACTICE
from tests.factories import api_token

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == status and body["detail"]
    if code:
        assert body["code"] == code
    return body


def call_wsgi(path: str, *, method="GET", body: bytes = b"", headers: dict | None = None):
    """One request through the WSGI app, checked by wsgiref's validator as runserver would."""
    from portal.wsgi import application

    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD=method,
        PATH_INFO=path,
        QUERY_STRING="",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": BytesIO(body)},
        **(headers or {}),
    )
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=dict(response_headers))
        return lambda data: None

    result = validator(application)(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        result.close()
    return started["status"], started["headers"], content


def test_post_a_practice_through_a_real_wsgi_server(partner, catalogue, connection_kept_open):
    """The Location header is a plain str, so runserver (wsgiref) answers 201, not 500."""
    key = api_token(partner)

    status, headers, content = call_wsgi(
        LIST,
        method="POST",
        body=json.dumps(NEW_PRACTICE).encode(),
        headers={"HTTP_AUTHORIZATION": f"Token {key}"},
    )

    assert status.startswith("201")
    created = json.loads(content)
    assert headers["Location"] == created["api_url"]
    assert type(headers["Location"]) is str
    assert Practice.objects.filter(slug=created["slug"]).count() == 1


def test_the_created_location_is_a_plain_str(partner_client, catalogue):
    response = partner_client.post(LIST, NEW_PRACTICE, format="json")

    assert response.status_code == 201
    assert type(response["Location"]) is str
    assert response["Location"].endswith(f"/api/v1/practices/{response.json()['slug']}/")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nowhere/",
        "/api/v1/nowhere",
        "/api/nowhere",
        "/api/",
        "/api/v1/practices/caf%C3%A9/",
        "/api/v1/practices/a%0Ab/",
        "/api/v1/practices/a.b/",
        "/api/v1/practices/citizenship-fund/nope/",
        "/api/v1/practices/%2e%2e/",
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_unmatched_paths_are_a_json_404(api, catalogue, settings, path, debug):
    settings.DEBUG = debug

    assert_error_shape(api.get(path), 404, "not_found")


def test_a_missing_trailing_slash_redirects_reads(api, catalogue):
    response = api.get("/api/v1/practices?theme=education")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/practices/?theme=education"


@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_trailing_slash_on_a_write_is_a_json_404(partner_client, settings, debug):
    settings.DEBUG = debug  # Django's APPEND_SLASH raises a RuntimeError here in debug

    body = assert_error_shape(partner_client.post("/api/v1/practices", {}, format="json"), 404)

    assert "/api/v1/practices/" in body["detail"]


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_json_nested_too_deeply_is_a_400(partner_client, catalogue, depth):
    for body in ("[" * depth + "]" * depth, '{"title": ' + "[" * depth + "]" * depth + "}"):
        response = partner_client.post(LIST, body, content_type="application/json")

        assert_error_shape(response, 400, "parse_error")
    assert not Practice.objects.filter(submitted_by__isnull=False).exists()


def test_a_body_over_the_size_limit_is_a_json_413(partner_client, catalogue, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({**NEW_PRACTICE, "context": "x" * 2_000})

    response = partner_client.post(LIST, body, content_type="application/json")

    assert_error_shape(response, 413, "request_too_large")


class UnreachableMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.mark.parametrize(
    "backend", ["tests.mail_backends.FailingBackend", f"{__name__}.UnreachableMailBackend"]
)
def test_a_mail_failure_during_a_write_is_handled(
    partner_client, catalogue, editor, settings, backend
):
    """Either the write completes without its mail, or it is undone with a JSON 5xx to retry."""
    settings.EMAIL_BACKEND = backend

    response = partner_client.post(LIST, NEW_PRACTICE, format="json")

    saved = Practice.objects.filter(title=NEW_PRACTICE["title"])
    if response.status_code == 201:
        assert saved.get().status == Practice.Status.SUBMITTED
    else:
        body = assert_error_shape(response, response.status_code)
        assert 500 <= body["status"] < 600
        assert not saved.exists()  # so a retry does not make a duplicate


@pytest.fixture
def broken_list(monkeypatch):
    def explode(self, request, *args, **kwargs):
        raise RuntimeError("an unexpected bug")

    monkeypatch.setattr(PracticeViewSet, "list", explode)


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", [LIST, f"{LIST}?format=csv"])
def test_an_unexpected_error_is_a_json_500(catalogue, broken_list, settings, caplog, debug, url):
    settings.DEBUG = debug
    client = APIClient(raise_request_exception=False)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(url)

    body = assert_error_shape(response, 500, "server_error")
    assert "unexpected bug" not in response.content.decode()
    assert body["errors"] == {}
    assert any("an unexpected bug" in str(record.exc_info) for record in caplog.records)


def test_the_error_codes_are_documented(api):
    schema = api.get("/api/schema/?format=json").json()
    help_text = schema["components"]["schemas"]["Error"]["properties"]["code"]["description"]

    for code in ("parse_error", "request_too_large", "server_error", "bad_request"):
        assert code in help_text
