"""Workflow mail: who hears of each step, in text and HTML, and a step never half done."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from core.mail import MailNotSent
from practices import services
from practices.models import Practice, PracticeEvent
from tests.factories import CityFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Practice.Status

TITLE_WITH_BREAKS = "Help desk\r\nfor newcomers\u2028& families"


@pytest.fixture
def submitter():
    return UserFactory(email="official@example.org")


def practice_in(status: str, submitter, title: str = "Migrant help-desk") -> Practice:
    return PracticeFactory(
        title=title, status=status, submitted_by=submitter, cities=[CityFactory()]
    )


DECISIONS = [
    # step, starting status, note, expected subject prefix
    (services.approve_practice, Status.SUBMITTED, "Thanks", "Published: "),
    (services.send_back_practice, Status.SUBMITTED, "Add figures.", "Changes requested: "),
    (services.reject_practice, Status.SUBMITTED, "Out of scope.", "Not accepted: "),
    (services.archive_practice, Status.PUBLISHED, "Ended in 2019.", "Archived: "),
]


@pytest.mark.parametrize(("step", "start", "note", "prefix"), DECISIONS)
def test_every_decision_tells_the_submitter_in_text_and_html(
    step, start, note, prefix, submitter, editor
):
    practice = practice_in(start, submitter, title=TITLE_WITH_BREAKS)

    step(practice=practice, by=editor, note=note)

    (message,) = mail.outbox
    assert message.to == ["official@example.org"]
    assert message.subject == prefix + "Help desk for newcomers & families"
    assert note in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert note in html
    assert "&amp; families" in html


def test_a_title_with_line_breaks_reaches_the_editors_on_one_subject_line(submitter, editor):
    practice = practice_in(Status.DRAFT, submitter, title=TITLE_WITH_BREAKS)

    services.submit_practice(practice=practice, by=submitter)

    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject == "To review: Help desk for newcomers & families"
    html = message.alternatives[0][0]
    assert reverse("admin:practices_practice_review", args=[practice.pk]) in html
    assert practice.status == Status.SUBMITTED


def test_the_submitter_is_not_mailed_about_their_own_submission(editor):
    practice = practice_in(Status.DRAFT, editor)
    services.submit_practice(practice=practice, by=editor)
    assert mail.outbox == []


STEPS = [
    (services.submit_practice, Status.DRAFT, {}),
    (services.approve_practice, Status.SUBMITTED, {"note": "Thanks"}),
    (services.send_back_practice, Status.SUBMITTED, {"note": "Add figures."}),
    (services.reject_practice, Status.SUBMITTED, {"note": "Out of scope."}),
    (services.archive_practice, Status.PUBLISHED, {}),
]


@pytest.mark.parametrize(("step", "start", "extra"), STEPS)
def test_a_step_whose_mail_fails_changes_nothing(
    step, start, extra, submitter, editor, failing_mail
):
    practice = practice_in(start, submitter)
    actor = submitter if step is services.submit_practice else editor
    before = Practice.objects.values().get(pk=practice.pk)

    with pytest.raises(MailNotSent):
        step(practice=practice, by=actor, **extra)

    assert Practice.objects.values().get(pk=practice.pk) == before
    assert practice.status == start  # the caller's object is untouched too
    assert not PracticeEvent.objects.exists()


def test_an_official_whose_submission_mail_fails_sees_why_and_keeps_the_draft(
    official_client, official, editor, failing_mail
):
    practice = practice_in(Status.DRAFT, official)

    response = official_client.post(f"/my/practices/{practice.slug}/submit/", follow=True)

    assert response.status_code == 200
    assert "is not submitted yet" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_an_editor_whose_decision_mail_fails_sees_why_and_nothing_changes(
    editor_client, submitter, failing_mail
):
    practice = practice_in(Status.SUBMITTED, submitter)
    url = reverse("admin:practices_practice_review", args=[practice.pk])

    response = editor_client.post(url, {"decision": "send_back", "note": "Add figures."})

    assert response.status_code == 200
    assert "could not be sent, so nothing was changed" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.review_note == ""


def test_bulk_publish_whose_mail_fails_says_so_and_changes_nothing(
    editor_client, submitter, failing_mail
):
    practice = practice_in(Status.SUBMITTED, submitter)
    response = editor_client.post(
        "/admin/practices/practice/?status__exact=submitted",
        {"action": "publish_selected", "_selected_action": [practice.pk]},
        follow=True,
    )
    assert "could not be sent, so nothing was changed" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_an_api_submission_whose_mail_fails_is_503_and_saves_nothing(editor, failing_mail):
    from tests.factories import api_token

    partner = UserFactory(email="partner@example.org")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")

    response = client.post(
        "/api/v1/practices/",
        {"title": "Help desk", "summary": "A front desk for newcomers."},
        format="json",
    )

    assert response.status_code == 503
    assert response.json()["code"] == "mail_unavailable"
    assert not Practice.objects.exists()
