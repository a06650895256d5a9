import pytest
from django.urls import reverse

from practices.models import Practice, PracticeEvent
from tests.factories import (
    CityFactory,
    CommitmentFactory,
    ContributorFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "cities/city",
    "cities/organisation",
    "cities/official",
    "practices/theme",
    "practices/targetgroup",
    "practices/framework",
    "practices/commitment",
    "practices/practice",
    "practices/reviewqueue",
    "publications/publication",
]


@pytest.fixture
def catalogue():
    city = CityFactory(name="Toronto", slug="toronto", country="CA")
    theme = ThemeFactory(slug="employment")
    practice = PracticeFactory(
        title="TRIEC",
        cities=[city],
        themes=[theme],
        target_groups=[TargetGroupFactory()],
        commitments=[CommitmentFactory()],
        lead_organisation=OrganisationFactory(city=city),
    )
    OutcomeFactory(practice=practice)
    PracticeFactory(status="submitted", title="Help desk")
    ContributorFactory(publication=PublicationFactory(practices=[practice], themes=[theme]))
    return practice


@pytest.mark.parametrize("model", MODELS)
def test_editor_sees_every_changelist(editor_client, catalogue, model):
    response = editor_client.get(f"/admin/{model}/")
    assert response.status_code == 200


@pytest.mark.parametrize("model", [m for m in MODELS if m != "practices/reviewqueue"])
def test_editor_can_open_the_add_form(editor_client, model):
    assert editor_client.get(f"/admin/{model}/add/").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["status=published", "region=americas", "country=CA", "instrument=programme", "q=TRIEC"],
)
def test_practice_list_filters(editor_client, catalogue, query):
    response = editor_client.get(f"/admin/practices/practice/?{query}")
    assert response.status_code == 200
    assert "TRIEC" in response.content.decode()


def test_practice_change_page_shows_outcomes_history_and_review_link(editor_client, catalogue):
    response = editor_client.get(f"/admin/practices/practice/{catalogue.pk}/change/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Immigrants placed in internships" in page
    # Published: nothing to review, so no link to the review page.
    assert reverse("admin:practices_practice_review", args=[catalogue.pk]) not in page
    submitted = Practice.objects.get(title="Help desk")
    page = editor_client.get(f"/admin/practices/practice/{submitted.pk}/change/").content.decode()
    assert reverse("admin:practices_practice_review", args=[submitted.pk]) in page


def test_anonymous_visitors_are_sent_to_log_in(visitor):
    response = visitor.get("/admin/practices/practice/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_officials_cannot_use_the_admin(official_client):
    response = official_client.get("/admin/practices/practice/")
    assert response.status_code == 302


def test_bulk_publish_is_offered_for_submissions_only(editor_client, editor):
    submitted = PracticeFactory(status="submitted")
    rejected = PracticeFactory(status="rejected")
    assert (
        'value="publish_selected"'
        not in editor_client.get("/admin/practices/practice/").content.decode()
    )
    assert (
        'value="publish_selected"'
        in editor_client.get("/admin/practices/practice/?status__exact=submitted").content.decode()
    )

    response = editor_client.post(
        "/admin/practices/practice/?status__exact=submitted",
        {"action": "publish_selected", "_selected_action": [submitted.pk, rejected.pk]},
        follow=True,
    )
    submitted.refresh_from_db()
    rejected.refresh_from_db()
    assert submitted.status == Practice.Status.PUBLISHED
    assert submitted.reviewed_by == editor
    assert rejected.status == Practice.Status.REJECTED
    assert "Published 1 practice." in response.content.decode()


def test_bulk_archive(editor_client):
    practice = PracticeFactory()
    editor_client.post(
        "/admin/practices/practice/?status__exact=published",
        {"action": "archive_selected", "_selected_action": [practice.pk]},
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.ARCHIVED


def test_review_queue_lists_only_submissions(editor_client, catalogue):
    page = editor_client.get("/admin/practices/reviewqueue/").content.decode()
    assert "Help desk" in page
    assert "TRIEC" not in page


def test_review_form_sends_back_with_a_note(editor_client):
    practice = PracticeFactory(status="submitted")
    url = reverse("admin:practices_practice_review", args=[practice.pk])
    response = editor_client.post(url, {"decision": "send_back", "note": "Add figures."})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert practice.review_note == "Add figures."
    assert PracticeEvent.objects.filter(practice=practice, to_status="draft").exists()


def test_review_form_requires_a_note_to_reject(editor_client):
    practice = PracticeFactory(status="submitted")
    url = reverse("admin:practices_practice_review", args=[practice.pk])
    response = editor_client.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


def test_review_form_explains_a_refused_step(editor_client):
    practice = PracticeFactory(status="published")
    url = reverse("admin:practices_practice_review", args=[practice.pk])
    response = editor_client.post(url, {"decision": "reject", "note": "Old"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "has the status “Published”: there is no decision to take" in page
    assert 'name="decision"' not in page
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED


def test_status_cannot_be_edited_directly(editor_client, catalogue):
    response = editor_client.get(f"/admin/practices/practice/{catalogue.pk}/change/")
    assert 'name="status"' not in response.content.decode()


def test_publication_bulk_unpublish(editor_client):
    publication = PublicationFactory()
    editor_client.post(
        "/admin/publications/publication/",
        {"action": "unpublish_selected", "_selected_action": [publication.pk]},
    )
    publication.refresh_from_db()
    assert publication.status == "draft"
