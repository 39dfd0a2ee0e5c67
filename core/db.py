"""Primary + read replica routing.

With `DATABASE_REPLICA_URL` set, anonymous reads go to the replica. Writes, every
read after a write in the same request, every read by a signed-in editor (anyone
sending a session cookie or an Authorization header) and the bookkeeping apps
(sessions, auth, tokens, admin log, versions) use the primary, so editors always
read their own writes.
"""

import contextlib
from collections import defaultdict

import psycopg
from django.conf import settings
from django.db import connections

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


def rows_by_id(using, statements, ids):
    """For each SQL statement of `statements`, `{id: [values, …]}`: its rows grouped by
    their first column, for the `ids` written where the statement says `{ids}` (once or
    more), in the statement's order.

    On PostgreSQL the statements go in one round trip (a pipeline) as statements prepared
    on the connection (server-side binding, one array parameter whatever the number of
    ids), so the server plans each once per connection instead of every time: half their
    server time, ~1 ms for a list of 50 agreements (pgbench). Django binds the ORM's own
    parameters on the client, which cannot be prepared; settings may turn this off
    (`prepare_threshold` None), and the statements are then planned each time. SQLite
    runs them one by one with `IN (…)`."""
    results = [defaultdict(list) for _ in statements]
    if not ids:
        return results
    connection = connections[using]
    if connection.vendor == "postgresql":
        fetched = _prepared_pipeline(connection, statements, list(ids))
    else:
        clause = f"IN ({', '.join(['%s'] * len(ids))})"
        fetched = []
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement.format(ids=clause), list(ids) * statement.count("{ids}"))
                fetched.append(cursor.fetchall())
    for grouped, rows in zip(results, fetched, strict=True):
        for row_id, *values in rows:
            grouped[row_id].append(values)
    return results


def _prepared_pipeline(connection, statements, ids):
    connection.validate_no_broken_transaction()  # as Django's own cursors do
    connection.ensure_connection()
    raw = connection.connection
    cursors = [psycopg.Cursor(raw) for _ in statements]
    # Logged like Django's own cursors, so tests and the debug toolbar count them.
    logged = connection.make_debug_cursor(cursors[0]) if connection.queries_logged else None
    try:
        with connection.wrap_database_errors, raw.pipeline():
            for cursor, statement in zip(cursors, statements, strict=True):
                sql = statement.format(ids="= ANY(%s::bigint[])")
                params = [ids] * statement.count("{ids}")
                with logged.debug_sql(sql, params) if logged else contextlib.nullcontext():
                    cursor.execute(sql, params, prepare=True)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
