"""Primary + read replica routing.

With `DATABASE_REPLICA_URL` set, anonymous reads go to the replica. Writes, every
read after a write in the same request, every read by a signed-in editor (anyone
sending a session cookie or an Authorization header) and the bookkeeping apps
(sessions, auth, tokens, admin log, versions) use the primary, so editors always
read their own writes.
"""

import contextlib
from collections import defaultdict
from functools import lru_cache

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
    (once or more), in the statement's order. The statements go through run_prepared()
    (one round trip of prepared statements on PostgreSQL, one array parameter whatever
    the number of ids), so each must be one whose generic plan is good for any number of
    ids: index lookups, no hash of a whole table."""
    queries = [(statement, list(ids)) for statement, ids in queries]
    results = [defaultdict(list) for _ in queries]
    pending = [(statement, ids) for statement, ids in queries if ids]
    if not pending:
        return results
    connection = connections[using]
    statements = []
    for statement, ids in pending:
        if connection.vendor == "postgresql":
            # The array as its text literal: psycopg's list adapter inspected every id to
            # choose a type (~35 µs a statement for one id, ~80 µs for fifty).
            literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
            placeholder, params = "= ANY(%s::bigint[])", [literal]
        else:
            placeholder, params = f"IN ({', '.join(['%s'] * len(ids))})", ids
        statements.append((statement.format(ids=placeholder), params * statement.count("{ids}")))
    fetched = iter(run_prepared(connection, statements))
    for grouped, (_, ids) in zip(results, queries, strict=True):
        if ids:
            _group(next(fetched), grouped)
    return results


def _group(rows, grouped):
    for row_id, *values in rows:
        grouped[row_id].append(values)
    return grouped


def instance_with_rows(model, using, field_name, value, related):
    """`(instance, [{id: [values, …]}, …])`: the `model` instance whose unique
    `field_name` is `value` (every concrete field loaded as `Model.objects.get()` would
    load it, or None), read by a prepared statement instead of a query the ORM compiles
    each time (~0.5 ms of an agreement's 2.8 ms API detail, in-process); and in the same
    round trip (run_prepared()) the rows of `related`, `(statement, column)` pairs of
    statements as rows_by_id() takes them, whose `{ids}` are the instance's `column`.
    They find the row by `field_name` themselves, so none waits for it to be read."""
    connection = connections[using]
    statement, by_value, attnames, converters = _instance_reader(model, field_name, connection)
    quote = connection.ops.quote_name
    rows, *fetched = run_prepared(
        connection,
        [
            (statement, [value]),
            *(
                (sql.format(ids=by_value.format(quote(column))), [value] * sql.count("{ids}"))
                for sql, column in related
            ),
        ],
    )
    grouped = [_group(found, defaultdict(list)) for found in fetched]
    if not rows:
        return None, grouped
    (values,) = converted(connection, converters, rows)
    return model.from_db(using, attnames, values), grouped


@lru_cache(maxsize=64)
def field_converters(model, attnames, connection):
    """What turns `model`'s columns `attnames`, read first in a row by plain SQL, into the
    values the ORM gives (a date on SQLite, a Decimal): `converted()`'s `[(index, column,
    functions), …]`."""
    converters = []
    for index, attname in enumerate(attnames):
        column = model._meta.get_field(attname).get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return converters


def converted(connection, converters, rows):
    """`rows` as lists, each value passed through its `field_converters()` in the order
    the ORM's compiler applies them."""
    result = []
    for row in rows:
        values = list(row)
        for index, column, functions in converters:
            for converter in functions:
                values[index] = converter(values[index], column, connection)
        result.append(values)
    return result


@lru_cache(maxsize=64)
def _instance_reader(model, field_name, connection):
    """instance_with_rows()'s statement, the condition its related statements use for
    `{ids}` (with a `{}` for the column), field names and converters, built once per
    connection."""
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    table, where = quote(model._meta.db_table), quote(model._meta.get_field(field_name).column)
    statement = f"SELECT {columns} FROM {table} WHERE {where} = %s"  # noqa: S608 - quoted names
    by_value = f"= (SELECT {{}} FROM {table} WHERE {where} = %s)"  # noqa: S608 - quoted names
    attnames = tuple(field.attname for field in fields)
    return statement, by_value, attnames, field_converters(model, attnames, connection)


def run_prepared(connection, statements):
    """The rows of each `(sql, params)` of `statements` (`%s` placeholders).

    On PostgreSQL they go in one round trip (a pipeline), prepared on the connection and,
    as settings say (`plan_cache_mode`), planned once per connection: the server would
    otherwise plan them again on every call, as its generic estimate for an array
    parameter (ten ids) always costs more than a plan for the actual ones; that planning
    was ~1.3 ms of server time for one agreement's five related-row statements, four
    times their execution. Django binds the ORM's parameters on the client, so no other
    statement is prepared. Settings may turn preparing off (`prepare_threshold` None).
    SQLite runs them one by one."""
    if connection.vendor != "postgresql":
        fetched = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                fetched.append(cursor.fetchall())
        return fetched
    connection.validate_no_broken_transaction()  # as Django's own cursors do
    connection.ensure_connection()
    raw = connection.connection
    cursors = [psycopg.Cursor(raw) for _ in statements]
    # Logged like Django's own cursors, so tests and the debug toolbar count them.
    logged = connection.make_debug_cursor(cursors[0]) if connection.queries_logged else None
    try:
        with connection.wrap_database_errors, raw.pipeline():
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                with logged.debug_sql(sql, params) if logged else contextlib.nullcontext():
                    cursor.execute(sql, params, prepare=True)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
