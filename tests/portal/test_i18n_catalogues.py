"""Every language's interface catalogue is complete and up to date with the code.

These fail until the translated catalogues (locale/<lang>/LC_MESSAGES/django.po) are in.
"""

import hashlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
#: What `make messages` reads; everything else stays out of the copy it runs in.
NOT_SOURCE = shutil.ignore_patterns(
    ".*", "tests", "staticfiles", "media", "private-media", "data-dumps", "sent-mail",
    "screenshots", "build", "*.sqlite3", "__pycache__", "*.mo", "node_modules",
)  # fmt: skip


def catalogue_path(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def read_catalogue(path: Path):
    with path.open("rb") as source:
        return read_po(source)


def entries(catalogue) -> list:
    return [message for message in catalogue if message.id]


def is_translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def msgids(catalogue) -> set[tuple]:
    return {(message.id, message.context) for message in entries(catalogue)}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(language):
    catalogue = read_catalogue(catalogue_path(ROOT, language))

    untranslated = [message.id for message in entries(catalogue) if not is_translated(message)]
    fuzzy = [message.id for message in entries(catalogue) if message.fuzzy]

    assert entries(catalogue), f"{language}: the catalogue is empty"
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    )
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translations_keep_every_placeholder(language):
    catalogue = read_catalogue(catalogue_path(ROOT, language))

    problems = [
        (message.id, [str(error) for error in errors]) for message, errors in catalogue.check()
    ]

    assert not problems, f"{language}: {problems[:5]}"


def makemessages_command() -> list[str]:
    """The Makefile's own makemessages command (`make messages`), run by this interpreter."""
    printed = subprocess.run(  # noqa: S603
        [
            shutil.which("make"),
            "--silent",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "--eval",
            "print-makemessages: ; @: $(info $(MAKEMESSAGES))",
            "print-makemessages",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    command = shlex.split(printed)
    script = command.index("manage.py")
    return [sys.executable, *command[script:]]


@pytest.mark.skipif(
    not (shutil.which("make") and shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="make messages needs make and gettext (xgettext, msgmerge)",
)
def test_the_catalogues_hold_every_marked_string_of_the_code(tmp_path):
    """`make messages`, run on a copy of the code, changes no catalogue's set of strings."""
    copy = tmp_path / "portal-copy"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE)
    committed = {language: catalogue_path(ROOT, language) for language in OTHER_LANGUAGES}
    before = {
        language: hashlib.sha256(path.read_bytes()).hexdigest()
        for language, path in committed.items()
    }

    subprocess.run(makemessages_command(), cwd=copy, check=True, capture_output=True)  # noqa: S603

    for language, path in committed.items():
        # The copy's own catalogue was refreshed, never the real one.
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before[language]
        refreshed = msgids(read_catalogue(catalogue_path(copy, language)))
        current = msgids(read_catalogue(path))
        missing = sorted(str(msgid) for msgid, _context in refreshed - current)
        stale = sorted(str(msgid) for msgid, _context in current - refreshed)
        assert not missing, f"{language}: run make messages; missing {missing[:5]}"
        assert not stale, f"{language}: run make messages; no longer in the code {stale[:5]}"
