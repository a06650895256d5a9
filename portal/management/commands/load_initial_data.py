"""`manage.py load_initial_data`: load the initial data set; safe to run again."""

from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.cache import content_changed
from core.history import recorded_as
from portal.accounts import DEMO_EDITOR_EMAIL, DEMO_OFFICIAL_EMAIL, ensure_demo_accounts
from portal.management.initial_data import (
    DEFAULT_DATA_DIR,
    LOADER_REASON,
    DataError,
    load_initial_data,
)


class Command(BaseCommand):
    help = (
        "Load the initial cities, organisations, themes, target groups, frameworks, "
        "practices and publications from YAML. Records are matched by slug: running it "
        "again creates what is missing and updates only records no one has edited since "
        "they were loaded (the others are named as skipped)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help="Directory holding the YAML files (default: portal/data/initial).",
        )
        parser.add_argument(
            "--with-demo-accounts",
            action="store_true",
            help=(
                f"Also create or reset the demo editor ({DEMO_EDITOR_EMAIL}) and the demo "
                f"official of The Hague ({DEMO_OFFICIAL_EMAIL}). Needs --password."
            ),
        )
        parser.add_argument("--password", help="Password for the demo accounts.")

    def handle(
        self, *args, data_dir: Path, with_demo_accounts: bool, password: str | None, **options
    ):
        if with_demo_accounts and not password:
            raise CommandError("--with-demo-accounts needs --password P for the demo accounts.")
        if password and not with_demo_accounts:
            raise CommandError("--password is only used together with --with-demo-accounts.")
        if with_demo_accounts:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError("--password: " + " ".join(exc.messages)) from exc

        try:
            with transaction.atomic(), recorded_as(None, reason=LOADER_REASON):
                report = load_initial_data(data_dir)
                content_changed()  # one more bump once the whole load is in
                if with_demo_accounts:
                    ensure_demo_accounts(password=password)
        except DataError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc

        self.stdout.write(self.style.SUCCESS(report.summary()))
        for record in report.skipped:
            self.stdout.write(
                self.style.WARNING(f"Skipped {record}: edited since it was loaded, kept as it is.")
            )
        if with_demo_accounts:
            self.stdout.write(
                f"Demo accounts ready: {DEMO_EDITOR_EMAIL} (editor) and "
                f"{DEMO_OFFICIAL_EMAIL} (official of The Hague), with the given password."
            )
