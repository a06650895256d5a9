from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from portal.dump import write_dump


class Command(BaseCommand):
    help = (
        "Write the full data dump (JSON Lines, gzipped) of everything published into "
        "DATA_DUMP_DIR, replacing the previous one at once. Run it daily."
    )

    def handle(self, *args, **options):
        dump = write_dump()
        self.stdout.write(f"Wrote {dump.path} ({filesizeformat(dump.size)}).")
