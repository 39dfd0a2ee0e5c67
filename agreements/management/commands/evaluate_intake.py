"""`python manage.py evaluate_intake`: precision and recall of the news-intake engine on its corpus."""

import json

from django.core.management.base import BaseCommand

from agreements.intake.evaluation import CORPUS_DIR, FIELDS, evaluate_corpus


class Command(BaseCommand):
    help = (
        "Run the news-intake engine on agreements/intake/corpus/*.txt and compare with the "
        "hand-written *.expected.json: precision and recall of parties, kinds, dates, amounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus", default=str(CORPUS_DIR), help="Directory of texts and answers."
        )
        parser.add_argument("--json", action="store_true", help="Print the scores as JSON.")
        parser.add_argument(
            "--details", action="store_true", help="List what was missed or proposed in excess."
        )

    def handle(self, *args, **options):
        documents, totals = evaluate_corpus(options["corpus"])
        if options["json"]:
            self.stdout.write(json.dumps(self._as_json(documents, totals), indent=2))
            return
        self.stdout.write(f"News intake on {len(documents)} texts ({options['corpus']})\n")
        header = (
            f"{'':<14}{'correct':>8}{'proposed':>10}{'expected':>10}{'precision':>11}{'recall':>8}"
        )
        self.stdout.write(header)
        for key in FIELDS:
            score = totals[key]
            self.stdout.write(
                f"{key:<14}{score.correct:>8}{score.proposed:>10}{score.expected:>10}"
                f"{score.precision:>11.2f}{score.recall:>8.2f}"
            )
        self.stdout.write("\nPer text (precision/recall):")
        for document in documents:
            cells = "  ".join(
                f"{key} {document.scores[key].precision:.2f}/{document.scores[key].recall:.2f}"
                for key in ("parties", "instruments", "dates", "amounts")
            )
            self.stdout.write(f"  {document.name}: {cells}")
            if options["details"]:
                for line in document.missed:
                    self.stdout.write(f"      missed: {line}")
                for line in document.extra:
                    self.stdout.write(f"      extra:  {line}")

    def _as_json(self, documents, totals):
        def scores(values):
            return {
                key: {
                    "correct": score.correct,
                    "proposed": score.proposed,
                    "expected": score.expected,
                    "precision": round(score.precision, 4),
                    "recall": round(score.recall, 4),
                }
                for key, score in values.items()
            }

        return {
            "totals": scores(totals),
            "documents": {
                document.name: {
                    "scores": scores(document.scores),
                    "missed": document.missed,
                    "extra": document.extra,
                }
                for document in documents
            },
        }
