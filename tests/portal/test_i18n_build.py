"""The interface text lives in the catalogues: the scripts carry none of their own, and the
catalogues compile with gettext's msgfmt or, on a machine without it, with Babel."""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.management.commands import compile_catalogues

SCRIPTS = sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))
CATALOGUE = """\
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Practices"
msgstr "Pratiques"

#, fuzzy
msgid "Cities"
msgstr "Cités"
"""

# Quoted words (capitalised, or more than one) where a script writes text a reader sees or
# falls back on one: `|| "Suggestions"`, `textContent = "No results"`.
ENGLISH_IN_SCRIPT = re.compile(
    r"""(\|\|\s*|textContent\s*=\s*|aria-label",\s*)(["'])[^"']*(?:[A-Z][a-z]|[a-z] [a-z])"""
)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_scripts_take_their_words_from_the_page(script):
    """Text the scripts show comes from data attributes the templates translate."""
    assert not ENGLISH_IN_SCRIPT.findall(script.read_text())


@pytest.fixture
def catalogue(tmp_path, settings):
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(CATALOGUE, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    return folder / "django.mo"


def compiled(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as source:
        return gettext.GNUTranslations(source)


def test_catalogues_compile_with_babel_where_gettext_is_missing(catalogue, monkeypatch):
    monkeypatch.setattr(compile_catalogues, "find_command", lambda name: None)

    call_command("compile_catalogues", verbosity=0)

    translations = compiled(catalogue)
    assert translations.gettext("Practices") == "Pratiques"
    assert translations.gettext("Cities") == "Cities"  # a fuzzy guess is left out


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_catalogues_compile_with_msgfmt_where_gettext_is_installed(catalogue, monkeypatch):
    monkeypatch.chdir(catalogue.parents[3])

    call_command("compile_catalogues", verbosity=0)

    translations = compiled(catalogue)
    assert translations.gettext("Practices") == "Pratiques"
    assert translations.gettext("Cities") == "Cities"
