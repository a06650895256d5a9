"""Every workflow step completes with its mail or changes nothing."""

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from practices import services
from practices.models import Practice, PracticeEvent

pytestmark = pytest.mark.django_db


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is down.")


@pytest.fixture
def mail_is_down(settings):
    def down():
        settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"

    return down


@pytest.fixture
def draft(official, the_hague):
    return services.create_practice(
        by=official, title="Citizenship\nFund", summary="Small grants.", cities=[the_hague]
    )


def submitted(practice, official):
    return services.submit_practice(practice=practice, by=official)


STEPS = {
    "submit": (
        False,
        lambda p, official, editor: services.submit_practice(practice=p, by=official),
    ),
    "withdraw": (
        True,
        lambda p, official, editor: services.withdraw_practice(practice=p, by=official),
    ),
    "approve": (
        True,
        lambda p, official, editor: services.approve_practice(practice=p, by=editor),
    ),
    "send_back": (
        True,
        lambda p, official, editor: services.send_back_practice(practice=p, by=editor, note="x"),
    ),
    "reject": (
        True,
        lambda p, official, editor: services.reject_practice(practice=p, by=editor, note="x"),
    ),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_step_whose_mail_fails_changes_nothing(draft, official, editor, mail_is_down, step):
    needs_submission, take = STEPS[step]
    if needs_submission:
        submitted(draft, official)
    before = Practice.objects.values("status", "review_note", "reviewed_by").get(pk=draft.pk)
    events = PracticeEvent.objects.count()
    mail_is_down()

    with pytest.raises(services.MailNotSent):
        take(Practice.objects.get(pk=draft.pk), official, editor)

    assert Practice.objects.values("status", "review_note", "reviewed_by").get(pk=draft.pk) == (
        before
    )
    assert PracticeEvent.objects.count() == events


def test_a_title_with_a_line_break_makes_a_valid_mail(draft, official, editor):
    from django.core import mail

    submitted(draft, official)

    assert mail.outbox[-1].subject == "To review: Citizenship Fund"


def test_the_official_is_told_nothing_changed(official_client, draft, editor, mail_is_down):
    mail_is_down()

    response = official_client.post(f"/my/practices/{draft.slug}/submit/", follow=True)

    assert "is not submitted yet: the editors could not be told by mail" in (
        response.content.decode()
    )
    assert Practice.objects.get(pk=draft.pk).status == Practice.Status.DRAFT


def test_the_editor_is_told_nothing_changed(editor_client, draft, official, mail_is_down):
    submitted(draft, official)
    mail_is_down()

    response = editor_client.post(
        reverse("admin:practices_practice_review", args=[draft.pk]),
        {"decision": "approve", "note": ""},
    )

    assert response.status_code == 200
    assert "could not be sent, so nothing was changed" in response.content.decode()
    assert Practice.objects.get(pk=draft.pk).status == Practice.Status.SUBMITTED


def test_the_api_answers_503_and_creates_nothing(official, the_hague, editor, mail_is_down):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(official)
    mail_is_down()

    response = client.post(
        "/api/v1/practices/",
        {"title": "Welcome desk", "summary": "A desk.", "cities": ["the-hague"]},
        format="json",
    )

    assert response.status_code == 503
    assert response.json()["code"] == "mail_unavailable"
    assert not Practice.objects.filter(title="Welcome desk").exists()
