"""Officials submit in their language: the form writes the texts of the page's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from practices import services, versions
from practices.models import Practice, PracticeRevision
from tests.factories import OutcomeFactory, PracticeFactory
from tests.practices.test_submissions import form_data

pytestmark = pytest.mark.django_db


def in_language(client, language: str, method: str, name: str, data=None, **kwargs):
    """A request from a browser in `language` (a prefixed URL once there are prefixes)."""
    with translation.override(language):
        url = reverse(name, kwargs=kwargs or None)
        send = getattr(client, method)
        return send(url, data or {}, HTTP_ACCEPT_LANGUAGE=language)


def test_an_official_on_the_french_form_creates_a_practice_written_in_french(official_client):
    data = form_data(title="Fonds citoyen", summary="Des petites subventions pour les habitants.")

    response = in_language(official_client, "fr", "post", "practices:new", data)

    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.original_language == "fr"
    assert practice.title_fr == "Fonds citoyen"
    assert practice.summary_fr == "Des petites subventions pour les habitants."
    assert not practice.title_en
    assert practice.slug == "fonds-citoyen"
    with translation.override("en"):
        assert practice.title == "Fonds citoyen"  # English pages fall back to the original


def test_the_english_form_still_writes_english(official_client):
    response = in_language(official_client, "en", "post", "practices:new", form_data())

    assert response.status_code == 302
    practice = Practice.objects.get()
    assert (practice.original_language, practice.title_en) == ("en", "Citizenship Fund")
    assert practice.title_fr is None


def test_a_translation_is_added_to_a_draft_without_touching_the_original(official_client, official):
    practice = services.create_practice(
        by=official, title="Help desk", summary="A help desk.", cities=[official.official.city]
    )

    form = in_language(official_client, "es", "get", "practices:edit", slug=practice.slug)
    assert form.context["form"]["title"].value() == ""  # no Spanish yet: empty, not English
    assert not form.context["form"].fields["summary"].required
    assert 'class="form-language"' in form.content.decode()
    data = form_data(title="Oficina de ayuda", summary="")
    response = in_language(
        official_client, "es", "post", "practices:edit", data, slug=practice.slug
    )

    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.title_en, practice.title_es) == ("Help desk", "Oficina de ayuda")
    assert practice.summary_en == "A help desk."
    assert practice.original_language == "en"


@pytest.fixture
def published(official, the_hague):
    practice = PracticeFactory(
        title="Citizenship Fund",
        slug="citizenship-fund",
        summary="Small grants for residents.",
        cities=[the_hague],
        submitted_by=official,
    )
    OutcomeFactory(practice=practice, label="Projects funded", value=42, unit="")
    return practice


def test_a_spanish_proposal_carries_the_spanish_texts_and_approval_writes_them(
    official_client, published, editor
):
    data = form_data(
        title="Fondo ciudadano",
        summary="Pequeñas subvenciones para vecinos.",
        approach="",  # not translated yet: the Spanish form shows it empty
        instrument=published.instrument,
        start_year="2005",
        **{
            "outcomes-TOTAL_FORMS": "1",
            "outcomes-INITIAL_FORMS": "1",
            "outcomes-0-label": "Projects funded",
            "outcomes-0-value": "42",
        },
    )

    response = in_language(
        official_client, "es", "post", "practices:revise", data, slug="citizenship-fund"
    )

    assert response.status_code == 302
    revision = PracticeRevision.objects.get()
    assert revision.changes == {
        "title_es": "Fondo ciudadano",
        "summary_es": "Pequeñas subvenciones para vecinos.",
    }
    labels = [row.label for row in versions.compare(published, revision.changes)]
    assert labels == ["Title (Spanish)", "Summary (Spanish)"]

    services.approve_revision(revision=revision, by=editor)

    published.refresh_from_db()
    assert published.title_es == "Fondo ciudadano"
    assert published.title_en == "Citizenship Fund"
    assert published.outcomes.get().label_en == "Projects funded"


def test_an_english_label_of_an_outcome_keeps_its_translations(official, published):
    outcome = published.outcomes.get()
    outcome.label_fr = "Projets financés"
    outcome.save()

    services.set_outcomes(
        practice=published, outcomes=[{"label": "Projects funded in total", "value": 42}]
    )

    outcome.refresh_from_db()
    assert (outcome.label_en, outcome.label_fr) == ("Projects funded in total", "Projets financés")
