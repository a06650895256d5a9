from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from practices.reminders import remind_stale_practices


class Command(BaseCommand):
    help = (
        "Mail each city's officials their published practices that no editor has confirmed "
        "for STALE_AFTER_MONTHS months; at most one mail per official a day (run it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"Stale after this many months (default: STALE_AFTER_MONTHS, "
            f"now {settings.STALE_AFTER_MONTHS}).",
        )

    def handle(self, *args, months=None, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be 1 or more.")
        report = remind_stale_practices(months=months)
        self.stdout.write(
            f"Reminders sent: {report.sent}; already sent today: {report.already_sent_today}; "
            f"not sent (mail server): {report.failed}."
        )
        if report.failed:
            raise CommandError(f"{report.failed} reminder(s) could not be sent; run it again.")
