"""What an agreement's API representation shows besides its own columns — sectors,
participants, relations both ways, cited sources, its event — read for a whole page of
agreements with five plain SQL statements (one round trip of prepared statements on
PostgreSQL: core.db.rows_by_id).

The benchmark's profile (README "Performance") put 80 % of an agreement's detail and most
of a list in the ORM: compiling the five prefetch queries (their joins, the models'
orderings) and building a model per related row took ~20 ms for one agreement. The same
rows read as tuples take ~1 ms. The statements are portable SQL (PostgreSQL and SQLite),
ordered as the models' `Meta.ordering`, so the representation is the one the prefetched
models gave (tests/api/test_fast_representation.py compares them).
"""

from dataclasses import dataclass, field
from itertools import batched

from core.db import instance_with_rows, rows_by_id

from ..models import Agreement

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


# The event's slug and name, by the event's own id (the agreement's `event_id`): read here
# rather than joined to the page's query, whose compiling and model building the join made
# ~1 ms dearer for a list of 50; by the event's id, since a join from the agreements has a
# generic plan that hashes every event (core.db.rows_by_id).
EVENT = """
    SELECT e.id, e.slug, e.name
    FROM agreements_event e
    WHERE e.id {ids}"""

#: RelatedRows attribute → its statement, by agreement id.
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
    event: list = field(default_factory=list)  # [(slug, name)] or []


def attach_related_rows(agreements, *, using=None):
    """Set `related_rows` (a RelatedRows) on each of `agreements` (model instances), in
    five queries for all of them (one round trip of prepared statements on PostgreSQL:
    core.db.rows_by_id)."""
    agreements = [agreement for agreement in agreements if agreement.pk is not None]
    if not agreements:
        return
    using = using or agreements[0]._state.db or "default"
    agreement_ids = [agreement.pk for agreement in agreements]
    event_ids = {agreement.event_id for agreement in agreements} - {None}
    *grouped, events = rows_by_id(
        using,
        [*((statement, agreement_ids) for statement in STATEMENTS.values()), (EVENT, event_ids)],
    )
    _attach(agreements, grouped, events)


def agreement_with_related_rows(using, slug):
    """The agreement whose slug is `slug` (as `Agreement.objects.get()` would load it)
    with its `related_rows`, or None: its row and the five statements in one round trip
    (core.db.instance_with_rows), where reading the row first cost one of its own."""
    agreement, (*grouped, events) = instance_with_rows(
        Agreement,
        using,
        "slug",
        slug,
        [*((statement, "id") for statement in STATEMENTS.values()), (EVENT, "event_id")],
    )
    if agreement is not None:
        _attach([agreement], grouped, events)
    return agreement


def _attach(agreements, grouped, events):
    """Set `related_rows` on each of `agreements` from the rows of STATEMENTS (in its
    order) and EVENT, grouped by id."""
    by_attribute = dict(zip(STATEMENTS, grouped, strict=True))
    for agreement in agreements:
        agreement.related_rows = RelatedRows(
            **{attribute: rows.get(agreement.pk, []) for attribute, rows in by_attribute.items()},
            event=events.get(agreement.event_id, []),
        )


def iterate_with_related_rows(queryset, chunk_size):
    """The agreements of `queryset`, streamed from the database `chunk_size` at a time,
    each chunk with its related rows attached."""
    for chunk in batched(queryset.iterator(chunk_size=chunk_size), chunk_size):
        attach_related_rows(chunk)
        yield from chunk
