"""/api/v1/parties/: list, filter, export and edit parties."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from config.api import (
    FORMAT_PARAMETER,
    READ_ERRORS,
    WRITE_ERRORS,
    error_responses,
)
from config.api_views import RegisterViewSet
from core.models import Publication
from parties.filters import PartyFilterSet
from parties.models import Party

from .serializers import PartySerializer


def published_agreement_count():
    """How many published agreements a party takes part in, as a subquery (one query for
    the whole page). `parties` does not import `agreements`: the participation model is
    reached through the reverse relation."""
    participation = Party._meta.get_field("participations").related_model
    counts = (
        participation.objects.filter(
            party=OuterRef("pk"), agreement__publication=Publication.PUBLISHED
        )
        .order_by()
        .values("party")
        .annotate(count=Count("agreement", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="CSV, one party per line (columns in the README)."
)


@extend_schema_view(
    list=extend_schema(
        summary="List parties",
        parameters=[FORMAT_PARAMETER],
        responses={
            (200, "application/json"): PartySerializer(many=True),
            (200, "text/csv"): CSV_RESPONSE,
            **error_responses(*READ_ERRORS),
        },
    ),
    retrieve=extend_schema(
        summary="One party",
        responses={200: PartySerializer, 304: None, **error_responses(*READ_ERRORS)},
    ),
    create=extend_schema(
        summary="Create a party",
        responses={201: PartySerializer, **error_responses(*WRITE_ERRORS)},
    ),
    update=extend_schema(
        summary="Replace a party",
        responses={200: PartySerializer, **error_responses(*WRITE_ERRORS)},
    ),
    partial_update=extend_schema(
        summary="Change a party",
        responses={200: PartySerializer, **error_responses(*WRITE_ERRORS)},
    ),
    destroy=extend_schema(
        summary="Delete a party (refused with 409 while agreements refer to it)",
        responses={204: None, **error_responses(*WRITE_ERRORS)},
    ),
)
class PartyViewSet(RegisterViewSet):
    """Parties; anonymous callers see published parties only."""

    serializer_class = PartySerializer
    filterset_class = PartyFilterSet
    queryset = Party.objects.all()
    publish_permission = "parties.publish_party"
    csv_filename = "parties.csv"
    csv_columns = (
        "slug",
        "name",
        "short_name",
        "kind",
        "country",
        "parent",
        "aliases",
        "description",
        "website",
        "wikidata_id",
        "agreement_count",
        "publication",
        "url",
        "api_url",
        "updated_at",
    )

    def with_data(self, queryset):
        return (
            queryset.with_listing_data()  # parent: one join, not a query per party
            .prefetch_related("aliases")  # one query for the page's aliases
            .annotate(agreement_count=published_agreement_count())
        )

    def csv_row(self, data):
        aliases = (
            f"{alias['name']}:{alias['language']}" if alias["language"] else alias["name"]
            for alias in data["aliases"]
        )
        return {**data, "aliases": ";".join(aliases)}
