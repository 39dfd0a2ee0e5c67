"""`python manage.py load_demo`: the Korea–Peru demo of DESIGN.md §7, safe to run again."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the Korea–Peru demo from the seed article (summit of 16 November 2024): "
        "11 parties, 2 events, 7 agreements with their sources. Running it again only "
        "restores what differs."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo()
        except ValidationError as error:
            raise CommandError(f"The demo was not loaded: {'; '.join(error.messages)}") from error
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(result.summary()))
