"""Every language's home, list of practices and practice page, in that language.

These read the compiled catalogues (`make install` builds them), so they fail until the
translated catalogues are in.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

#: The main navigation's word for the practices, from the glossary every catalogue follows.
PRACTICES_IN_THE_NAV = {
    "en": "Practices",
    "fr": "Pratiques",
    "es": "Prácticas",
    "de": "Praxisbeispiele",
    "nl": "Praktijkvoorbeelden",
}
PAGES = ["/", "/practices/", "/practices/citizenship-fund/"]


def test_every_language_has_a_nav_word_here():
    assert set(PRACTICES_IN_THE_NAV) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("language", sorted(set(PRACTICES_IN_THE_NAV) - {"en"}))
def test_the_catalogue_is_compiled(language):
    catalogue = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    compiled = catalogue.with_suffix(".mo")

    assert compiled.exists(), "run `make install`: it compiles the catalogues"
    assert compiled.stat().st_mtime >= catalogue.stat().st_mtime, "run `make install` again"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", sorted(PRACTICES_IN_THE_NAV))
def test_every_page_reads_in_every_language(visitor, the_hague, language, path):
    PracticeFactory(slug="citizenship-fund", cities=[the_hague])
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"

    response = visitor.get(prefix + path)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert f">{PRACTICES_IN_THE_NAV[language]}</a>" in html
