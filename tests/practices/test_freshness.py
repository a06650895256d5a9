"""Freshness: editors confirm a practice is still accurate; pages say when, and say a
source's "ongoing" or end year as of the year it was stated. Lineage: adapted from…"""

import datetime

import pytest
from django.urls import reverse

from practices import services
from practices.models import Practice, stale_before
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_an_editor_marks_a_practice_as_verified_and_history_records_who(editor):
    practice = PracticeFactory()

    services.verify_practice(practice=practice, by=editor, on=datetime.date(2026, 3, 4))

    practice.refresh_from_db()
    assert practice.last_verified == datetime.date(2026, 3, 4)
    latest = practice.history.first()
    assert latest.last_verified == datetime.date(2026, 3, 4)
    assert latest.history_user == editor


def test_an_official_cannot_verify_and_a_draft_is_not_verified(official, editor):
    with pytest.raises(services.Refused):
        services.verify_practice(practice=PracticeFactory(), by=official)
    with pytest.raises(services.Refused):
        services.verify_practice(practice=PracticeFactory(status=Practice.Status.DRAFT), by=editor)


def test_the_admin_action_marks_the_selected_practices_verified_today(editor_client):
    practices = [PracticeFactory(), PracticeFactory()]
    response = editor_client.post(
        reverse("admin:practices_practice_changelist") + "?status__exact=published",
        {"action": "verify_selected", "_selected_action": [p.pk for p in practices]},
        follow=True,
    )
    assert "Marked 2 practices as checked today." in response.content.decode()
    assert Practice.objects.filter(last_verified__isnull=False).count() == 2


def test_the_review_page_has_a_verify_button(editor_client):
    practice = PracticeFactory()
    review = reverse("admin:practices_practice_review", args=[practice.pk])
    assert "Mark as verified today" in editor_client.get(review).content.decode()

    response = editor_client.post(reverse("admin:practices_practice_verify", args=[practice.pk]))

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.last_verified is not None


def test_an_official_cannot_use_the_verify_url(official_client):
    practice = PracticeFactory()
    response = official_client.post(reverse("admin:practices_practice_verify", args=[practice.pk]))
    assert response.status_code == 302  # to the admin's sign-in page
    practice.refresh_from_db()
    assert practice.last_verified is None


def test_the_public_page_says_when_it_was_last_checked(visitor):
    checked = PracticeFactory(last_verified=datetime.date(2026, 5, 2))
    unchecked = PracticeFactory()

    assert "Last checked May 2026" in visitor.get(checked.get_absolute_url()).content.decode()
    assert "Not yet checked" in visitor.get(unchecked.get_absolute_url()).content.decode()


def test_a_sources_ongoing_is_shown_as_of_its_year(visitor):
    practice = PracticeFactory(start_year=2005, end_year=None, status_as_of=2007, published_at=None)
    page = visitor.get(practice.get_absolute_url()).content.decode()
    assert "Ongoing as of 2007" in page
    assert ">Ongoing<" not in page


@pytest.mark.parametrize(
    ("end_year", "as_of", "verified", "expected"),
    [
        (None, 2007, None, "ongoing as of 2007"),
        (2012, 2014, None, "ended 2012 (as of 2014)"),
        (2012, 2007, None, "due to end 2012 (as of 2007)"),
        (None, 2007, datetime.date(2025, 1, 1), "ongoing as of 2025"),
    ],
)
def test_the_status_statement_names_the_year_it_was_stated(end_year, as_of, verified, expected):
    practice = Practice(end_year=end_year, status_as_of=as_of, last_verified=verified)
    assert practice.status_statement == expected


def test_the_list_says_ongoing_as_of_and_the_api_gives_the_year(visitor):
    PracticeFactory(title="Career Bridge", end_year=None, status_as_of=2007)
    assert "ongoing as of 2007" in visitor.get(reverse("practices:list")).content.decode()
    row = visitor.get("/api/v1/practices/").json()["results"][0]
    assert row["status_as_of"] == 2007
    assert row["last_verified"] is None


def test_the_list_filters_by_verified_since_and_sorts_by_last_check(visitor):
    PracticeFactory(title="Old check", last_verified=datetime.date(2020, 1, 1))
    PracticeFactory(title="New check", last_verified=datetime.date(2026, 1, 1))
    PracticeFactory(title="Never checked")

    page = visitor.get(reverse("practices:list"), {"verified_since": "2025-01-01"})
    text = page.content.decode()
    assert "New check" in text and "Old check" not in text

    api = visitor.get("/api/v1/practices/", {"ordering": "-last_verified"}).json()
    assert [row["title"] for row in api["results"]] == ["New check", "Old check", "Never checked"]
    api = visitor.get("/api/v1/practices/", {"ordering": "last_verified"}).json()
    assert [row["title"] for row in api["results"]] == ["Never checked", "Old check", "New check"]


def test_a_bad_verified_since_is_a_form_error_and_an_api_400(visitor):
    page = visitor.get(reverse("practices:list"), {"verified_since": "last year"})
    assert page.status_code in (200, 400)
    assert "Enter a valid date" in page.content.decode()

    api = visitor.get("/api/v1/practices/", {"verified_since": "2026-13-40"})
    assert api.status_code == 400
    assert "verified_since" in api.content.decode()


def test_stale_before_counts_whole_months():
    assert stale_before(24, datetime.date(2026, 3, 31)) == datetime.date(2024, 3, 31)
    assert stale_before(1, datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 28)


def test_the_verified_filter_is_in_the_api_schema(visitor):
    schema = visitor.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for name in ("verified_since", "last_verified", "status_as_of", "adapted_from"):
        assert name in schema
