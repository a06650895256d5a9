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
