"""Sessions end after a maximum age, staff sessions after an idle period, and every page a
signed-in user sees says `private, no-store`."""

import time

import pytest

from core import cache as response_cache
from core.session_limits import LAST_SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

HOUR = 60 * 60


def age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_a_staff_session_ends_after_two_idle_hours(editor_client, settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 2 * HOUR
    age_session(editor_client, **{LAST_SEEN_AT: 2 * HOUR + 60})

    response = editor_client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "without activity" in editor_client.get(response["Location"]).content.decode()


def test_an_active_staff_session_goes_on(editor_client):
    age_session(editor_client, **{LAST_SEEN_AT: 2 * HOUR - 60})
    assert editor_client.get("/admin/").status_code == 200
    assert editor_client.session[LAST_SEEN_AT] > time.time() - 60  # the clock restarts


def test_an_officials_idle_session_goes_on(official_client):
    age_session(official_client, **{LAST_SEEN_AT: 5 * HOUR})
    assert official_client.get("/my/practices/").status_code == 200


def test_every_session_ends_after_its_maximum_age(official_client, settings):
    settings.SESSION_COOKIE_AGE = 7 * 24 * HOUR
    age_session(official_client, **{SIGNED_IN_AT: 7 * 24 * HOUR + 60})

    response = official_client.get("/my/practices/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "Sign out" not in official_client.get("/").content.decode()


def test_signed_in_pages_are_private_and_not_stored(official_client, visitor):
    for url in ("/", "/practices/", "/my/practices/", "/api/v1/practices/"):
        cache_control = official_client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
        assert "public" not in cache_control
    assert "no-store" not in visitor.get("/practices/").get("Cache-Control", "")


def test_the_anonymous_cache_never_keeps_a_signed_in_page(official_client, settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    response = official_client.get("/practices/")
    assert not response_cache._cacheable_response(response)
