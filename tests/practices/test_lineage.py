"""Lineage: a practice records the practices it was adapted from; both pages show it."""

import pytest
from django.urls import reverse

from practices.models import Practice
from tests.factories import PracticeFactory
from tests.practices.test_submissions import NEW, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def triec():
    return PracticeFactory(title="TRIEC mentoring", slug="triec-mentoring")


def test_an_official_names_the_practice_theirs_was_adapted_from(official_client, triec):
    hidden = PracticeFactory(slug="a-draft", status=Practice.Status.DRAFT)
    data = form_data(adapted_from=f"https://exchange.example.org/practices/{triec.slug}/")
    response = official_client.post(NEW, data)
    assert response.status_code == 302
    practice = Practice.objects.get(title="Citizenship Fund")
    assert list(practice.adapted_from.all()) == [triec]

    response = official_client.post(NEW, form_data(title="Other", adapted_from=hidden.slug))
    assert response.status_code == 200
    assert "No published practice has the address" in response.content.decode()
    assert not Practice.objects.filter(title="Other").exists()


def test_both_pages_show_the_lineage_and_never_an_unpublished_practice(visitor, triec):
    adaptation = PracticeFactory(title="Malmö mentoring")
    adaptation.adapted_from.set([triec])
    secret = PracticeFactory(title="Secret draft", status=Practice.Status.DRAFT)
    secret.adapted_from.set([triec])
    adaptation.adapted_from.add(PracticeFactory(title="Archived one", status="archived"))

    origin_page = visitor.get(triec.get_absolute_url()).content.decode()
    assert "Adapted by…" in origin_page and "Malmö mentoring" in origin_page
    assert "Secret draft" not in origin_page
    adapted_page = visitor.get(adaptation.get_absolute_url()).content.decode()
    assert "Adapted from…" in adapted_page and "TRIEC mentoring" in adapted_page
    assert "Archived one" not in adapted_page

    detail = visitor.get(f"/api/v1/practices/{triec.slug}/").json()
    assert detail["adapted_by"] == [adaptation.slug]
    detail = visitor.get(f"/api/v1/practices/{adaptation.slug}/").json()
    assert detail["adapted_from"] == [triec.slug]


def test_the_list_filters_by_adapted_from(visitor, triec):
    adaptation = PracticeFactory(title="Malmö mentoring")
    adaptation.adapted_from.set([triec])
    PracticeFactory(title="Unrelated")

    rows = visitor.get("/api/v1/practices/", {"adapted_from": triec.slug}).json()["results"]
    assert [row["title"] for row in rows] == ["Malmö mentoring"]
    page = visitor.get(reverse("practices:list"), {"adapted_from": triec.slug}).content.decode()
    assert "Malmö mentoring" in page and "Unrelated" not in page
    assert visitor.get("/api/v1/practices/", {"adapted_from": "no-such"}).status_code == 400


def test_the_detail_api_runs_a_fixed_number_of_queries(
    visitor, triec, django_assert_max_num_queries
):
    adaptation = PracticeFactory()
    adaptation.adapted_from.set([triec])
    url = f"/api/v1/practices/{triec.slug}/"
    visitor.get(url)
    with django_assert_max_num_queries(12) as few:
        visitor.get(url)
    for _ in range(10):
        PracticeFactory().adapted_from.set([triec])
    with django_assert_max_num_queries(len(few.captured_queries)):
        visitor.get(url)


def test_a_proposed_change_adds_the_origin_once_an_editor_approves(
    official, editor, the_hague, triec, visitor
):
    from practices import services

    practice = PracticeFactory(title="Hague mentoring", cities=[the_hague])
    revision = services.propose_revision(practice=practice, by=official, adapted_from=[triec])
    assert "TRIEC mentoring" not in visitor.get(practice.get_absolute_url()).content.decode()

    services.approve_revision(revision=revision, by=editor)

    assert list(practice.adapted_from.all()) == [triec]
    assert "TRIEC mentoring" in visitor.get(practice.get_absolute_url()).content.decode()


def test_the_public_page_reads_the_lineage_in_a_fixed_number_of_queries(
    visitor, triec, django_assert_max_num_queries
):
    PracticeFactory().adapted_from.set([triec])
    visitor.get(triec.get_absolute_url())
    with django_assert_max_num_queries(30) as few:
        visitor.get(triec.get_absolute_url())
    for _ in range(10):
        PracticeFactory().adapted_from.set([triec])
    triec.adapted_from.set([PracticeFactory(), PracticeFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = visitor.get(triec.get_absolute_url())
    assert page.content.decode().count('href="/practices/practice-') >= 12
