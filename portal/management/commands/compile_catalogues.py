"""Compile the interface catalogues (locale/<lang>/LC_MESSAGES/django.po) to .mo files.

With Django's compilemessages when gettext's msgfmt is installed, else with Babel (a
dependency), so a laptop without gettext builds them too. Either way fuzzy translations are
left out; `make install` runs this for every catalogue that changed.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.utils import find_command


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to .mo (msgfmt if installed, else Babel)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale", "-l", action="append", default=[], help="Only this language (repeatable)."
        )

    def handle(self, *args, locale: list[str], **options) -> None:
        if find_command("msgfmt"):
            # Hidden folders (the virtualenv's packages carry catalogues of their own) and
            # collected static files are not the project's.
            call_command(
                "compilemessages",
                locale=locale,
                ignore_patterns=[".*", "staticfiles", "node_modules"],
                verbosity=options["verbosity"],
            )
            return
        for catalogue in self._catalogues(locale):
            with catalogue.open("rb") as source:
                messages = read_po(source)
            with catalogue.with_suffix(".mo").open("wb") as target:
                write_mo(target, messages, use_fuzzy=False)
            if options["verbosity"]:
                self.stdout.write(f"compiled {catalogue} with Babel")

    def _catalogues(self, languages: list[str]) -> list[Path]:
        found = []
        for folder in map(Path, settings.LOCALE_PATHS):
            for catalogue in sorted(folder.glob("*/LC_MESSAGES/django.po")):
                if not languages or catalogue.parent.parent.name in languages:
                    found.append(catalogue)
        return found
