"""Every list and detail runs the same number of queries for one record as for thirty."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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

#: On PostgreSQL a list asks the planner's estimate first (core.api.pagination): far above
#: the exact-count limit the page is read without counting.
ESTIMATE = 1 if connection.vendor == "postgresql" else 0


def make_records(count: int) -> None:
    for n in range(count):
        city = CityFactory(slug=f"city-{n}")
        organisation = OrganisationFactory(slug=f"org-{n}", city=city)
        theme = ThemeFactory(slug=f"theme-{n}")
        group = TargetGroupFactory(slug=f"group-{n}")
        practice = PracticeFactory(
            slug=f"practice-{n}",
            cities=[city],
            themes=[theme],
            target_groups=[group],
            partners=[organisation],
            commitments=[CommitmentFactory()],
            lead_organisation=organisation,
        )
        OutcomeFactory(practice=practice)
        publication = PublicationFactory(
            slug=f"publication-{n}",
            practices=[practice],
            themes=[theme],
            cities=[city],
            partners=[organisation],
            event_city=city,
            publisher=organisation,
        )
        ContributorFactory(publication=publication)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        body = response.getvalue()  # a streamed download reads its rows as it is sent
    assert response.status_code == 200, body
    return len(captured)


URLS = [
    "/api/v1/practices/?page_size=100",
    "/api/v1/practices/?page_size=100&theme=theme-0&ordering=title",
    "/api/v1/practices/?format=csv",
    "/api/v1/publications/?page_size=100",
    "/api/v1/publications/?format=csv",
    "/api/v1/cities/?page_size=100",
    "/api/v1/cities/?format=geojson",
    "/api/v1/organisations/?page_size=100",
    "/api/v1/themes/?page_size=100",
    "/api/v1/target-groups/?page_size=100",
    "/api/v1/practices/practice-0/",
    "/api/v1/publications/publication-0/",
    "/api/v1/cities/city-0/",
    "/api/v1/organisations/org-0/",
]


@pytest.fixture
def counts_for(api):
    def measure(records: int) -> dict[str, int]:
        make_records(records)
        return {url: queries(api, url) for url in URLS}

    return measure


def test_query_counts_do_not_grow_with_records(counts_for):
    one = counts_for(1)
    from practices.models import Practice
    from publications.models import Publication

    Practice.objects.all().delete()
    Publication.objects.all().delete()
    thirty = counts_for(30)

    assert thirty == one
    # Fixed budgets, so a new per-page query is noticed. The practices list: the page with
    # its count in one query, and the summaries of every page's cities, lead organisations,
    # themes and groups; PostgreSQL is asked for its estimate first (ESTIMATE).
    assert one["/api/v1/practices/?page_size=100"] <= 2 + ESTIMATE
    # A filter by slugs adds one: its values are checked against the themes.
    assert one["/api/v1/practices/?page_size=100&theme=theme-0&ordering=title"] <= 3 + ESTIMATE
    # The /data/ export: the rows; once, the names of cities, organisations, themes and
    # groups; per chunk, its links to them, its commitments and its outcomes.
    assert one["/api/v1/practices/?format=csv"] <= 8
    assert one["/api/v1/practices/practice-0/"] <= 6  # and its PDF reports
    assert one["/api/v1/publications/publication-0/"] <= 12


@pytest.mark.parametrize("page_size", [1, 30])
def test_practice_list_pages_of_one_and_thirty_take_the_same_queries(api, page_size):
    make_records(30)

    # The page with its count, and the summaries of its related records.
    assert queries(api, f"/api/v1/practices/?page_size={page_size}") == 2 + ESTIMATE
    assert queries(api, f"/api/v1/practices/?page_size={page_size}&format=csv") == 8


def test_token_authentication_adds_one_query(api, partner_client):
    make_records(3)

    assert queries(partner_client, "/api/v1/themes/") == queries(api, "/api/v1/themes/") + 1
