from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_broken_cache_makes_the_server_unhealthy(client):
    with mock.patch("portal.health.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


def test_writes_are_refused(client):
    assert client.post("/healthz").status_code == 405
