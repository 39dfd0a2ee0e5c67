"""What an agreement's API representation shows besides its own columns — sectors,
participants, relations both ways, cited sources — read for a whole page of agreements
with four plain SQL statements (one round trip of prepared statements on PostgreSQL).

The benchmark's profile (README "Performance") put 80 % of an agreement's detail and most
of a list in the ORM: compiling the five prefetch queries (their joins, the models'
orderings) and building a model per related row took ~20 ms for one agreement. The same
rows read as tuples take ~1 ms. The statements are portable SQL (PostgreSQL and SQLite),
ordered as the models' `Meta.ordering`, so the representation is the one the prefetched
models gave (tests/api/test_fast_representation.py compares them).
"""

import contextlib
from dataclasses import dataclass, field
from itertools import batched

import psycopg
from django.db import connections

# Each statement takes the agreement ids in `{ids}` and returns the agreement id first.
SECTORS = """
    SELECT j.agreement_id, s.slug
    FROM agreements_agreement_sectors j JOIN agreements_sector s ON s.id = j.sector_id
    WHERE j.agreement_id {ids}
    ORDER BY s.name, s.id"""

PARTICIPANTS = """
    SELECT pa.agreement_id, p.slug, p.name, p.kind, p.country, p.publication, pa.role,
           r.slug, r.name, r.publication, pa.representative_title
    FROM agreements_participation pa
    JOIN parties_party p ON p.id = pa.party_id
    LEFT JOIN parties_party r ON r.id = pa.representative_id
    WHERE pa.agreement_id {ids}
    ORDER BY pa."order", pa.id"""

# Outgoing then incoming (0, 1), each in AgreementRelation's order (kind, id).
RELATIONS = """
    SELECT rel.from_agreement_id, 0, rel.kind, a.slug, a.title, a.publication, rel.id
    FROM agreements_agreementrelation rel JOIN agreements_agreement a ON a.id = rel.to_agreement_id
    WHERE rel.from_agreement_id {ids}
    UNION ALL
    SELECT rel.to_agreement_id, 1, rel.kind, a.slug, a.title, a.publication, rel.id
    FROM agreements_agreementrelation rel JOIN agreements_agreement a ON a.id = rel.from_agreement_id
    WHERE rel.to_agreement_id {ids}
    ORDER BY 2, 3, 7"""

SOURCES = """
    SELECT c.agreement_id, s.title, s.url, s.publisher, s.published_on, c.quote
    FROM agreements_citation c JOIN agreements_source s ON s.id = c.source_id
    WHERE c.agreement_id {ids}
    ORDER BY c.id"""


#: RelatedRows attribute → its statement.
STATEMENTS = {
    "sectors": SECTORS,
    "participants": PARTICIPANTS,
    "relations": RELATIONS,
    "sources": SOURCES,
}


@dataclass
class RelatedRows:
    """One agreement's related rows, as tuples in the column order of the statements
    above (without the leading agreement id)."""

    sectors: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    sources: list = field(default_factory=list)


def attach_related_rows(agreements, *, using=None):
    """Set `related_rows` (a RelatedRows) on each of `agreements` (model instances), in
    four queries for all of them."""
    agreements = [agreement for agreement in agreements if agreement.pk is not None]
    if not agreements:
        return
    by_id = {agreement.pk: RelatedRows() for agreement in agreements}
    ids = list(by_id)
    connection = connections[using or agreements[0]._state.db or "default"]
    if connection.vendor == "postgresql":
        results = _prepared_results(connection, ids)
    else:
        clause = f"IN ({', '.join(['%s'] * len(ids))})"
        results = []
        with connection.cursor() as cursor:
            for statement in STATEMENTS.values():
                cursor.execute(statement.format(ids=clause), ids * statement.count("{ids}"))
                results.append(cursor.fetchall())
    for attribute, rows in zip(STATEMENTS, results, strict=True):
        for agreement_id, *values in rows:
            getattr(by_id[agreement_id], attribute).append(values)
    for agreement in agreements:
        agreement.related_rows = by_id[agreement.pk]


def _prepared_results(connection, ids):
    """The rows of the four statements on PostgreSQL in one round trip (a pipeline), as
    statements prepared on the connection (server-side binding: one array parameter
    whatever the number of ids), so the server plans each once per connection instead of
    every time: half their server time, ~1 ms for a list of 50 (pgbench). Unless
    settings turn prepared statements off (`prepare_threshold` None), then planned each
    time."""
    connection.ensure_connection()
    raw = connection.connection
    cursors = [psycopg.Cursor(raw) for _ in STATEMENTS]
    # Logged like Django's own cursors, so tests and the debug toolbar count them.
    logged = connection.make_debug_cursor(cursors[0]) if connection.queries_logged else None
    try:
        with connection.wrap_database_errors, raw.pipeline():
            for cursor, statement in zip(cursors, STATEMENTS.values(), strict=True):
                sql = statement.format(ids="= ANY(%s::bigint[])")
                params = [ids] * statement.count("{ids}")
                with logged.debug_sql(sql, params) if logged else contextlib.nullcontext():
                    cursor.execute(sql, params, prepare=True)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def iterate_with_related_rows(queryset, chunk_size):
    """The agreements of `queryset`, streamed from the database `chunk_size` at a time,
    each chunk with its related rows attached."""
    for chunk in batched(queryset.iterator(chunk_size=chunk_size), chunk_size):
        attach_related_rows(chunk)
        yield from chunk
