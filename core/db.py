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


def rows_by_id(using, queries):
    """For each `(statement, ids)` of `queries`, `{id: [values, …]}`: the statement's rows
    grouped by their first column, for the `ids` written where the statement says `{ids}`
    (once or more), in the statement's order.

    On PostgreSQL the statements go in one round trip (a pipeline), prepared on the
    connection (one array parameter whatever the number of ids) and, as settings say
    (`plan_cache_mode`), planned once per connection: the server would otherwise plan
    them again on every call, its generic estimate (ten ids) always costing more than
    a plan for the actual ids; that planning was ~1.3 ms of server time for one
    agreement's five statements, four times their execution. So each statement must be
    one whose generic plan is good for any number of ids (index lookups, no hash of a
    whole table). Django binds the ORM's parameters on the client, so no other statement
    is prepared. SQLite runs them one by one with `IN (…)`."""
    queries = [(statement, list(ids)) for statement, ids in queries]
    results = [defaultdict(list) for _ in queries]
    pending = [(statement, ids) for statement, ids in queries if ids]
    if not pending:
        return results
    connection = connections[using]
    if connection.vendor == "postgresql":
        fetched = iter(_prepared_pipeline(connection, pending))
    else:
        fetched = iter(_one_by_one(connection, pending))
    for grouped, (_, ids) in zip(results, queries, strict=True):
        if ids:
            for row_id, *values in next(fetched):
                grouped[row_id].append(values)
    return results


def _one_by_one(connection, queries):
    fetched = []
    with connection.cursor() as cursor:
        for statement, ids in queries:
            clause = f"IN ({', '.join(['%s'] * len(ids))})"
            cursor.execute(statement.format(ids=clause), ids * statement.count("{ids}"))
            fetched.append(cursor.fetchall())
    return fetched


def _prepared_pipeline(connection, queries):
    connection.validate_no_broken_transaction()  # as Django's own cursors do
    connection.ensure_connection()
    raw = connection.connection
    cursors = [psycopg.Cursor(raw) for _ in queries]
    # Logged like Django's own cursors, so tests and the debug toolbar count them.
    logged = connection.make_debug_cursor(cursors[0]) if connection.queries_logged else None
    try:
        with connection.wrap_database_errors, raw.pipeline():
            for cursor, (statement, ids) in zip(cursors, queries, strict=True):
                sql = statement.format(ids="= ANY(%s::bigint[])")
                params = [ids] * statement.count("{ids}")
                with logged.debug_sql(sql, params) if logged else contextlib.nullcontext():
                    cursor.execute(sql, params, prepare=True)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
