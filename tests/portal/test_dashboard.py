"""The admin's front page shows editors what needs their attention, each linked to its list."""

import datetime

import pytest
from django.utils import timezone

from cities.models import AccessRequest, Organisation
from practices import services
from practices.models import Practice
from tests.factories import CityFactory, OrganisationFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def fill(official, the_hague, title="Waiting"):
    draft = services.create_practice(
        by=official, title=title, summary="A submission.", cities=[the_hague]
    )
    services.submit_practice(practice=draft, by=official)
    PracticeFactory(last_verified=None)
    PracticeFactory(last_verified=datetime.date(2020, 1, 1))
    PracticeFactory(last_verified=timezone.localdate())
    PracticeFactory(status=Practice.Status.ARCHIVED)
    OrganisationFactory(status=Organisation.Status.PROPOSED)
    AccessRequest.objects.create(name="Ann", email="ann@example.org", city=CityFactory())


def test_the_admin_index_shows_the_counts_with_links(editor_client, official, the_hague):
    fill(official, the_hague)

    response = editor_client.get("/admin/")

    page = response.content.decode()
    assert "Needs attention" in page
    items = {item.label: item for item in response.context["dashboard"]["attention"]}
    assert items["Review queue (submissions and proposed changes)"].count == 1
    assert "the oldest has waited 0 days" in page
    assert items["Published practices never checked"].count == 1
    assert items["Published practices not checked for 24 months"].count == 1
    assert items["Proposed organisations to confirm"].count == 1
    assert items["Access requests waiting"].count == 1
    statuses = {item.label: item.count for item in response.context["dashboard"]["statuses"]}
    assert statuses["Published"] == 3 and statuses["Archived"] == 1
    assert (
        "/admin/practices/practice/?status__exact=published&amp;last_verified__isnull=True" in page
    )


def test_every_link_opens_its_filtered_list(editor_client, official, the_hague):
    fill(official, the_hague)
    dashboard = editor_client.get("/admin/").context["dashboard"]
    for item in (*dashboard["attention"], *dashboard["statuses"]):
        response = editor_client.get(item.url)
        assert response.status_code == 200, item.url  # the admin redirects a bad filter
    stale = editor_client.get(dashboard["attention"][3].url)
    assert stale.context["cl"].result_count == 1


def test_the_index_runs_a_fixed_number_of_queries(
    editor_client, official, the_hague, django_assert_max_num_queries
):
    fill(official, the_hague)
    editor_client.get("/admin/")
    with django_assert_max_num_queries(30) as few:
        editor_client.get("/admin/")
    fill(official, the_hague, title="Also waiting")
    for _ in range(10):
        PracticeFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get("/admin/")
