"""/frameworks/ and /frameworks/<slug>/: each commitment with its practices and publications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from publications.models import Publication
from tests.factories import (
    CommitmentFactory,
    FrameworkFactory,
    PracticeFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten_point_plan():
    framework = FrameworkFactory(
        name="Ten-Point Plan of Action", short_name="Ten-Point Plan", slug="ten-point-plan"
    )
    for number, title in [(1, "Greater vigilance against racism"), (5, "Equal opportunity")]:
        CommitmentFactory(
            framework=framework, number=number, slug=f"ten-point-plan-{number}", title=title
        )
    return framework


def point(framework, number):
    return framework.commitments.get(number=number)


def test_a_commitment_lists_the_published_practices_that_implement_it(visitor, ten_point_plan):
    five = point(ten_point_plan, 5)
    PracticeFactory(title="Malmö's equal opportunities measures", commitments=[five])
    PracticeFactory(
        title="A draft nobody may see", status=Practice.Status.DRAFT, commitments=[five]
    )
    PublicationFactory(title="Copenhagen workshop report", commitments=[five])
    PublicationFactory(
        title="An unpublished paper", status=Publication.Status.DRAFT, commitments=[five]
    )

    response = visitor.get("/frameworks/ten-point-plan/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Malmö&#x27;s equal opportunities measures" in page
    assert "Copenhagen workshop report" in page
    assert "A draft nobody may see" not in page
    assert "An unpublished paper" not in page
    assert "1 practice implements it" in page
    assert "0 practices implement it" in page  # point 1
    assert 'id="ten-point-plan-5"' in page
    assert 'class="breadcrumb"' in page
    assert 'href="/data/practices.csv?framework=ten-point-plan"' in page


def test_a_long_commitment_shows_ten_and_links_to_the_filtered_list(visitor, ten_point_plan):
    five = point(ten_point_plan, 5)
    for n in range(12):
        PracticeFactory(slug=f"practice-{n}", title=f"Practice number {n}", commitments=[five])

    page = visitor.get("/frameworks/ten-point-plan/").content.decode()

    assert page.count("Practice number") == 10
    assert "See all 12 practices" in page
    assert "/practices/?commitment=ten-point-plan-5" in page


def test_the_list_counts_each_frameworks_practices_once(visitor, ten_point_plan):
    one, five = point(ten_point_plan, 1), point(ten_point_plan, 5)
    PracticeFactory(commitments=[one, five])
    PracticeFactory(commitments=[five])
    PracticeFactory(commitments=[five], status=Practice.Status.SUBMITTED)

    page = visitor.get("/frameworks/").content.decode()

    assert "Ten-Point Plan of Action" in page
    assert "2 commitments" in page
    assert "2 practices" in page


def test_unknown_framework_is_not_found(visitor):
    assert visitor.get("/frameworks/no-such-plan/").status_code == 404


def test_practice_page_links_its_commitment_to_the_framework_page(visitor, ten_point_plan):
    practice = PracticeFactory(commitments=[point(ten_point_plan, 5)])

    page = visitor.get(practice.get_absolute_url()).content.decode()

    assert 'href="/frameworks/ten-point-plan/#ten-point-plan-5"' in page


def test_filter_panel_and_sitemap_lead_to_the_frameworks(visitor, ten_point_plan):
    assert "/frameworks/" in visitor.get("/practices/").content.decode()
    sitemap = visitor.get("/sitemap.xml").content.decode()
    assert "/frameworks/ten-point-plan/" in sitemap
    assert "/frameworks/</loc>" in sitemap


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _fill(framework, count):
    commitments = list(framework.commitments.all())
    for n in range(count):
        PracticeFactory(slug=f"fill-{framework.pk}-{n}", commitments=commitments)
        PublicationFactory(slug=f"fill-pub-{framework.pk}-{n}", commitments=commitments)


@pytest.mark.parametrize("url", ["/frameworks/", "/frameworks/ten-point-plan/"])
def test_framework_pages_cost_the_same_queries_for_1_or_15_practices(visitor, ten_point_plan, url):
    _fill(ten_point_plan, 1)
    few = _queries(visitor, url)
    _fill(ten_point_plan, 14)
    CommitmentFactory(framework=ten_point_plan, number=7, slug="ten-point-plan-7")
    FrameworkFactory(slug="another-framework")
    assert _queries(visitor, url) == few
