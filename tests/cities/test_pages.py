"""The public city list, city pages and organisation pages, as a visitor sees them."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.models import Organisation
from practices.models import Practice
from publications.models import Publication
from tests.factories import (
    CityFactory,
    OrganisationFactory,
    PracticeFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

CITY_LIST = reverse("cities:list")


def map_data(response) -> list[dict]:
    return json.loads(_script(response, "city-map-data"))


def _script(response, element_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return html[start : html.index("</script>", start)]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# ---------------------------------------------------------------- the list


def test_cities_are_grouped_by_region_then_country(visitor, the_hague):
    CityFactory(name="Toronto", slug="toronto", country="CA", latitude=43.65, longitude=-79.38)
    CityFactory(name="Malmö", slug="malmo", country="SE")
    CityFactory(name="Rotterdam", slug="rotterdam", country="NL")

    response = visitor.get(CITY_LIST)

    regions = response.context["regions"]
    assert [region.key for region in regions] == ["americas", "europe"]
    europe = regions[1]
    assert [country.name for country in europe.countries] == ["Netherlands", "Sweden"]
    assert [city.name for city in europe.countries[0].cities] == ["Rotterdam", "The Hague"]
    html = response.content.decode()
    html = html[html.index('<h2 id="region-americas"') :]  # past the filter form's options
    assert html.index("Toronto") < html.index('<h2 id="region-europe"')
    assert html.index("Netherlands") < html.index("Rotterdam") < html.index("Sweden")


def test_practice_counts_leave_out_unpublished_practices(visitor, the_hague):
    PracticeFactory.create_batch(2, cities=[the_hague])
    for status in (Practice.Status.DRAFT, Practice.Status.SUBMITTED, Practice.Status.REJECTED):
        PracticeFactory(cities=[the_hague], status=status)

    response = visitor.get(CITY_LIST)

    [city] = response.context["cities"]
    assert city.practice_count == 2
    assert "2 practices" in response.content.decode()
    assert map_data(response)[0]["practices"] == 2


def test_map_data_lists_only_cities_with_coordinates(visitor, the_hague):
    CityFactory(name="Nowhere", slug="nowhere", latitude=None, longitude=None)

    response = visitor.get(CITY_LIST)

    assert map_data(response) == [
        {
            "name": "The Hague",
            "url": "/cities/the-hague/",
            "practices": 0,
            "lat": 52.07667,
            "lon": 4.29861,
        }
    ]
    html = response.content.decode()
    assert "Nowhere" in html  # still in the list, just not on the map
    assert "vendor/leaflet/leaflet.js" in html
    assert "js/city-map.js" in html
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html


def test_list_has_no_map_when_no_city_has_coordinates(visitor):
    CityFactory(name="Nowhere", slug="nowhere", latitude=None, longitude=None)

    response = visitor.get(CITY_LIST)

    html = response.content.decode()
    assert "Nowhere" in html
    assert "city-map-data" not in html
    assert "leaflet.js" not in html


def test_list_has_no_inline_scripts(visitor, the_hague):
    html = visitor.get(CITY_LIST).content.decode()

    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=hag", ["The Hague"]),
        ("?q=  ", ["The Hague", "Toronto"]),
        ("?country=ca", ["Toronto"]),
        ("?country=NL&country=CA", ["The Hague", "Toronto"]),
        ("?region=europe", ["The Hague"]),
        ("?region=americas&q=tor", ["Toronto"]),
    ],
)
def test_filters(visitor, the_hague, query, expected):
    CityFactory(name="Toronto", slug="toronto", country="CA")

    response = visitor.get(CITY_LIST + query)

    assert sorted(city.name for city in response.context["cities"]) == expected


@pytest.mark.parametrize(
    "query", ["?region=atlantis", "?country=ZZ"]
)  # NUL: tests/portal/test_nul_characters.py
def test_unknown_filter_values_are_ignored_with_a_message(visitor, the_hague, query):
    response = visitor.get(CITY_LIST + query)

    assert response.status_code == 200
    assert response.context["problems"]
    assert "was ignored" in response.content.decode()
    assert [city.name for city in response.context["cities"]] == ["The Hague"]


def test_empty_result_says_so(visitor, the_hague):
    response = visitor.get(CITY_LIST + "?q=atlantis")

    assert "No city matches these filters." in response.content.decode()


def test_filter_form_controls_are_labelled(visitor, the_hague):
    html = visitor.get(CITY_LIST).content.decode()

    for control_id in ("city-q", "city-region", "city-country"):
        assert f'for="{control_id}"' in html


def _many_cities(count: int) -> None:
    for index in range(count):
        city = CityFactory(country=["NL", "CA", "KE", "JP"][index % 4])
        PracticeFactory(cities=[city])


def test_list_query_count_does_not_grow_with_cities(visitor):
    _many_cities(1)
    one = count_queries(visitor, CITY_LIST)
    _many_cities(29)
    thirty = count_queries(visitor, CITY_LIST)

    assert one == thirty
    assert thirty <= 3


# ---------------------------------------------------------------- a city


def test_city_page_shows_its_facts_and_description(visitor):
    city = CityFactory(
        name="Toronto",
        slug="toronto",
        country="CA",
        population=2_794_356,
        population_year=2021,
        website="https://www.toronto.ca/",
        description="Home of **TRIEC**.\n\n<script>alert(1)</script>",
    )

    response = visitor.get(city.get_absolute_url())

    html = response.content.decode()
    assert "<h1>Toronto</h1>" in html
    assert "Canada" in html
    assert "Americas" in html
    assert "2,794,356" in html
    assert "in 2021" in html
    assert 'href="https://www.toronto.ca/"' in html
    assert "<strong>TRIEC</strong>" in html
    assert "<script>alert(1)</script>" not in html


def test_city_page_lists_published_practices_publications_and_organisations(visitor, the_hague):
    PracticeFactory(title="Citizenship Fund", cities=[the_hague])
    PracticeFactory(title="Draft idea", cities=[the_hague], status=Practice.Status.DRAFT)
    PublicationFactory(title="Workshop held here", event_city=the_hague)
    PublicationFactory(title="Report about it", cities=[the_hague])
    PublicationFactory(
        title="Hosted and discussed", event_city=the_hague, cities=[the_hague, CityFactory()]
    )
    PublicationFactory(title="Draft report", cities=[the_hague], status=Publication.Status.DRAFT)
    PublicationFactory(title="Elsewhere")
    OrganisationFactory(name="Municipality of The Hague", city=the_hague)

    response = visitor.get(the_hague.get_absolute_url())

    html = response.content.decode()
    assert [p.title for p in response.context["practices"]] == ["Citizenship Fund"]
    assert sorted(p.title for p in response.context["publications"]) == [
        "Hosted and discussed",
        "Report about it",
        "Workshop held here",
    ]
    assert "Citizenship Fund" in html
    assert "Draft idea" not in html
    assert "Draft report" not in html
    assert "Elsewhere" not in html
    assert "Municipality of The Hague" in html


def test_city_page_has_place_structured_data(visitor, the_hague):
    response = visitor.get(the_hague.get_absolute_url())

    data = json.loads(_ld_json(response))
    assert data["@type"] == "City"
    assert data["name"] == "The Hague"
    assert data["geo"]["latitude"] == 52.07667


def _ld_json(response) -> str:
    html = response.content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return html[start : html.index("</script>", start)]


def test_unknown_city_is_404(visitor):
    assert visitor.get(reverse("cities:detail", kwargs={"slug": "atlantis"})).status_code == 404


def _fill_city(city, count: int) -> None:
    for _ in range(count):
        PracticeFactory(cities=[city, CityFactory()])
        PublicationFactory(cities=[city], event_city=city)
        OrganisationFactory(city=city)


def test_city_page_query_count_does_not_grow(visitor, the_hague):
    _fill_city(the_hague, 1)
    one = count_queries(visitor, the_hague.get_absolute_url())
    _fill_city(the_hague, 29)
    thirty = count_queries(visitor, the_hague.get_absolute_url())

    assert one == thirty


# ---------------------------------------------------------------- an organisation


def test_organisation_page(visitor, the_hague):
    organisation = OrganisationFactory(
        name="TRIEC",
        kind=Organisation.Kind.NGO,
        country="CA",
        city=the_hague,
        website="https://triec.ca/",
        description="Helps *skilled immigrants* find work.",
    )
    PracticeFactory(title="Led by it", lead_organisation=organisation)
    PracticeFactory(title="Partnered", partners=[organisation, OrganisationFactory()])
    PracticeFactory(
        title="Draft partnership", partners=[organisation], status=Practice.Status.SUBMITTED
    )
    PracticeFactory(title="Not involved")
    PublicationFactory(title="Its own report", publisher=organisation)
    PublicationFactory(title="A joint report", partners=[organisation])
    PublicationFactory(
        title="A draft report", publisher=organisation, status=Publication.Status.DRAFT
    )

    response = visitor.get(organisation.get_absolute_url())

    html = response.content.decode()
    assert "<h1>" in html and "TRIEC" in html
    assert "NGO" in html
    assert "Canada" in html
    assert 'href="/cities/the-hague/"' in html
    assert 'href="https://triec.ca/"' in html
    assert "<em>skilled immigrants</em>" in html
    assert sorted(p.title for p in response.context["practices"]) == ["Led by it", "Partnered"]
    assert sorted(p.title for p in response.context["publications"]) == [
        "A joint report",
        "Its own report",
    ]
    assert "Draft partnership" not in html
    assert "Not involved" not in html
    assert "A draft report" not in html


def test_unknown_organisation_is_404(visitor):
    url = reverse("cities:organisation", kwargs={"slug": "nobody"})
    assert visitor.get(url).status_code == 404


def test_organisation_page_query_count_does_not_grow(visitor, the_hague):
    organisation = OrganisationFactory(city=the_hague)

    def fill(count):
        for index in range(count):
            if index % 2:
                PracticeFactory(lead_organisation=organisation, cities=[the_hague])
            else:
                PracticeFactory(partners=[organisation], cities=[CityFactory()])
            PublicationFactory(publisher=organisation, event_city=the_hague)

    fill(1)
    one = count_queries(visitor, organisation.get_absolute_url())
    fill(29)
    thirty = count_queries(visitor, organisation.get_absolute_url())

    assert one == thirty


def test_cities_without_public_practices_are_shown_as_such_and_not_counted(visitor):
    sharing = CityFactory(name="Malmö", slug="malmo")
    PracticeFactory(cities=[sharing])
    waiting = CityFactory(name="Bergen", slug="bergen")
    PracticeFactory(cities=[waiting], status="draft")

    page = " ".join(visitor.get("/cities/").content.decode().split())

    assert "1 city shares its practices." in page
    assert "no public practice yet" in page
    assert "0 practices" not in page
