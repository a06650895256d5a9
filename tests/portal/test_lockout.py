"""Sign-in lockout: per client address across accounts, per account across addresses."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "a-long-test-password"


def attempt(client, username, password="wrong", **headers):  # noqa: S107
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def test_many_addresses_guessing_one_account_lock_it(visitor):
    UserFactory(username="official@example.org")
    for n in range(30):
        attempt(visitor, "official@example.org", REMOTE_ADDR=f"203.0.113.{n + 1}")

    response = attempt(visitor, "official@example.org", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_one_address_guessing_many_accounts_is_locked_out(visitor, settings):
    UserFactory(username="official@example.org")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(visitor, f"guess{n}@example.org", REMOTE_ADDR="203.0.113.9")

    locked = attempt(visitor, "official@example.org", PASSWORD, REMOTE_ADDR="203.0.113.9")
    elsewhere = attempt(visitor, "official@example.org", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302  # the account itself is not locked


def test_the_lockout_page_says_when_to_try_again(visitor, settings):
    UserFactory(username="official@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(visitor, "official@example.org")

    response = attempt(visitor, "official@example.org", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "Try again after" in page
    assert "(in 1\xa0hour)" in page or "(in 59\xa0minutes)" in page


def forwarded_guesses(client, limit):
    """`limit` failures, each through the same proxy for a different forwarded client."""
    for n in range(limit):
        attempt(
            client,
            f"guess{n}@example.org",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
    return attempt(
        client,
        "official@example.org",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(visitor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="official@example.org")

    # Every guess came from another client: none of them is locked, nor is the next client.
    assert forwarded_guesses(visitor, settings.AXES_FAILURE_LIMIT).status_code == 302


def test_without_the_proxy_setting_a_forwarded_address_is_ignored(visitor, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    UserFactory(username="official@example.org")

    # A client cannot dodge the lockout by sending a new X-Forwarded-For each time.
    assert forwarded_guesses(visitor, settings.AXES_FAILURE_LIMIT).status_code == 429


def test_only_the_entries_trusted_proxies_added_are_believed(rf, settings):
    from core.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_ip(spoofed) == "203.0.113.5"
    direct = rf.get("/", REMOTE_ADDR="203.0.113.5")
    assert client_ip(direct) == "203.0.113.5"
