from django.db import models

from core.models import Publication, PublishableQuerySet


class AgreementQuerySet(PublishableQuerySet):
    def involving(self, *parties):
        """Agreements in which every one of `parties` takes part (in any role)."""
        queryset = self
        for party in parties:
            queryset = queryset.filter(participations__party=party)
        return queryset.distinct() if parties else queryset

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
