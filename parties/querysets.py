from difflib import SequenceMatcher

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from core.models import PublishableQuerySet
from core.search import fold, search_terms


class PartyQuerySet(PublishableQuerySet):
    def with_listing_data(self):
        return self.select_related("parent")

    def search(self, query):
        """Parties whose name, short name or an alias contains every word of `query`,
        case- and accent-insensitively, best matches first."""
        from .models import PartyAlias

        terms = search_terms(query)
        if not terms:
            return self.none()
        from .models import Party

        queryset = self
        for term in terms:
            # A UNION of index lookups (GIN trigram indexes on PostgreSQL, parties 0004)
            # rather than an OR that tests every party.
            matching = (
                Party.objects.filter(name__fold__contains=term)
                .values("pk")
                .union(
                    Party.objects.filter(short_name__fold__contains=term).values("pk"),
                    Party.objects.filter(slug__contains=term).values("pk"),
                    PartyAlias.objects.filter(name__fold__contains=term).values("party"),
                )
            )
            queryset = queryset.filter(pk__in=matching)
        whole = fold(" ".join(query.split()))
        exact_alias = PartyAlias.objects.filter(party=OuterRef("pk"), name__fold=whole)
        return queryset.annotate(
            search_rank=Case(
                When(
                    Q(name__fold=whole) | Q(short_name__fold=whole) | Exists(exact_alias),
                    then=Value(3),
                ),
                When(
                    Q(name__fold__startswith=whole) | Q(short_name__fold__startswith=whole),
                    then=Value(2),
                ),
                default=Value(1),
                output_field=models.IntegerField(),
            )
        ).order_by("-search_rank", "name")

    def similar_to(self, name, *, threshold=0.85, exclude_pk=None):
        """Parties whose name, short name or an alias looks like `name` (a likely duplicate)."""
        folded = fold(name or "").strip()
        words = [word for word in folded.split() if len(word) > 2] or folded.split()
        if not words:
            return []
        candidates = Q()
        for word in words[:4]:
            candidates |= Q(name__fold__contains=word) | Q(aliases__name__fold__contains=word)
            candidates |= Q(short_name__fold__contains=word)
        queryset = self.filter(candidates).distinct().prefetch_related("aliases")
        if exclude_pk:
            queryset = queryset.exclude(pk=exclude_pk)

        def looks_alike(other):
            return SequenceMatcher(None, folded, fold(other)).ratio() >= threshold

        return [
            party
            for party in queryset[:50]
            if any(
                looks_alike(other)
                for other in [party.name, party.short_name, *(a.name for a in party.aliases.all())]
                if other
            )
        ]
