import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Development only: makes sure a superuser exists and gives it a fresh random "
        "password, printed once. There is no fixed default password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="Where the server listens (host:port)."
        )

    def handle(self, *args, username, address, **options):
        if not settings.DEBUG:
            raise CommandError("dev_admin only runs with DEBUG=1; use createsuperuser elsewhere.")
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login for this run — http://{address}/admin/  "
                f"user: {username}  password: {password}"
            )
        )
