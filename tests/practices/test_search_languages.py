"""Search finds each language's texts: on PostgreSQL with that language's stemming, on
SQLite by word starts in every language's column."""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from core.search import TEXT_SEARCH_CONFIGS, attach_snippets
from practices.models import PRACTICE_SEARCH, Practice
from tests.factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="text-search configurations are PostgreSQL's"
)


def found(text: str) -> list[str]:
    return sorted(p.slug for p in Practice.objects.published().search(text))


@pytest.fixture
def french_employment():
    practice = PracticeFactory(
        slug="jobs-for-newcomers",
        title="Jobs for newcomers",
        summary="Mentors help newcomers find work.",
        original_language="fr",
    )
    practice.title_fr = "Des emplois pour les nouveaux arrivants"
    practice.summary_fr = "Des parrains aident les nouveaux arrivants à trouver un emploi."
    practice.save()
    PracticeFactory(slug="housing-first", title="Housing first", summary="Flats for refugees.")
    return practice


def test_every_language_has_a_text_search_configuration():
    assert set(TEXT_SEARCH_CONFIGS) == {code for code, _name in settings.LANGUAGES}


def test_a_french_word_finds_the_french_text(french_employment):
    assert found("emploi") == ["jobs-for-newcomers"]
    assert found("arrivants") == ["jobs-for-newcomers"]
    assert found("housing") == ["housing-first"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_results_do_not_depend_on_the_interface_language(french_employment, language):
    with translation.override(language):
        assert found("emploi") == ["jobs-for-newcomers"]
        assert found("newcomers") == ["jobs-for-newcomers"]


def test_a_translated_theme_name_finds_its_practices():
    theme = ThemeFactory(name="Employment", slug="employment")
    theme.name_fr = "Insertion professionnelle"
    theme.save()
    PracticeFactory(slug="career-bridge", title="Career Bridge", themes=[theme])

    assert found("insertion") == ["career-bridge"]


@postgresql_only
def test_french_stemming_finds_the_plural_and_the_singular(french_employment):
    other = PracticeFactory(slug="plural", title="Plural", original_language="fr")
    other.summary_fr = "Des emplois et des stages."
    other.save()

    assert found("emplois") == ["jobs-for-newcomers", "plural"]  # "emploi" in one of them
    assert found("emploi") == ["jobs-for-newcomers", "plural"]
    assert found('"nouvel arrivant"') == []  # a phrase still has to be there
    assert found("emploi -stages") == ["jobs-for-newcomers"]


@postgresql_only
def test_each_language_is_indexed_with_its_own_stemmer(french_employment):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM practices_practice WHERE id = %s",
            [french_employment.pk],
        )
        (vector,) = cursor.fetchone()
    assert "'emploi'" in vector and "'arriv'" in vector  # French stems
    assert "'newcom'" in vector and "'job':1A" in vector  # English ones, positions kept


@postgresql_only
def test_an_exclusion_holds_in_every_language():
    PracticeFactory(slug="social-housing", title="Social housing for refugees")
    PracticeFactory(slug="housing-advice", title="Refugee housing advice")

    assert found('refugee -"social housing"') == ["housing-advice"]


@postgresql_only
def test_the_french_word_list_corrects_french_typos(french_employment):
    assert Practice.objects.published().search_correction("arivants") == "arrivants"


def test_excerpts_in_french_show_the_french_text(french_employment):
    with translation.override("fr"):
        page = list(Practice.objects.published().search("emploi"))
        attach_snippets(page, "emploi", PRACTICE_SEARCH)

    assert "<mark>emploi</mark>" in str(page[0].snippet)


def test_a_french_publication_summary_is_found():
    from publications.models import Publication
    from tests.factories import PublicationFactory

    report = PublicationFactory(title="Workshop report", slug="workshop-report")
    report.summary_fr = "Compte rendu d'un atelier sur les emplois des réfugiés."
    report.save()

    found_reports = [p.slug for p in Publication.objects.published().search("emploi")]
    assert found_reports == ["workshop-report"]


def test_an_excerpt_is_taken_from_the_text_the_page_shows():
    practice = PracticeFactory(
        slug="puente", title="Bridge", summary="Mentors for newcomers.", original_language="es"
    )
    practice.summary_es = "Mentores para recién llegados que buscan empleo."
    practice.save()

    with translation.override("fr"):  # no French text: the page shows the Spanish original
        page = list(Practice.objects.published().search("empleo"))
        attach_snippets(page, "empleo", PRACTICE_SEARCH)

    assert "<mark>empleo</mark>" in str(page[0].snippet)
