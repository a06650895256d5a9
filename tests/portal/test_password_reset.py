import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_official_resets_a_forgotten_password(visitor):
    official = UserFactory(username="official@example.org", email="official@example.org")

    form = visitor.get("/accounts/password_reset/").content.decode()
    assert '<label for="id_email">' in form

    response = visitor.post("/accounts/password_reset/", {"email": "official@example.org"})
    assert response.status_code == 302
    assert "Check your mail" in visitor.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    choose = visitor.get(link, follow=True)
    assert "Choose a new password" in choose.content.decode()
    done = visitor.post(
        choose.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
        follow=True,
    )
    assert "Your password is changed" in done.content.decode()
    official.refresh_from_db()
    assert official.check_password("a-brand-new-passphrase")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(visitor):
    response = visitor.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_used_or_forged_link_is_explained(visitor):
    page = visitor.get("/accounts/reset/MQ/forged-token/").content.decode()
    assert "has been used already or has expired" in page


RESET = "/accounts/password_reset/"


def test_links_for_one_account_are_limited(visitor, settings):
    UserFactory(username="official@example.org", email="official@example.org")
    for n in range(settings.PASSWORD_RESETS_PER_EMAIL):
        ok = visitor.post(RESET, {"email": "official@example.org"}, REMOTE_ADDR=f"203.0.113.{n}")
        assert ok.status_code == 302

    refused = visitor.post(RESET, {"email": "Official@example.org "}, REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 429
    assert "try again in an hour" in refused.content.decode()
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_EMAIL


def test_links_asked_from_one_address_are_limited(visitor, settings):
    for n in range(settings.PASSWORD_RESETS_PER_IP):
        assert visitor.post(RESET, {"email": f"person{n}@example.org"}).status_code == 302

    assert visitor.post(RESET, {"email": "someone@example.org"}).status_code == 429


def test_known_and_unknown_addresses_get_the_same_answer_after_the_same_work(rf, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cities.account_views import RateLimitedPasswordResetView

    UserFactory(username="official@example.org", email="official@example.org")
    view = RateLimitedPasswordResetView.as_view()

    def ask(email):
        request = rf.post(RESET, {"email": email})
        request._dont_enforce_csrf_checks = True
        with CaptureQueriesContext(connection) as queries:
            response = view(request)
        return response, len(queries)

    known, known_queries = ask("official@example.org")
    unknown, unknown_queries = ask("nobody@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_queries == unknown_queries == 0  # the account is looked up later
    assert mail.outbox == []  # nothing is sent before the response is

    known.close()  # what the server does once the response is sent
    unknown.close()
    assert [message.to for message in mail.outbox] == [["official@example.org"]]
