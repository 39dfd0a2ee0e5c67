"""`python manage.py export_data [--published-only] > dump.jsonl` (DESIGN.md §5)."""

from django.core.management.base import BaseCommand

from agreements.transfer import export_records, write_jsonl


class Command(BaseCommand):
    help = (
        "Write the register to standard output as JSON Lines: one record per line, "
        '{"type": "sector" | "event" | "party" | "source" | "agreement", …} in the API\'s '
        "write shape, references first. Read it back with import_data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Only what anonymous readers see: no draft or review entry, and no "
            "unpublished party or agreement named inside another record.",
        )

    def handle(self, *args, **options):
        def warn(message):
            self.stderr.write(self.style.WARNING(f"Warning: {message}"))

        records = export_records(published_only=options["published_only"], warn=warn)
        count = write_jsonl(self.stdout, records)
        if options["verbosity"] > 1:
            self.stderr.write(f"Exported {count} records.")
