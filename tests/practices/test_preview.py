"""/my/practices/<slug>/preview/: the draft exactly as its public page will be."""

import pytest
from django.test import Client

from practices import services
from tests.factories import CityFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(official, the_hague):
    return services.create_practice(
        by=official,
        title="Citizenship Fund",
        summary="Small grants for residents.",
        approach="Residents apply for **small grants**.",
        cities=[the_hague],
        outcomes=[{"label": "Projects funded", "value": 120}],
    )


def url(practice) -> str:
    return f"/my/practices/{practice.slug}/preview/"


def test_the_team_previews_its_draft_marked_as_a_preview(official_client, draft, the_hague):
    colleague = Client()
    colleague.force_login(OfficialFactory(city=the_hague).user)
    for client in (official_client, colleague):
        response = client.get(url(draft))
        page = response.content.decode()
        assert response.status_code == 200
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"]
        assert "Preview" in page and "It is not public" in page
        assert "<strong>small grants</strong>" in page
        assert "Projects funded" in page


def test_editors_preview_it_too(editor_client, draft):
    assert editor_client.get(url(draft)).status_code == 200


@pytest.mark.parametrize("who", ["toronto", "partner"])
def test_anyone_else_gets_404(draft, who):
    user = (
        OfficialFactory(city=CityFactory(name="Toronto", slug="toronto")).user
        if who == "toronto"
        else UserFactory()
    )
    client = Client()
    client.force_login(user)
    assert client.get(url(draft)).status_code == 404


def test_visitors_are_sent_to_sign_in(visitor, draft):
    response = visitor.get(url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_list_links_to_the_preview(official_client, draft):
    assert f'href="{url(draft)}"' in official_client.get("/my/practices/").content.decode()


def test_the_preview_takes_the_same_queries_for_1_and_20_outcomes(official_client, official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ThemeFactory

    def count(size: int) -> int:
        practice = services.create_practice(
            by=official,
            title=f"Practice with {size}",
            summary="A practice.",
            cities=[official.official.city],
            themes=[ThemeFactory() for _ in range(size)],
            outcomes=[{"label": f"Measure {n}", "value": n} for n in range(size)],
        )
        with CaptureQueriesContext(connection) as queries:
            assert official_client.get(url(practice)).status_code == 200
        return len(queries)

    assert count(1) == count(20)
