"""`python manage.py import_data dump.jsonl [--dry-run]` (DESIGN.md §5)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.transfer import import_lines


class Command(BaseCommand):
    help = (
        "Import a JSON Lines file written by export_data (or by hand, in the API's write "
        "shape): upsert by slug, all or nothing. Errors name the line and the field; "
        "--dry-run checks everything and reports what would change, writing nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .jsonl file; - reads standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate everything and report what would be created, changed or left "
            "unchanged, then roll back.",
        )

    def handle(self, *args, **options):
        name = options["file"]
        dry_run = options["dry_run"]
        comment = f"Imported from {'standard input' if name == '-' else Path(name).name}"
        if name == "-":
            report = import_lines(sys.stdin.buffer, dry_run=dry_run, comment=comment)
        else:
            try:
                with open(name, "rb") as lines:
                    report = import_lines(lines, dry_run=dry_run, comment=comment)
            except OSError as error:
                raise CommandError(f"Cannot read {name}: {error.strerror}.") from error
        if not report.ok:
            for problem in report.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(report.errors)} "
                f"error{'s' if len(report.errors) != 1 else ''} (listed above)."
            )
        if options["verbosity"] > 1:
            for outcome in report.outcomes:
                self.stdout.write(f"line {outcome.line}: {outcome.label}: {outcome.status}")
        if options["verbosity"] > 0:
            heading = (
                "Dry run — nothing was written. The import would do:" if dry_run else "Imported:"
            )
            self.stdout.write(heading)
            self.stdout.write(report.summary())
