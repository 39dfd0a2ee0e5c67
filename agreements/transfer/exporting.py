"""Export: every row of the register as records, references first.

Order: sectors, events (parents first), parties (parents first), sources, agreements —
each in the order the rows were created, so an import recreates them in the same order.
The whole export reads one snapshot of the database (a repeatable-read transaction on
PostgreSQL, unless the caller is already in a transaction), so a dump taken while editors
work is consistent.
"""

import json
from collections.abc import Iterator

from django.db import connections, router, transaction
from django.db.models import Exists, OuterRef

from agreements.api.related_rows import iterate_with_related_rows
from agreements.models import Agreement, Citation, Event, Sector, Source
from core.models import Publication
from parties.models import Party

from .records import Reader, identity, label, record_of

#: Rows read (with everything their record needs) per round trip.
CHUNK_SIZE = 500


def export_records(*, published_only: bool = False, warn=None) -> Iterator[dict]:
    """The records of the register, references first. `published_only`: what an anonymous
    API caller sees — published parties and agreements, the sources they cite, every event
    and sector; no draft or review row, and no unpublished party or agreement named inside
    another record (a party's unpublished parent reads as null, as in the API).

    `warn(message)` is told about sources that the import cannot tell apart."""
    alias = router.db_for_read(Agreement)
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        context = {"request": Reader(drafts=not published_only)}
        yield from _sectors(context)
        yield from _events(context)
        yield from _parties(context, published_only=published_only)
        yield from _sources(context, published_only=published_only, warn=warn)
        yield from _agreements(context, published_only=published_only)


def write_jsonl(stream, records) -> int:
    """Write `records` to the text `stream`, one JSON object per line; return how many."""
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


def _sectors(context):
    for sector in Sector.objects.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        yield record_of("sector", sector, context=context)


def _events(context):
    queryset = Event.objects.select_related("parent")
    yield from _parents_first("event", queryset, context)


def _parties(context, *, published_only):
    queryset = Party.objects.select_related("parent").prefetch_related("aliases")
    if published_only:
        queryset = queryset.published()
    yield from _parents_first("party", queryset, context)


def _parents_first(record_type, queryset, context):
    """Rows in creation order, except that a parent comes before its children."""
    parent_of = dict(queryset.order_by("pk").values_list("pk", "parent_id"))
    order, placed = [], set()
    for pk in parent_of:
        chain = []
        while pk is not None and pk in parent_of and pk not in placed and pk not in chain:
            chain.append(pk)
            pk = parent_of[pk]
        for ancestor in reversed(chain):
            placed.add(ancestor)
            order.append(ancestor)
    for start in range(0, len(order), CHUNK_SIZE):
        chunk = order[start : start + CHUNK_SIZE]
        rows = queryset.in_bulk(chunk)
        for pk in chunk:
            yield record_of(record_type, rows[pk], context=context)


def _sources(context, *, published_only, warn):
    queryset = Source.objects.order_by("pk")
    if published_only:
        cited = Citation.objects.filter(
            source=OuterRef("pk"), agreement__publication=Publication.PUBLISHED
        )
        queryset = queryset.filter(Exists(cited))
    seen = set()
    warned = set()
    for source in queryset.iterator(chunk_size=CHUNK_SIZE):
        record = record_of("source", source, context=context)
        key = identity("source", record)
        if key in seen and key not in warned and warn is not None:
            warned.add(key)
            warn(
                f"{label('source', record)}: several sources have this title and publisher "
                "and no URL; an import cannot tell them apart and keeps one. Give them URLs "
                "or distinct titles."
            )
        seen.add(key)
        yield record


def _agreements(context, *, published_only):
    queryset = Agreement.objects.order_by("pk")
    if published_only:
        queryset = queryset.published()
    for agreement in iterate_with_related_rows(queryset, CHUNK_SIZE):
        yield record_of("agreement", agreement, context=context)
