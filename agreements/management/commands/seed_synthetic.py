"""`python manage.py seed_synthetic`: deterministic synthetic volume for benchmarks.

The generator lives in `agreements/synthetic.py`; this command only reads the options,
guards against a second run on top of the first, and reports.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.synthetic import (
    MIN_PARTIES,
    SyntheticDataError,
    clear_synthetic,
    seed_synthetic,
    synthetic_rows_exist,
)


class Command(BaseCommand):
    help = (
        "Create synthetic parties and agreements for benchmarks, deterministically from "
        "--seed, with bulk inserts. Every row is marked synthetic (is_synthetic, slugs "
        "starting with “syn-”). Use --clear to replace earlier synthetic rows; "
        "`--clear --agreements 0 --parties 0` only removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--agreements", type=int, default=100_000, help="How many agreements (100000)."
        )
        parser.add_argument("--parties", type=int, default=20_000, help="How many parties (20000).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed: the same seed gives the same rows (1)."
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete existing synthetic rows first (real rows are left alone).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per INSERT statement (5000)."
        )

    def handle(self, *args, agreements, parties, seed, clear, batch_size, **options):
        if agreements < 0 or parties < 0:
            raise CommandError("--agreements and --parties cannot be negative.")
        if agreements and parties < MIN_PARTIES:
            raise CommandError(f"--parties must be at least {MIN_PARTIES} to make agreements.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verbose = options["verbosity"] > 0
        progress = self.stdout.write if verbose else None
        started = time.monotonic()
        try:
            with transaction.atomic():
                if synthetic_rows_exist():
                    if not clear:
                        raise CommandError(
                            "Synthetic rows already exist. Run again with --clear to delete "
                            "them first (real rows are left alone)."
                        )
                    if verbose:
                        self.stdout.write("Clearing earlier synthetic rows…")
                    clear_synthetic(progress=progress)
                if agreements or parties:
                    if verbose:
                        self.stdout.write(
                            f"Creating {parties:,} parties and {agreements:,} agreements "
                            f"(seed {seed})…"
                        )
                    result = seed_synthetic(
                        agreements=agreements,
                        parties=parties,
                        seed=seed,
                        batch_size=batch_size,
                        progress=progress,
                    )
        except SyntheticDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        if not verbose:
            return
        if agreements or parties:
            counts = ", ".join(f"{number:,} {label}" for label, number in result.counts.items())
            self.stdout.write(self.style.SUCCESS(f"Created {counts} in {elapsed:.1f} s."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Synthetic rows cleared in {elapsed:.1f} s."))
