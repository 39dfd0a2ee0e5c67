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
        queryset = self
        for term in terms:
            alias_match = PartyAlias.objects.filter(party=OuterRef("pk"), name__fold__contains=term)
            queryset = queryset.filter(
                Q(name__fold__contains=term)
                | Q(short_name__fold__contains=term)
                | Q(slug__contains=term)
                | Exists(alias_match)
            )
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
