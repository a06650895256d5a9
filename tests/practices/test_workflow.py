import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from practices import services
from practices.models import Practice, PracticeEvent
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Practice.Status


@pytest.fixture
def submitter(official):
    return official


@pytest.fixture
def draft(submitter, the_hague):
    return services.create_practice(
        by=submitter,
        title="Migrant help-desk",
        summary="A front desk that connects newcomers with city services.",
        cities=[the_hague],
    )


def test_create_practice_starts_a_draft_with_a_unique_slug(submitter, the_hague):
    PracticeFactory(slug="migrant-help-desk")
    practice = services.create_practice(
        by=submitter, title="Migrant help-desk", summary="A front desk.", cities=[the_hague]
    )
    assert practice.status == Status.DRAFT
    assert practice.slug == "migrant-help-desk-2"
    assert practice.submitted_by == submitter


def test_create_practice_refuses_invalid_years(submitter, the_hague):
    with pytest.raises(ValidationError) as error:
        services.create_practice(
            by=submitter,
            title="X",
            summary="Y",
            start_year=2010,
            end_year=2000,
            cities=[the_hague],
        )
    assert "end_year" in error.value.message_dict
    assert not Practice.objects.exists()


def test_full_review_cycle_records_history_and_tells_the_submitter(draft, submitter, editor):
    services.submit_practice(practice=draft, by=submitter)
    assert draft.status == Status.SUBMITTED and draft.submitted_at

    services.send_back_practice(practice=draft, by=editor, note="Add the 2008 figures.")
    assert draft.status == Status.DRAFT
    assert "Add the 2008 figures." in mail.outbox[-1].body

    services.submit_practice(practice=draft, by=submitter)
    services.approve_practice(practice=draft, by=editor, note="Thanks")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.reviewed_by == editor and draft.published_at
    assert mail.outbox[-1].to == ["official@example.org"]
    steps = list(
        PracticeEvent.objects.filter(practice=draft)
        .order_by("created_at", "pk")
        .values_list("to_status", flat=True)
    )
    assert steps == ["draft", "submitted", "draft", "submitted", "published"]


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (Status.PUBLISHED, services.submit_practice),
        (Status.REJECTED, services.approve_practice),
        (Status.SUBMITTED, services.archive_practice),
        (Status.ARCHIVED, services.submit_practice),
    ],
)
def test_refused_transitions_change_nothing(start, step, editor):
    practice = PracticeFactory(status=start)
    with pytest.raises(services.InvalidTransition):
        step(practice=practice, by=editor)
    practice.refresh_from_db()
    assert practice.status == start
    assert not PracticeEvent.objects.exists()


def test_sending_back_or_rejecting_needs_a_reason(draft, submitter, editor):
    services.submit_practice(practice=draft, by=submitter)
    with pytest.raises(services.NoteRequired):
        services.send_back_practice(practice=draft, by=editor, note="  ")
    with pytest.raises(services.NoteRequired):
        services.reject_practice(practice=draft, by=editor, note="")
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_send_back_only_applies_to_submissions(editor):
    practice = PracticeFactory(status=Status.PUBLISHED)
    with pytest.raises(services.InvalidTransition):
        services.send_back_practice(practice=practice, by=editor, note="Why?")


def test_archive_and_restore_keep_the_first_publication_date(editor):
    practice = PracticeFactory(status=Status.PUBLISHED)
    first_published = practice.published_at
    services.archive_practice(practice=practice, by=editor)
    services.approve_practice(practice=practice, by=editor)
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert practice.published_at == first_published


def test_transitions_are_declared_for_every_status():
    assert set(Practice.TRANSITIONS) == set(Status.values)


def test_create_practice_saves_its_outcomes_in_order(submitter, the_hague):
    practice = services.create_practice(
        by=submitter,
        cities=[the_hague],
        title="Career Bridge",
        summary="Paid internships.",
        outcomes=[
            {"label": "Interns placed", "value": 380, "unit": "immigrants"},
            {"label": "Found work", "qualifier": "more-than", "value": 80, "unit": "%"},
        ],
    )
    assert [o.display_value for o in practice.outcomes.all()] == [
        "380 immigrants",
        "more than 80%",
    ]


def test_an_invalid_outcome_saves_nothing(submitter, the_hague):
    with pytest.raises(ValidationError):
        services.create_practice(
            by=submitter,
            cities=[the_hague],
            title="Career Bridge",
            summary="Paid internships.",
            outcomes=[{"label": "", "value": 380}],
        )
    assert not Practice.objects.exists()


def test_update_practice_replaces_outcomes_only_when_given(draft, submitter):
    services.update_practice(
        practice=draft, by=submitter, outcomes=[{"label": "Desks opened", "value": 3}]
    )
    services.update_practice(practice=draft, by=submitter, title="Migrant help desk")
    draft.refresh_from_db()
    assert draft.title == "Migrant help desk"
    assert list(draft.outcomes.values_list("label", flat=True)) == ["Desks opened"]


def test_reviewed_practices_are_not_editable_by_their_submitter(submitter):
    practice = PracticeFactory(status=Status.PUBLISHED, submitted_by=submitter)
    with pytest.raises(services.PracticeNotEditable):
        services.update_practice(practice=practice, by=submitter, title="Changed")


def test_editors_hear_of_each_submission(draft, submitter, editor, settings):
    settings.SITE_URL = "https://exchange.example.org"
    UserFactory(email="visitor@example.org")  # no editor rights, no mail

    services.submit_practice(practice=draft, by=submitter)

    assert [message.to for message in mail.outbox] == [["editor@example.org"]]
    assert mail.outbox[0].subject == "To review: Migrant help-desk"
    assert f"https://exchange.example.org/admin/practices/practice/{draft.pk}/review/" in (
        mail.outbox[0].body
    )
