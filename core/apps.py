from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accords core"

    def ready(self):
        from . import (  # noqa: F401 - connect on import
            audit,  # logs every saved revision
            search,  # registers the `fold` lookup and the SQLite function
        )
        from .cache import connect_signals

        connect_signals()  # content saves and deletes invalidate the anonymous caches
