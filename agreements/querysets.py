from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from core.models import Publication, PublishableQuerySet
from core.search import search_terms


class AgreementQuerySet(PublishableQuerySet):
    def involving(self, *parties):
        """Agreements in which every one of `parties` takes part (in any role)."""
        from .models import Participation

        queryset = self
        for party in parties:
            queryset = queryset.filter(
                Exists(Participation.objects.filter(agreement=OuterRef("pk"), party=party))
            )
        return queryset

    def search(self, query):
        """Agreements matching every word of `query` in their title, summary, event, or the
        name or an alias of a participant — case- and accent-insensitively, titles first."""
        from .models import Participation

        terms = search_terms(query)
        if not terms:
            return self.none()
        queryset = self
        rank = Value(0)
        for term in terms:
            participant_match = Participation.objects.filter(agreement=OuterRef("pk")).filter(
                Q(party__name__fold__contains=term)
                | Q(party__short_name__fold__contains=term)
                | Q(party__aliases__name__fold__contains=term)
            )
            in_title = Q(title__fold__contains=term)
            queryset = queryset.filter(
                in_title
                | Q(summary__fold__contains=term)
                | Q(event__name__fold__contains=term)
                | Exists(participant_match)
            )
            rank = rank + Case(When(in_title, then=Value(2)), default=Value(0))
        return queryset.annotate(search_rank=rank).order_by(
            "-search_rank", models.F("signed_on").desc(nulls_last=True), "title"
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


class EventQuerySet(models.QuerySet):
    def with_published_agreement_count(self):
        return self.annotate(
            published_agreement_count=models.Count(
                "agreements",
                filter=models.Q(agreements__publication=Publication.PUBLISHED),
            )
        )
