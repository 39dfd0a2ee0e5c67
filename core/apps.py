from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accords core"

    def ready(self):
        from . import search  # noqa: F401 - registers the `fold` lookup and the SQLite function
