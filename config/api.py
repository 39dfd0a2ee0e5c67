"""API plumbing shared by every resource: pagination, throttles, CSV export, caching
headers, conditional requests (ETag / If-None-Match / If-Match), model validation and
the 409 on protected deletes. The resources live in `<app>/api/`."""

import copy
import csv
import gc
import hashlib
from functools import partial
from itertools import batched

import orjson
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import router, transaction
from django.db.models import ProtectedError
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers, status, throttling
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.renderers import BaseRenderer
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.cache import CachedCountPaginator, list_count_key
from core.models import sees_drafts as user_sees_drafts

#: How long a CDN or browser may keep an anonymous read (seconds).
ANONYMOUS_MAX_AGE = 60
#: Rows fetched (with their prefetches) per round trip while streaming a CSV export.
CSV_CHUNK_SIZE = 500


class JSONRenderer(DRFJSONRenderer):
    """DRF's compact JSON, the same bytes, written by orjson: 0.9 → 0.1 ms for a list of 50.

    Types orjson does not write as DRF does (dates, times, decimals, lazy strings, …) go
    to DRF's own encoder; the two line separators JavaScript rejects in strings are
    escaped as DRF escapes them. An `indent` asked in the Accept header goes to DRF. Only
    floats would differ (1e-7 for DRF's 1e-07; NaN written as null where DRF refuses it);
    the API writes none (decimals are strings)."""

    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
    default = staticmethod(DRFJSONRenderer.encoder_class().default)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if data is None or indent is not None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        rendered = orjson.dumps(data, default=self.default, option=self.options)
        if b"\xe2\x80" in rendered:
            rendered = rendered.replace(b"\xe2\x80\xa8", b"\\u2028")
            rendered = rendered.replace(b"\xe2\x80\xa9", b"\\u2029")
        return rendered


class Pagination(PageNumberPagination):
    @property
    def django_paginator_class(self):
        # The count of a list is kept until the next change (settings.COUNT_CACHE).
        key = list_count_key(
            self.request,
            sees_drafts=sees_drafts(self.request),
            page_params=(self.page_query_param, self.page_size_query_param),
        )
        return partial(CachedCountPaginator, count_key=key)

    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = (
        f"Results per page: {api_settings.PAGE_SIZE} unless given, at most {max_page_size} "
        "(larger values are capped)."
    )


#: The paginator's parameters, for views that paginate outside a list action (search).
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description=Pagination.page_query_description),
    OpenApiParameter("page_size", int, description=Pagination.page_size_query_description),
]


def sees_drafts(request) -> bool:
    """Whether the caller sees unpublished rows: the rule of `PublishableQuerySet.visible_to`."""
    return user_sees_drafts(getattr(request, "user", None))


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the query string names none of the filters:
    the FilterSet would then return the rows unchanged, after building its form (a third
    of the time of an agreement's detail in the benchmark's profile). Otherwise the
    FilterSet keeps the filters the query names only (each reads the parameter of its own
    name): the others would clean to nothing and filter nothing, after building and
    cleaning their form fields (country's 250 choices among them): 1.2 ms of CPU of the
    bench's filtered list, 8.2 → 7.0 ms."""

    def filter_queryset(self, request, queryset, view):
        if not self.names_a_filter(request, queryset, view):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            filterset.filters = {
                name: filter_
                for name, filter_ in filterset.filters.items()
                if name in request.query_params
            }
        return filterset

    def names_a_filter(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        return filterset_class is not None and not request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        )


class ModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reads for anyone, writes with the model's add/change/delete permission. DRF's class
    builds the view's queryset before finding that a read needs no permission."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or super().has_permission(request, view)


# --- Throttles -------------------------------------------------------------------------
# DRF's throttles copy the rates when their module is imported; these read them on each
# request, so API_ANON_RATE / API_USER_RATE (and test overrides) always apply. A rate of
# None (`off` in the environment) disables the throttle. (DRF imports these while it
# defines APIView: this module must not import DRF's views.)


class _LiveRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_LiveRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_LiveRateMixin, throttling.UserRateThrottle):
    """Signed-in callers only: DRF's would also count anonymous ones by address, so
    `API_ANON_RATE=off` would still leave them at the user rate."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


# --- Errors ----------------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The resource has changed since you read it (its ETag no longer matches If-Match). "
        "Fetch it again, re-apply your change and retry with the new ETag."
    )
    default_code = "precondition_failed"


def drf_validation_error(error: DjangoValidationError, *, field_map=None):
    """A model ValidationError as DRF's field-keyed 400. `field_map` renames model
    fields to the API's shape: {"value_amount": ("value", "amount")}."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    detail = {}
    for field, messages in error.message_dict.items():
        if field == NON_FIELD_ERRORS:
            field = api_settings.NON_FIELD_ERRORS_KEY
        path = field_map.get(field, (field,))
        if isinstance(path, str):
            path = (path,)
        target = detail
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target.setdefault(path[-1], []).extend(messages)
    return serializers.ValidationError(detail)


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's, refusing a value with a NUL character as the field's error: PostgreSQL cannot
    compare it with a slug (the lookup raised a DataError, a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError(ProhibitNullCharactersValidator.message)
        return super().to_internal_value(data)


class ModelCleanMixin:
    """ModelSerializer validation identical to the admin's: the model's full_clean()
    (field validators, clean(), unique and check constraints) runs on the would-be row."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        many_to_many = {field.name for field in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=many_to_many)
        except DjangoValidationError as error:
            raise drf_validation_error(error) from error
        return attrs


# --- CSV -------------------------------------------------------------------------------

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A spreadsheet-safe cell: text that a spreadsheet would run as a formula gets a
    leading apostrophe (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


class CSVRenderer(BaseRenderer):
    """Chooses CSV in content negotiation (`?format=csv`, `Accept: text/csv`). Lists stream
    their rows themselves (CSVListMixin); anything else asked as CSV is answered in JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, renderer_context=renderer_context)


class _Echo:
    def write(self, value):
        return value


def stream_csv(*, columns, rows):
    """Yield a CSV document line by line: the header, then one line per row."""
    writer = csv.writer(_Echo())
    yield writer.writerow(list(columns))
    for row in rows:
        yield writer.writerow([csv_cell(row.get(column)) for column in columns])


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`csv` exports the whole filtered list as CSV (also with `Accept: text/csv`); "
    "pagination applies to JSON only.",
)


class CSVListMixin:
    """`?format=csv` on a list streams every filtered row (no pagination) through the
    resource's serializer, flattened by `csv_row()` into `csv_columns`."""

    csv_columns: tuple = ()
    csv_filename = "export.csv"

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers.append(CSVRenderer())
        return renderers

    def csv_row(self, data):
        return data

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()

        def rows():
            # A chunk at a time: a list serializer may read related rows for it at once.
            chunks = batched(queryset.iterator(chunk_size=CSV_CHUNK_SIZE), CSV_CHUNK_SIZE)
            for chunk in chunks:
                for data in serializer_class(chunk, many=True, context=context).data:
                    yield self.csv_row(data)
                # A chunk's rows hang off its list serializer's reference cycle, which only
                # the collector frees, and by now they have aged into its oldest generation.
                gc.collect()

        response = StreamingHttpResponse(
            stream_csv(columns=self.csv_columns, rows=rows()),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename}"'
        return response


# --- Caching headers and conditional requests -------------------------------------------


class CachingHeadersMixin:
    """Anonymous successful reads may be cached briefly by a CDN; everything else is
    private. Errors are JSON even when CSV was asked for."""

    renderer_classes = [JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(response, Response) and isinstance(renderer, CSVRenderer):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        if (
            anonymous
            and request.method in SAFE_METHODS
            and response.status_code in (status.HTTP_200_OK, status.HTTP_304_NOT_MODIFIED)
        ):
            patch_cache_control(response, public=True, max_age=ANONYMOUS_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response


def representation_etag(data) -> str:
    """A strong ETag for a representation: the same JSON gives the same tag (its keys
    sorted, written as JSONRenderer writes values: 19 → 6 µs for an agreement, where the
    standard library's encoder wrote it)."""
    options = JSONRenderer.options | orjson.OPT_SORT_KEYS
    encoded = orjson.dumps(data, default=JSONRenderer.default, option=options)
    return quote_etag(hashlib.sha256(encoded).hexdigest()[:32])


class ConditionalMixin:
    """`ETag` on details; `If-None-Match` → 304; a write whose `If-Match` is stale → 412.

    The ETag is a hash of the representation the caller sees. Writes lock the row
    (SELECT … FOR UPDATE on PostgreSQL) before comparing, so two editors who read the
    same version cannot both write it.
    """

    read_serializer_class = None

    def get_read_serializer(self, *args, **kwargs):
        serializer_class = self.read_serializer_class or self.get_serializer_class()
        kwargs.setdefault("context", self.get_serializer_context())
        return serializer_class(*args, **kwargs)

    def get_object(self):
        if self.request.method not in SAFE_METHODS:
            lookup = self.lookup_url_kwarg or self.lookup_field
            model = self.get_queryset().model
            rows = model._default_manager.db_manager(router.db_for_write(model))
            locked = rows.select_for_update().filter(**{self.lookup_field: self.kwargs[lookup]})
            list(locked.values_list("pk"))  # held until the write's transaction ends
        instance = super().get_object()
        if self.request.method not in SAFE_METHODS:
            current = representation_etag(self.get_read_serializer(instance).data)
            if get_conditional_response(self.request._request, etag=current) is not None:
                raise PreconditionFailed()
        return instance

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_read_serializer(instance).data
        etag = representation_etag(data)
        response = Response(data, headers={"ETag": etag})
        return get_conditional_response(request._request, etag=etag, response=response)

    def create(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().create(request, *args, **kwargs)
        return self._with_etag(response)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
        return self._with_etag(response)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    def _with_etag(self, response):
        if 200 <= response.status_code < 300 and isinstance(response.data, dict):
            response["ETag"] = representation_etag(response.data)
        return response


class ProtectedDeleteMixin:
    """Deleting a row that others still reference is refused with a 409 that names them."""

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as error:
            raise Conflict(self.protected_detail(instance, error.protected_objects)) from error

    def protected_detail(self, instance, protected_objects):
        agreements, others = {}, set()
        for obj in protected_objects:
            agreement = obj if obj._meta.model_name == "agreement" else None
            agreement = agreement or getattr(obj, "agreement", None)
            if agreement is not None:
                agreements[agreement.slug] = agreement.title
            else:
                others.add(f"{obj._meta.verbose_name} “{obj}”")
        held_by = [f"“{title}” ({slug})" for slug, title in sorted(agreements.items())]
        reasons = []
        if held_by:
            reasons.append(f"these agreements refer to it: {', '.join(held_by)}")
        if others:
            reasons.append(f"these entries refer to it: {', '.join(sorted(others))}")
        return {
            "detail": f"“{instance}” cannot be deleted: {'; '.join(reasons)}. "
            "Remove those references first.",
            "agreements": sorted(agreements),
        }


# --- Documentation of the common responses -----------------------------------------------

ERROR_RESPONSE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='An error: {"detail": "…"} or, for invalid input, messages keyed by field.',
)


def error_responses(*codes):
    return dict.fromkeys(codes, ERROR_RESPONSE)


READ_ERRORS = (400, 401, 403, 404, 406, 429)
WRITE_ERRORS = (400, 401, 403, 404, 406, 409, 412, 415, 429)
