"""The duplicate hint: practices of the same city with a similar title, never a block."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from practices import services
from practices.models import Practice
from tests.factories import CityFactory, OfficialFactory, PracticeFactory, UserFactory
from tests.practices.test_submissions import NEW, form_data

pytestmark = pytest.mark.django_db
SIMILAR = "/my/practices/similar/"


@pytest.fixture
def toronto():
    return CityFactory(name="Toronto", slug="toronto", country="CA")


@pytest.fixture
def career_bridge(toronto):
    return PracticeFactory(title="Career Bridge internships", slug="triec", cities=[toronto])


def titles(queryset) -> list[str]:
    return [practice.title for practice in queryset]


def test_similar_titles_finds_the_same_citys_practice_with_a_resembling_title(
    career_bridge, toronto, the_hague
):
    PracticeFactory(title="Welcome desk for newcomers", cities=[toronto])
    PracticeFactory(title="Career Bridge internships", cities=[the_hague])

    found = Practice.objects.similar_titles("Career bridge internship", [toronto])

    assert titles(found) == ["Career Bridge internships"]
    assert list(found) == [career_bridge]


def test_similar_titles_ranks_the_closest_first(toronto):
    PracticeFactory(title="Citizenship Fund for neighbourhoods", cities=[toronto])
    PracticeFactory(title="Citizenship Fund", cities=[toronto])
    found = Practice.objects.similar_titles("Citizenship fund", [toronto])
    assert titles(found)[0] == "Citizenship Fund"
    assert len(found) == 2


@pytest.mark.parametrize("title", ["", "  ", "the of", "Welcome desk"])
def test_nothing_alike_is_nothing_found(career_bridge, toronto, title):
    assert not Practice.objects.similar_titles(title, [toronto]).exists()


def test_without_cities_any_practice_may_be_alike(career_bridge):
    assert titles(Practice.objects.similar_titles("Career Bridge internship", [])) == [
        "Career Bridge internships"
    ]


# --- after saving: a message with links ---------------------------------------------------


def test_saving_a_draft_like_a_published_practice_shows_the_hint_and_still_saves(
    official_client, the_hague
):
    published = PracticeFactory(title="Citizenship Fund", slug="fund", cities=[the_hague])

    response = official_client.post(
        NEW, form_data(title="The Citizenship Fund", cities=[str(the_hague.pk)]), follow=True
    )

    assert Practice.objects.filter(title="The Citizenship Fund").exists()
    content = response.content.decode()
    assert "is saved as a draft" in content
    assert "Practices with a similar title are already in the exchange:" in content
    assert f'<a href="{published.get_absolute_url()}">Citizenship Fund</a>' in content


def test_no_hint_when_nothing_is_alike(official_client, the_hague):
    PracticeFactory(title="Career Bridge internships", cities=[the_hague])
    response = official_client.post(NEW, form_data(cities=[str(the_hague.pk)]), follow=True)
    assert "similar title" not in response.content.decode()


def test_the_hint_escapes_titles(official_client, the_hague):
    PracticeFactory(title="Citizenship Fund <script>", cities=[the_hague])
    response = official_client.post(NEW, form_data(cities=[str(the_hague.pk)]), follow=True)
    content = response.content.decode()
    assert "Citizenship Fund &lt;script&gt;" in content
    assert "Citizenship Fund <script>" not in content


# --- the JSON endpoint behind similar-titles.js ---------------------------------------------


def test_the_endpoint_lists_visible_similar_practices_with_links(
    official_client, official, the_hague, career_bridge, toronto
):
    own = services.create_practice(
        by=official,
        title="Career Bridge internship pilot",
        summary="A",
        cities=[the_hague, toronto],
    )
    toronto_official = OfficialFactory(city=toronto).user
    services.create_practice(  # someone else's draft: not theirs to see
        by=toronto_official, title="Career Bridge internships 2", summary="A", cities=[toronto]
    )

    response = official_client.get(
        SIMILAR, {"title": "Career Bridge internships", "city": [toronto.pk]}
    )

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    results = response.json()["results"]
    assert {(r["title"], r["url"], r["status"]) for r in results} == {
        ("Career Bridge internships", "/practices/triec/", "published"),
        ("Career Bridge internship pilot", f"/my/practices/{own.slug}/edit/", "draft"),
    }
    assert [r["context"] for r in results if r["status"] == "published"] == ["Toronto · Published"]


def test_the_endpoint_leaves_out_the_practice_being_edited(
    official_client, official, the_hague, toronto
):
    own = services.create_practice(
        by=official, title="Career Bridge internships", summary="A", cities=[the_hague, toronto]
    )
    response = official_client.get(
        SIMILAR, {"title": own.title, "city": [toronto.pk], "exclude": own.slug}
    )
    assert response.json() == {"results": []}


def test_the_endpoint_is_for_signed_in_officials_only(visitor, career_bridge):
    response = visitor.get(SIMILAR, {"title": "Career Bridge"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    someone = Client()
    someone.force_login(UserFactory())
    response = someone.get(SIMILAR, {"title": "Career Bridge"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_malformed_city_is_400_with_a_message(official_client):
    response = official_client.get(SIMILAR, {"title": "Career Bridge", "city": "toronto"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"city": ["Give city ids (numbers)."]}


def test_the_endpoint_takes_the_same_queries_for_1_and_5_matches(official_client, toronto):
    counts = []
    for size in (1, 5):
        Practice.objects.all().delete()
        for n in range(size):
            PracticeFactory(title=f"Career Bridge internships {n}", cities=[toronto])
        with CaptureQueriesContext(connection) as captured:
            response = official_client.get(
                SIMILAR, {"title": "Career Bridge internships", "city": [toronto.pk]}
            )
        assert len(response.json()["results"]) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
