"""Primary + read replica routing.

With `DATABASE_REPLICA_URL` set, anonymous reads go to the replica. Writes, every
read after a write in the same request, every read by a signed-in editor (anyone
sending a session cookie or an Authorization header) and the bookkeeping apps
(sessions, auth, tokens, admin log, versions) use the primary, so editors always
read their own writes.
"""

from django.conf import settings

from .requests import reads_from_primary

PRIMARY = "default"
REPLICA = "replica"
PRIMARY_ONLY_APPS = {"sessions", "auth", "knox", "admin", "reversion", "contenttypes", "axes"}


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            REPLICA not in settings.DATABASES
            or reads_from_primary.get()
            or model._meta.app_label in PRIMARY_ONLY_APPS
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        reads_from_primary.set(True)  # read your own writes for the rest of the request
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
