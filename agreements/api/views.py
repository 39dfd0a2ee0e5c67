"""/api/v1/agreements/, events/, sectors/, sources/ and search/."""

from django.db import router
from django.db.models import Exists, OuterRef
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import SAFE_METHODS, AllowAny

from agreements.filters import AgreementFilterSet
from agreements.models import Agreement, Citation, Event, Sector, Source
from config.api import (
    FORMAT_PARAMETER,
    PAGE_PARAMETERS,
    READ_ERRORS,
    WRITE_ERRORS,
    CachingHeadersMixin,
    error_responses,
    sees_drafts,
)
from config.api_views import RegisterViewSet
from core.cache import cached_per_generation
from core.models import Publication
from core.search import search_terms
from parties.models import Party

from .related_rows import agreement_with_related_rows
from .serializers import (
    AgreementHitSerializer,
    AgreementSerializer,
    AgreementWriteSerializer,
    EventSerializer,
    PartyHitSerializer,
    SearchPageSerializer,
    SearchQuerySerializer,
    SectorSerializer,
    SourceSerializer,
)


def resource_schema(name, read, *, write=None, lookup="slug"):
    """The OpenAPI description of a resource's six operations."""
    write = write or read
    a = "an" if name[0] in "aeiou" else "a"
    csv = OpenApiResponse(
        OpenApiTypes.STR, description=f"CSV, one {name} per line (columns in the README)."
    )
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}s",
            parameters=[FORMAT_PARAMETER],
            responses={
                (200, "application/json"): read(many=True),
                (200, "text/csv"): csv,
                **error_responses(*READ_ERRORS),
            },
        ),
        retrieve=extend_schema(
            summary=f"One {name}, by {lookup}",
            responses={200: read, 304: None, **error_responses(*READ_ERRORS)},
        ),
        create=extend_schema(
            summary=f"Create {a} {name}",
            request=write,
            responses={201: read, **error_responses(*WRITE_ERRORS)},
        ),
        update=extend_schema(
            summary=f"Replace {a} {name}",
            request=write,
            responses={200: read, **error_responses(*WRITE_ERRORS)},
        ),
        partial_update=extend_schema(
            summary=f"Change {a} {name}",
            request=write,
            responses={200: read, **error_responses(*WRITE_ERRORS)},
        ),
        destroy=extend_schema(
            summary=f"Delete {a} {name}",
            responses={204: None, **error_responses(*WRITE_ERRORS)},
        ),
    )


@resource_schema("agreement", AgreementSerializer, write=AgreementWriteSerializer)
class AgreementViewSet(RegisterViewSet):
    """Agreements with participants, relations (both directions) and sources."""

    queryset = Agreement.objects.all()
    read_serializer_class = AgreementSerializer
    publish_permission = "agreements.publish_agreement"
    filterset_class = AgreementFilterSet
    csv_filename = "agreements.csv"
    csv_columns = (
        "slug",
        "title",
        "kind",
        "status",
        "legal_nature",
        "signed_on",
        "signed_on_precision",
        "value_amount",
        "value_currency",
        "place",
        "event",
        "sectors",
        "participants",
        "publication",
        "url",
        "announced_on",
        "effective_on",
        "expires_on",
        "value_note",
        "summary",
        "api_url",
        "created_at",
        "updated_at",
    )

    def get_object(self):
        """The common read, one agreement by its slug in the default format with no
        filter: its row and related rows by prepared statements in one round trip
        (related_rows.agreement_with_related_rows): the ORM compiled its query anew for
        each request, a fifth of the time of the API detail."""
        if (
            self.request.method not in SAFE_METHODS
            or getattr(self, "format_kwarg", None)
            or any(
                backend().names_a_filter(self.request, self.queryset, self)
                for backend in self.filter_backends
            )
        ):
            return super().get_object()
        slug = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        agreement = agreement_with_related_rows(router.db_for_read(Agreement), slug)
        if agreement is None or not agreement.is_visible_to(self.request.user):
            raise Http404("No agreement matches the given query.")
        self.check_object_permissions(self.request, agreement)
        return agreement

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AgreementWriteSerializer
        return AgreementSerializer

    def with_data(self, queryset):
        # The agreements' own columns only: the rest of the representation, the event
        # included, comes from AgreementSerializer's related rows (five statements per
        # page). DRF's own representation (a `.json` suffix) reads prefetched relations.
        if getattr(self, "format_kwarg", None):
            return queryset.with_detail_data()
        return queryset

    def csv_row(self, data):
        value = data["value"] or {}
        participants = (f"{p['party']['slug']}:{p['role']}" for p in data["participants"])
        return {
            **data,
            "value_amount": value.get("amount"),
            "value_currency": value.get("currency"),
            "value_note": value.get("note"),
            "event": data["event"]["slug"] if data["event"] else "",
            "sectors": ";".join(data["sectors"]),
            "participants": ";".join(participants),
        }


@resource_schema("event", EventSerializer)
class EventViewSet(RegisterViewSet):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    csv_filename = "events.csv"
    csv_columns = (
        "slug",
        "name",
        "kind",
        "starts_on",
        "ends_on",
        "place",
        "country",
        "parent",
        "description",
        "url",
        "api_url",
    )

    def with_data(self, queryset):
        return queryset.select_related("parent")  # parent slug: a join, not a query per row


@resource_schema("sector", SectorSerializer)
class SectorViewSet(RegisterViewSet):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    csv_filename = "sectors.csv"
    csv_columns = ("slug", "name", "description")


@resource_schema("source", SourceSerializer, lookup="id")
class SourceViewSet(RegisterViewSet):
    """Sources have no slug: they are looked up by id. Anonymous callers see the sources
    that published agreements cite."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    lookup_field = "pk"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"
    csv_filename = "sources.csv"
    csv_columns = ("id", "title", "url", "publisher", "published_on", "language", "api_url")

    def visible(self, queryset):
        if sees_drafts(self.request):
            return queryset
        cited = Citation.objects.filter(
            source=OuterRef("pk"), agreement__publication=Publication.PUBLISHED
        )
        return queryset.filter(Exists(cited))


class ChainedResults:
    """Several ordered querysets read as one sequence, for the paginator: counted with
    one query each and sliced without loading what the page does not show. Each queryset
    comes with the function its rows are turned into results by: `(queryset,
    row_to_result)`, rows read with `values_list()`. `count_key` names what the counts
    depend on: they are kept together under it for the generation (one cache round trip,
    no statement compiled for a key)."""

    def __init__(self, *sources, count_key):
        self.sources = sources
        self.count_key = count_key
        self._counts = None

    def counts(self):
        if self._counts is None:
            self._counts = cached_per_generation(
                self.count_key, lambda: [queryset.count() for queryset, _ in self.sources]
            )
        return self._counts

    def count(self):
        return sum(self.counts())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("ChainedResults supports slices only.")
        start, stop = index.start or 0, index.stop
        items = []
        for (queryset, row_to_result), count in zip(self.sources, self.counts(), strict=True):
            if stop is not None and stop <= 0:
                break
            if start < count:
                end = count if stop is None else min(stop, count)
                items.extend(row_to_result(*row) for row in queryset[start:end])
            start = max(0, start - count)
            stop = None if stop is None else stop - count
        return items


@extend_schema(
    summary="Search agreements and parties",
    description="Parties first (best matches first), then agreements; each hit has a `type`.",
    parameters=[SearchQuerySerializer, *PAGE_PARAMETERS],
    responses={200: SearchPageSerializer, **error_responses(400, 401, 403, 404, 406, 429)},
)
class SearchView(CachingHeadersMixin, generics.GenericAPIView):
    """/api/v1/search/?q=: one box over agreements and parties, published only for anonymous
    callers; aliases in any script match ("KAI", "perú", "대한민국")."""

    permission_classes = [AllowAny]
    filter_backends = []

    def get(self, request, *args, **kwargs):
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data["q"]
        # Each hit is built directly from the columns it shows (the serializer's JSON).
        results = ChainedResults(
            *(
                (
                    model.objects.visible_to(request.user)
                    .search(query)
                    .values_list(*hit.DIRECT_COLUMNS),
                    hit.hit_maker(request),
                )
                for model, hit in ((Party, PartyHitSerializer), (Agreement, AgreementHitSerializer))
            ),
            # The searches are functions of the folded words and of the caller's visibility.
            count_key=("search counts", sees_drafts(request), tuple(search_terms(query))),
        )
        return self.get_paginated_response(self.paginate_queryset(results))
