"""Translated content on the public pages: the page's language, else the original, marked."""

import html5lib
import pytest
from django.utils import translation

from core.translated import language_name, translated_text
from tests.factories import CommitmentFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def get_in(client, language: str, instance):
    """A page of `instance` as a browser set to `language` gets it (prefixed URL or not)."""
    with translation.override(language):
        url = instance.get_absolute_url()
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def elements(response, css_class: str):
    tree = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    return [e for e in tree.iter() if css_class in (e.get("class") or "").split()]


def test_a_french_page_without_translation_shows_the_english_text_marked():
    practice = PracticeFactory(title="Career Bridge", summary="Internships for newcomers.")

    response = get_in(_client(), "fr", practice)

    (lede,) = elements(response, "lede")
    assert lede.text == "Internships for newcomers."
    assert lede.get("lang") == "en"
    header_note, approach_note = elements(response, "translation-note")
    with translation.override("fr"):
        english = language_name("en")  # "anglais" once the catalogue has it
    assert english in header_note.text
    assert english in approach_note.text
    content = response.content.decode()
    assert '<h1 lang="en">Career Bridge</h1>' in content


def test_a_french_translation_is_shown_when_there_is_one():
    practice = PracticeFactory(title="Career Bridge", summary="Internships for newcomers.")
    practice.title_fr = "Passerelle carrière"
    practice.summary_fr = "Des stages pour les nouveaux arrivants."
    practice.save()

    response = get_in(_client(), "fr", practice)

    content = response.content.decode()
    assert "<h1>Passerelle carrière</h1>" in content
    (lede,) = elements(response, "lede")
    assert lede.text == "Des stages pour les nouveaux arrivants."
    assert lede.get("lang") is None


def test_a_practice_written_in_spanish_falls_back_to_spanish_not_english():
    practice = PracticeFactory(original_language="es", summary="Apoyo a recién llegados.")
    practice.summary_en = ""
    practice.summary_es = "Apoyo a recién llegados."
    practice.summary_nl = "Steun voor nieuwkomers."
    practice.save()

    with translation.override("de"):
        text = translated_text(practice, "summary")

    assert (text.value, text.language, text.is_fallback) == ("Apoyo a recién llegados.", "es", True)


def test_an_english_page_is_unchanged():
    practice = PracticeFactory(title="Career Bridge")

    response = get_in(_client(), "en", practice)

    assert "<h1>Career Bridge</h1>" in response.content.decode()
    assert not elements(response, "translation-note")


def test_plain_attribute_reads_fall_back_rather_than_give_nothing():
    theme = ThemeFactory(name="Employment")

    with translation.override("nl"):
        assert theme.name == "Employment"


def test_taxonomy_and_commitments_are_marked_in_english_on_a_french_page():
    commitment = CommitmentFactory(title="Equal access to work")
    practice = PracticeFactory(themes=[ThemeFactory(name="Employment")], commitments=[commitment])

    content = get_in(_client(), "fr", practice).content.decode()

    assert '<span lang="en">Equal access to work</span>' in content
    assert 'lang="en">Employment</a>' in content


def _client():
    from django.test import Client

    return Client()


def test_the_list_filters_name_themes_in_the_pages_language():
    theme = ThemeFactory(name="Employment", slug="employment")
    theme.name_fr = "Emploi"
    theme.save()
    PracticeFactory(themes=[theme])

    with translation.override("fr"):
        from django.urls import reverse

        response = _client().get(reverse("practices:list"), HTTP_ACCEPT_LANGUAGE="fr")

    facet = response.context["facets"]["theme"]
    assert [option.label for option in facet.options] == ["Emploi"]
