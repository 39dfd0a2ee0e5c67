"""`python manage.py extract_article FILE --published-on YYYY-MM-DD [--json]` (DESIGN.md §5).

The same engine as the admin's "New from article" page: proposes the parties and the
agreements a news text reports, each with the sentence it came from. Reads only; nothing
is written to the database.
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.intake.engine import extract_article


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--published-on must be a date like 2024-11-18, not “{value}”."
        ) from error


class Command(BaseCommand):
    help = (
        "Propose parties and agreements from a news text (deterministic, offline). Relative "
        "dates such as “on Saturday” resolve against --published-on."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 text file; “-” reads standard input.")
        parser.add_argument(
            "--published-on",
            type=_date,
            help="Publication date (YYYY-MM-DD). Optional when the text starts with “date YYYY-MM-DD”.",
        )
        parser.add_argument("--json", action="store_true", help="Print the proposals as JSON.")
        parser.add_argument(
            "--no-match",
            action="store_true",
            help="Do not look the parties up in the register (every party is proposed as new).",
        )

    def handle(self, *args, **options):
        if options["file"] == "-":
            import sys

            text = sys.stdin.read()
        else:
            path = Path(options["file"])
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
            except UnicodeDecodeError as error:
                raise CommandError(f"{path} is not UTF-8 text.") from error
        kwargs = {} if not options["no_match"] else {"match": None}
        result = extract_article(text, published_on=options["published_on"], **kwargs)
        if result["published_on"] is None:
            raise CommandError(
                "Give the publication date with --published-on YYYY-MM-DD: relative dates "
                "(“on Saturday”) are resolved against it."
            )
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self._print(result)

    def _print(self, result):
        write = self.stdout.write
        write(
            f"Published on {result['published_on']}"
            + (f" — {result['title']}" if result["title"] else "")
        )
        write(f"\nParties ({len(result['parties'])}):")
        for party in result["parties"]:
            status = f"matched: {party['matched']}" if party["matched"] else "new"
            country = f", {party['country']}" if party["country"] else ""
            write(f"  - {party['name']} ({party['kind']}{country}; {status})")
            write(f"      “{party['quote']}”")
        write(f"\nAgreements ({len(result['agreements'])}):")
        for agreement in result["agreements"]:
            when = agreement["signed_on"] or (
                f"announced {agreement['announced_on']}" if agreement["announced_on"] else "no date"
            )
            value = (
                f"{agreement['value']['amount']} {agreement['value']['currency']}"
                if agreement["value"]
                else "no value"
            )
            write(f"  - [{agreement['kind']}] {agreement['title']}")
            write(f"      parties: {', '.join(agreement['participants']) or '—'}; {when}; {value}")
            write(f"      “{agreement['quote']}”")
        for relation in result["relations"]:
            source = result["agreements"][relation["from"]]["title"]
            target = result["agreements"][relation["to"]]["title"]
            write(f"\n  {source} —{relation['kind']}→ {target}")
