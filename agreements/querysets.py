from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear

from core.models import Publication, PublishableQuerySet
from core.search import RawCondition, column, folded, in_subquery, lookup_sql, search_terms, select


def with_shared_counts(parties_by_pk, counts):
    """The parties of `parties_by_pk` named in `counts` (`[(party_id, n), …]`), each with
    `shared_count`, most agreements first, then by name."""
    result = []
    for pk, count in counts:
        if pk in parties_by_pk:
            party = parties_by_pk[pk]
            party.shared_count = count
            result.append(party)
    return sorted(result, key=lambda party: (-party.shared_count, party.name))


def ids_condition(array_column, operator, ids):
    """`agreement.array_column operator ids` on PostgreSQL's id arrays (agreements 0005):
    `@>` holds every one of `ids`, `&&` any of them."""

    def build(connection, pk):
        table = pk.rsplit(".", 1)[0]  # the agreements' alias in this query
        return f"{table}.{array_column} {operator} %s::bigint[]", [ids]

    return RawCondition(build, "pk")


class AgreementQuerySet(PublishableQuerySet):
    def involving(self, *parties):
        """Agreements in which every one of `parties` takes part (in any role)."""
        from .models import Participation

        if not parties:
            return self
        if connections[self.db].vendor == "postgresql":
            # The participants' ids kept on each agreement (agreements 0005): one GIN lookup.
            ids = sorted({party.pk for party in parties})
            return self.filter(ids_condition("party_ids", "@>", ids))
        queryset = self
        for party in parties:
            queryset = queryset.filter(
                Exists(Participation.objects.filter(agreement=OuterRef("pk"), party=party))
            )
        return queryset

    def in_sectors(self, sectors):
        """Agreements in any of `sectors`."""
        if not sectors:
            return self
        if connections[self.db].vendor == "postgresql":
            # The sectors' ids kept on each agreement (agreements 0005): one GIN lookup.
            ids = sorted({sector.pk for sector in sectors})
            return self.filter(ids_condition("sector_ids", "&&", ids))
        in_sector = self.model.sectors.through.objects.filter(
            agreement_id=OuterRef("pk"), sector__in=sectors
        )
        return self.filter(Exists(in_sector))

    def search(self, query):
        """Agreements matching every word of `query` in their title, summary, event, or the
        name or an alias of a participant — case- and accent-insensitively, titles first."""
        from parties.models import Party, PartyAlias

        from .models import Event, Participation

        terms = search_terms(query)
        if not terms:
            return self.none()

        def matching(connection, title, summary, event, pk):
            # Per term, on PostgreSQL one bitmap scan of the agreements: the GIN trigram
            # indexes of the title and summary (agreements 0004), the event and primary key
            # indexes for the matching events and participants. A UNION of subqueries joined
            # back read all 100,000 agreements (120 ms → 12 ms for "korea"); an OR with
            # subplans tests every row.
            def fold_contains(sql, term):
                return lookup_sql(connection, folded(connection, sql), "contains", term)

            sql, params = [], []
            for term in terms:
                names = [
                    fold_contains(column(connection, Party, "name", "p"), term),
                    fold_contains(column(connection, Party, "short_name", "p"), term),
                ]
                alias_name, alias_params = fold_contains(
                    column(connection, PartyAlias, "name", "pa"), term
                )
                parties = (
                    select(connection, Party, "p", "pk", " OR ".join(test for test, _ in names))
                    + " UNION "
                    + select(connection, PartyAlias, "pa", "party", alias_name)
                )
                participations = select(
                    connection,
                    Participation,
                    "ap",
                    "agreement",
                    in_subquery(
                        connection, column(connection, Participation, "party", "ap"), parties
                    ),
                )
                event_name, event_params = fold_contains(
                    column(connection, Event, "name", "e"), term
                )
                tests = [
                    fold_contains(title, term),
                    fold_contains(summary, term),
                    (
                        in_subquery(
                            connection, event, select(connection, Event, "e", "pk", event_name)
                        ),
                        event_params,
                    ),
                    (
                        in_subquery(connection, pk, participations),
                        [param for _, test_params in names for param in test_params] + alias_params,
                    ),
                ]
                sql.append("(" + " OR ".join(test for test, _ in tests) + ")")
                params.extend(param for _, test_params in tests for param in test_params)
            return " AND ".join(sql), params

        def rank(connection, title):
            # 2 per word of the query found in the title.
            cases = [
                lookup_sql(connection, folded(connection, title), "contains", term)
                for term in terms
            ]
            sql = " + ".join(f"CASE WHEN {test} THEN 2 ELSE 0 END" for test, _ in cases)
            return f"(0 + {sql})", [param for _, params in cases for param in params]

        return (
            self.filter(RawCondition(matching, "title", "summary", "event", "pk"))
            .annotate(search_rank=RawCondition(rank, "title", output_field=models.IntegerField()))
            .order_by("-search_rank", models.F("signed_on").desc(nulls_last=True), "title")
        )

    def with_listing_data(self):
        """Everything a list of agreements shows, fetched in a fixed number of queries."""
        from .models import Participation

        return self.select_related("event").prefetch_related(
            "sectors",
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("party", "representative"),
            ),
        )

    def with_detail_data(self):
        from .models import AgreementRelation, Citation

        return self.with_listing_data().prefetch_related(
            models.Prefetch(
                "relations_out",
                queryset=AgreementRelation.objects.select_related("to_agreement"),
            ),
            models.Prefetch(
                "relations_in",
                queryset=AgreementRelation.objects.select_related("from_agreement"),
            ),
            models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )

    def involving_any(self, party_ids):
        """Agreements in which any of `party_ids` takes part or represents a participant.

        A party's page gathers the agreements of its sub-entities (pass
        `party.descendant_ids()`), and a person's page what they signed for others.
        Driven from the participations of those parties (an index lookup), not by testing
        every agreement."""
        from .models import Participation

        return self.filter(
            Q(pk__in=Participation.objects.filter(party__in=party_ids).values("agreement"))
            | Q(
                pk__in=Participation.objects.filter(representative__in=party_ids).values(
                    "agreement"
                )
            )
        )

    def between(self, side_ids, other_side_ids):
        """Agreements with a participant on each side: the relationship of two parties and
        their sub-entities. A party on both sides counts for neither, so an agreement
        needs two distinct participants to link the sides."""
        from .models import Participation

        side, other = set(side_ids), set(other_side_ids)
        side, other = side - other, other - side
        if not side or not other:
            return self.none()
        queryset = self
        for ids in (side, other):
            queryset = queryset.filter(
                pk__in=Participation.objects.filter(party__in=ids).values("agreement")
            )
        return queryset

    def count_per_year(self):
        """`{year: count}` by year of signing (of announcement when unsigned); the key
        `None` counts undated entries. One query, whatever the number of rows."""
        rows = (
            self.annotate(year=ExtractYear(Coalesce("signed_on", "announced_on")))
            .order_by()
            .values("year")
            .annotate(count=models.Count("pk"))
        )
        return {row["year"]: row["count"] for row in rows}

    def top_participants(self, parties, *, exclude_ids=(), limit=None):
        """The parties of `parties` (a Party QuerySet: those the reader may see) that take
        part in these agreements, most agreements first, each with `shared_count`; apart
        from `exclude_ids`. Counted from the participations in one grouped query (a party
        side `IN` over many agreements makes SQLite probe every pair), then fetched."""
        counts = self.top_participant_counts(parties, exclude_ids=exclude_ids, limit=limit)
        return with_shared_counts(parties.in_bulk([pk for pk, _ in counts]), counts)

    def top_participant_counts(self, parties, *, exclude_ids=(), limit=None):
        """`[(party_id, n), …]`: the counting half of `top_participants()`, most first (ties
        by id), as plain values a cache keeps small; sort by name once the parties are
        fetched."""
        from .models import Participation

        participations = Participation.objects.filter(
            agreement__in=self.values("pk"), party__in=parties.values("pk")
        )
        if exclude_ids:
            participations = participations.exclude(party__in=exclude_ids)
        rows = (
            participations.order_by()
            .values_list("party")
            .annotate(count=models.Count("agreement", distinct=True))
            .order_by("-count", "party")
        )
        return list(rows[:limit] if limit else rows)

    def count_per_party(self, party_ids):
        """`{party_id: n}`: in how many of these agreements each of `party_ids` takes part."""
        from .models import Participation

        rows = (
            Participation.objects.filter(agreement__in=self.values("pk"), party__in=party_ids)
            .order_by()
            .values("party")
            .annotate(count=models.Count("agreement", distinct=True))
        )
        return {row["party"]: row["count"] for row in rows}

    def pair_counts(self, party_ids):
        """`{(party_id, other_party_id): n}`: in how many of these agreements each pair of
        `party_ids` takes part together (lower id first). One query, aggregated in SQL."""
        from .models import Participation

        rows = (
            Participation.objects.filter(
                agreement__in=self.values("pk"),
                party__in=party_ids,
                agreement__participations__party__in=party_ids,
                agreement__participations__party__gt=models.F("party"),
            )
            .order_by()
            .values("party", "agreement__participations__party")
            .annotate(count=models.Count("agreement", distinct=True))
        )
        return {
            (row["party"], row["agreement__participations__party"]): row["count"] for row in rows
        }


class EventQuerySet(models.QuerySet):
    def with_published_agreement_count(self):
        return self.annotate(
            published_agreement_count=models.Count(
                "agreements",
                filter=models.Q(agreements__publication=Publication.PUBLISHED),
            )
        )
