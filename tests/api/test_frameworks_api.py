"""/api/v1/frameworks/ and /api/v1/commitments/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from practices.models import Practice
from tests.factories import (
    CommitmentFactory,
    FrameworkFactory,
    OrganisationFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def frameworks():
    plan = FrameworkFactory(
        name="Ten-Point Plan of Action",
        slug="ten-point-plan",
        owner=OrganisationFactory(slug="eccar", name="ECCAR"),
    )
    sdgs = FrameworkFactory(name="Sustainable Development Goals", slug="sdgs")
    five = CommitmentFactory(framework=plan, number=5, slug="ten-point-plan-5")
    CommitmentFactory(framework=plan, number=1, slug="ten-point-plan-1")
    CommitmentFactory(framework=sdgs, number=8, slug="sdgs-8", title="Decent work")
    PracticeFactory(commitments=[five])
    PracticeFactory(commitments=[five], status=Practice.Status.DRAFT)
    return plan, sdgs


def test_framework_detail_lists_its_commitments_in_order(client, frameworks):
    body = client.get("/api/v1/frameworks/ten-point-plan/").json()

    assert body["name"] == "Ten-Point Plan of Action"
    assert [c["number"] for c in body["commitments"]] == [1, 5]
    assert body["owner"]["slug"] == "eccar"
    assert body["url"].endswith("/frameworks/ten-point-plan/")
    assert body["commitments"][1]["api_url"].endswith("/api/v1/commitments/ten-point-plan-5/")


def test_commitments_filter_by_framework_and_count_published_practices(client, frameworks):
    body = client.get("/api/v1/commitments/?framework=ten-point-plan").json()

    by_slug = {item["slug"]: item for item in body["results"]}
    assert set(by_slug) == {"ten-point-plan-1", "ten-point-plan-5"}
    assert by_slug["ten-point-plan-5"]["practice_count"] == 1  # the draft is not counted
    assert by_slug["ten-point-plan-5"]["practices_api_url"].endswith(
        "/api/v1/practices/?commitment=ten-point-plan-5"
    )
    assert by_slug["ten-point-plan-5"]["url"].endswith(
        "/frameworks/ten-point-plan/#ten-point-plan-5"
    )


def test_unknown_framework_filter_is_a_400_and_unknown_slug_a_404(client, frameworks):
    assert client.get("/api/v1/commitments/?framework=nope").status_code == 400
    response = client.get("/api/v1/frameworks/nope/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_root_and_schema_list_both_resources(client):
    root = client.get("/api/v1/").json()
    assert {"frameworks", "commitments"} <= set(root)
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/frameworks/" in schema["paths"]
    assert "/api/v1/commitments/{slug}/" in schema["paths"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/frameworks/",
        "/api/v1/frameworks/ten-point-plan/",
        "/api/v1/commitments/",
        "/api/v1/commitments/?framework=ten-point-plan",
        "/api/v1/commitments/ten-point-plan-5/",
    ],
)
def test_queries_do_not_grow_with_records(client, frameworks, url):
    few = _queries(client, url)
    plan, _sdgs = frameworks
    for n in range(10):
        framework = FrameworkFactory(slug=f"extra-{n}")
        CommitmentFactory(framework=framework, number=1, slug=f"extra-{n}-1")
        commitment = CommitmentFactory(
            framework=plan, number=20 + n, slug=f"ten-point-plan-{20 + n}"
        )
        PracticeFactory(slug=f"more-{n}", commitments=[commitment, plan.commitments.get(number=5)])
    assert _queries(client, url) == few
