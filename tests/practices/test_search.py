"""Practice and publication search: syntax, accents, names, every write path, typos.

Runs on SQLite and PostgreSQL; PostgreSQL-only checks (stored vectors, word list) skip
elsewhere.
"""

import re

import pytest
from django.db import connection

from core.search import attach_snippets
from practices.models import PRACTICE_SEARCH, Practice, SearchWord
from publications.models import Publication
from tests.factories import (
    CityFactory,
    ContributorFactory,
    OrganisationFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored vectors and triggers are PostgreSQL's"
)


def found(text: str) -> list[str]:
    return sorted(p.title for p in Practice.objects.published().search(text))


def test_accents_never_matter():
    PracticeFactory(title="Malmö's anti-racism plan")
    PracticeFactory(title="Welcome desk", cities=[CityFactory(name="São Paulo")])

    assert found("Malmo") == ["Malmö's anti-racism plan"]
    assert found("MALMÖ") == ["Malmö's anti-racism plan"]
    assert found("Sao Paulo") == ["Welcome desk"]


def test_quotes_or_and_minus_work_as_on_the_web():
    PracticeFactory(title="Housing for refugees", summary="Social housing near the centre.")
    PracticeFactory(title="Refugee housing advice", summary="Advice on rent.")
    PracticeFactory(
        title="Language cafés", summary="Housing is a social right, refugee guides say."
    )

    assert found("social housing") == ["Housing for refugees", "Language cafés"]
    assert found('"social housing"') == ["Housing for refugees"]
    assert found("housing -advice") == ["Housing for refugees", "Language cafés"]
    assert found("cafés or advice") == ["Language cafés", "Refugee housing advice"]
    assert found('refugee -"social housing"') == ["Language cafés", "Refugee housing advice"]


def test_names_of_cities_organisations_and_themes_find_a_practice():
    lead = OrganisationFactory(name="Toronto Region Immigrant Employment Council", acronym="TRIEC")
    practice = PracticeFactory(
        title="Career Bridge",
        lead_organisation=lead,
        cities=[CityFactory(name="Toronto")],
        themes=[ThemeFactory(name="Health")],
    )
    practice.partners.add(OrganisationFactory(name="Maytree Foundation"))
    PracticeFactory(title="Unrelated")

    for text in ("Toronto", "TRIEC", "Maytree", "health", "career toronto"):
        assert found(text) == ["Career Bridge"], text


def test_adding_and_removing_relations_updates_what_finds_a_practice():
    practice = PracticeFactory(title="Career Bridge")
    lyon = CityFactory(name="Lyon")

    practice.cities.add(lyon)
    assert found("Lyon") == ["Career Bridge"]
    practice.cities.remove(lyon)
    assert found("Lyon") == []
    partner = OrganisationFactory(name="Maytree Foundation")
    practice.partners.set([partner])
    assert found("Maytree") == ["Career Bridge"]
    practice.partners.clear()
    assert found("Maytree") == []


def test_renaming_a_city_theme_or_organisation_updates_the_practices():
    city = CityFactory(name="Bombay")
    theme = ThemeFactory(name="Schooling")
    lead = OrganisationFactory(name="Old Name Council")
    PracticeFactory(title="Welcome desk", cities=[city], themes=[theme], lead_organisation=lead)

    city.name = "Mumbai"
    city.save()
    theme.name = "Education"
    theme.save()
    lead.name = "Newcomers Council"
    lead.save()

    assert found("Mumbai") == found("education") == found("newcomers council") == ["Welcome desk"]
    assert found("Bombay") == found("schooling") == found("old name") == []


def test_title_matches_rank_above_matches_in_the_text():
    PracticeFactory(title="Language cafés", approach="Volunteers also help with housing.")
    PracticeFactory(title="Housing first", summary="Flats for refugees.")

    ranked = Practice.objects.published().search("housing").order_by("-relevance")
    assert [p.title for p in ranked] == ["Housing first", "Language cafés"]


def test_only_published_practices_are_found():
    PracticeFactory(title="Secret mentoring", status=Practice.Status.DRAFT)
    assert found("mentoring") == []


@pytest.mark.parametrize("text", ["&&", "-", '""', "or"])
def test_searches_without_words_find_nothing(text):
    PracticeFactory(title="Anything")
    assert found(text) == []


def test_publications_are_found_by_names_and_authors():
    publication = PublicationFactory(
        title="Workshop report", event_city=CityFactory(name="Malmö"), status="published"
    )
    ContributorFactory(publication=publication, name="Ada Lovelace")
    PublicationFactory(title="Other report")

    def titles(text):
        return [p.title for p in Publication.objects.published().search(text)]

    assert titles("malmo") == ["Workshop report"]
    assert titles("lovelace") == ["Workshop report"]


# --- typos --------------------------------------------------------------------------------


def test_a_mistyped_word_is_corrected_from_the_catalogue():
    PracticeFactory(title="Job mentoring programme", summary="Mentors for newcomers.")
    PracticeFactory(title="Citizenship fund")

    published = Practice.objects.published()
    assert published.search_correction("mentorng") == "mentoring"
    assert published.search_correction("citizenshp fund") == "citizenship fund"
    assert published.search_correction("mentoring") is None
    assert published.search_correction("qwxzv") is None


def test_words_of_unpublished_practices_are_never_suggested():
    PracticeFactory(title="Secretive pilot", status=Practice.Status.DRAFT)
    assert Practice.objects.published().search_correction("secretiv") is None


@postgresql_only
def test_the_word_list_follows_practices_and_names():
    practice = PracticeFactory(title="Mentoring programme")
    CityFactory(name="Malmö")
    practice.title = "Buddy scheme"
    practice.save()

    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"mentoring", "programme", "buddy", "scheme", "malmo"} <= words


# --- stored vectors (PostgreSQL) ------------------------------------------------------------


@postgresql_only
def test_the_stored_vector_is_weighted_and_the_ranking_vector_compact():
    practice = PracticeFactory(
        title="Housing first",
        summary="Flats for refugees.",
        approach="Long text about rents. " * 200,
        cities=[CityFactory(name="Malmö")],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text, search_rank_vector::text, "
            "pg_column_size(search_rank_vector) FROM practices_practice WHERE id = %s",
            [practice.pk],
        )
        vector, rank_vector, rank_size = cursor.fetchone()
    assert "'hous':1A" in vector
    assert "'flat':3B" in vector
    assert "'rent':" in vector
    assert re.search(r"'malmo':\d+(,|\s|$)", vector)  # weight D is shown without a letter
    assert "'rent'" not in rank_vector
    assert "'malmo'" in rank_vector
    assert rank_size < 200


# --- excerpts -----------------------------------------------------------------------------


def test_excerpts_mark_the_words_found_and_escape_the_text():
    PracticeFactory(
        title="Language cafés",
        summary="Residents <meet> newcomers.",
        approach="Volunteers in **Malmö** help with housing questions every week.",
    )
    page = list(Practice.objects.published().search("malmo housing"))

    attach_snippets(page, "malmo housing", PRACTICE_SEARCH)

    snippet = str(page[0].snippet)
    assert "<mark>Malmö</mark>" in snippet
    assert "<mark>housing</mark>" in snippet
    assert "<meet>" not in snippet
    assert "**" not in snippet


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return [practice.title for practice in response.context["practices"]]


@postgresql_only
def test_a_list_by_relevance_ranks_a_bounded_set_first_and_still_lists_every_match(
    visitor, monkeypatch
):
    for title in ("Housing first", "Housing desk", "Housing advice"):
        PracticeFactory(title=title, summary="A housing programme.")
    PracticeFactory(title="Rooms", summary="Nothing", context="Shared housing in the texts.")
    every_match = ["Housing advice", "Housing desk", "Housing first", "Rooms"]

    ranked_all = _titles(visitor.get("/practices/?q=housing"))  # all four are candidates
    monkeypatch.setattr("core.search.RANKED_CANDIDATES", 2)
    ranked_two = _titles(visitor.get("/practices/?q=housing"))

    assert sorted(ranked_all) == every_match and ranked_all[-1] == "Rooms"
    assert sorted(ranked_two) == every_match
    assert all(title.startswith("Housing") for title in ranked_two[:2])
