"""Representations of DESIGN.md §4: agreements (read with nested objects, written with
slugs), events, sectors, sources and search hits."""

import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from agreements.models import (
    Agreement,
    Event,
    RelationKind,
    Role,
    Sector,
    Source,
)
from config.api import ModelCleanMixin, SlugRelatedField, drf_validation_error, sees_drafts
from core.links import slug_url_builder
from core.models import Publication
from core.validators import currency_choices
from parties.api.serializers import PartyRefSerializer, absolute_url
from parties.models import Party

from .related_rows import attach_related_rows
from .writes import INCOMING, OUTGOING, agreement_create, agreement_update

#: Model fields of an agreement and where they sit in the API's shape (for error messages).
AGREEMENT_ERROR_FIELDS = {
    "value_amount": ("value", "amount"),
    "value_currency": ("value", "currency"),
    "value_note": ("value", "note"),
}


# --- Nested pieces ---------------------------------------------------------------------


class ValueSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        source="value_amount", max_digits=20, decimal_places=2, min_value=0,
        help_text="A decimal string such as \"463000000.00\".",
    )  # fmt: skip
    currency = serializers.ChoiceField(
        source="value_currency", choices=currency_choices(), help_text="ISO 4217 code."
    )
    note = serializers.CharField(
        source="value_note", max_length=300, allow_blank=True, required=False, default=""
    )


class EventRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["slug", "name"]
        read_only_fields = fields


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["slug", "name"]
        read_only_fields = fields


class AgreementRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["slug", "title"]
        read_only_fields = fields


class ParticipantSerializer(serializers.Serializer):
    party = PartyRefSerializer()
    role = serializers.ChoiceField(choices=Role.choices)
    representative = PersonRefSerializer(allow_null=True)
    representative_title = serializers.CharField()


class RelationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=RelationKind.choices,
        help_text="As stored: with direction `incoming` the other agreement <kind> this one "
        "(e.g. builds_on + incoming reads “built upon by”).",
    )
    direction = serializers.ChoiceField(choices=[OUTGOING, INCOMING])
    agreement = AgreementRefSerializer()


class CitedSourceSerializer(serializers.Serializer):
    title = serializers.CharField(source="source.title")
    url = serializers.CharField(source="source.url")
    publisher = serializers.CharField(source="source.publisher")
    published_on = serializers.DateField(source="source.published_on", allow_null=True)
    quote = serializers.CharField()


# --- Agreement (read) ------------------------------------------------------------------


class AgreementListSerializer(serializers.ListSerializer):
    """Reads the related rows of the whole list at once before representing it."""

    def to_representation(self, data):
        agreements = list(data.all() if hasattr(data, "all") else data)
        if not self.child.context.get("format"):
            attach_related_rows(a for a in agreements if not hasattr(a, "related_rows"))
        return super().to_representation(agreements)


class AgreementSerializer(serializers.ModelSerializer):
    value = serializers.SerializerMethodField()
    event = EventRefSerializer(read_only=True, allow_null=True)
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    participants = serializers.SerializerMethodField()
    relations = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:agreement-detail", lookup_field="slug"
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            "description",
            "announced_on",
            "signed_on",
            "signed_on_precision",
            "effective_on",
            "expires_on",
            "value",
            "place",
            "event",
            "sectors",
            "participants",
            "relations",
            "legal_nature",
            "sources",
            "publication",
            "url",
            "api_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        list_serializer_class = AgreementListSerializer

    def _sees_drafts(self):
        if "sees_drafts" not in self.context:
            self.context["sees_drafts"] = sees_drafts(self.context.get("request"))
        return self.context["sees_drafts"]

    @extend_schema_field(ValueSerializer(allow_null=True))
    def get_value(self, agreement):
        if agreement.value_amount is None:
            return None
        return ValueSerializer(agreement).data

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, agreement):
        """Who took part, in order; anonymous callers see published parties only."""
        drafts = self._sees_drafts()
        participants = []
        for participation in agreement.participations.all():
            if not (drafts or participation.party.is_published):
                continue
            representative = participation.representative
            if representative is not None and not (drafts or representative.is_published):
                representative = None
            participants.append(
                {
                    "party": participation.party,
                    "role": participation.role,
                    "representative": representative,
                    "representative_title": participation.representative_title,
                }
            )
        return ParticipantSerializer(participants, many=True, context=self.context).data

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations(self, agreement):
        """Both directions; anonymous callers see relations to published agreements only."""
        drafts = self._sees_drafts()
        relations = [
            {"kind": r.kind, "direction": OUTGOING, "agreement": r.to_agreement}
            for r in agreement.relations_out.all()
        ] + [
            {"kind": r.kind, "direction": INCOMING, "agreement": r.from_agreement}
            for r in agreement.relations_in.all()
        ]
        relations = [r for r in relations if drafts or r["agreement"].is_published]
        return RelationSerializer(relations, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, agreement) -> str:
        return absolute_url(self, agreement.get_absolute_url())

    def to_representation(self, agreement):
        """The same dict as DRF's field-by-field representation (the declared fields above
        stay for the schema and for `generic_representation()`), built directly from the
        agreement's columns and its related rows read as tuples (`related_rows`, four
        queries for a whole list: AgreementListSerializer). DRF's nested serializers and the
        ORM's prefetches took most of an API list's and detail's time (README "Performance")."""
        if self.context.get("format"):
            return self.generic_representation(agreement)  # a .json suffix: DRF's URLs
        if not hasattr(agreement, "related_rows"):
            attach_related_rows([agreement])
        drafts = self._sees_drafts()
        urls = self._urls()
        related = agreement.related_rows
        published = Publication.PUBLISHED
        participants = [
            {
                "party": {
                    "slug": slug,
                    "name": name,
                    "kind": _choice(kind),
                    "country": _country(country),
                },
                "role": _choice(role),
                "representative": (
                    {"slug": rep_slug, "name": rep_name}
                    if rep_slug is not None and (drafts or rep_publication == published)
                    else None
                ),
                "representative_title": representative_title,
            }
            for (
                slug, name, kind, country, publication, role,
                rep_slug, rep_name, rep_publication, representative_title,
            ) in related.participants
            if drafts or publication == published
        ]  # fmt: skip
        event = related.event[0] if related.event else None
        return {
            "slug": agreement.slug,
            "title": agreement.title,
            "kind": _choice(agreement.kind),
            "status": _choice(agreement.status),
            "summary": agreement.summary,
            "description": agreement.description,
            "announced_on": _DATE.to_representation(agreement.announced_on),
            "signed_on": _DATE.to_representation(agreement.signed_on),
            "signed_on_precision": _choice(agreement.signed_on_precision),
            "effective_on": _DATE.to_representation(agreement.effective_on),
            "expires_on": _DATE.to_representation(agreement.expires_on),
            "value": (
                None
                if agreement.value_amount is None
                else {
                    "amount": _AMOUNT.to_representation(agreement.value_amount),
                    "currency": _choice(agreement.value_currency),
                    "note": agreement.value_note,
                }
            ),
            "place": agreement.place,
            "event": {"slug": event[0], "name": event[1]} if event else None,
            "sectors": [slug for (slug,) in related.sectors],
            "participants": participants,
            "relations": [
                {
                    "kind": _choice(kind),
                    "direction": INCOMING if incoming else OUTGOING,
                    "agreement": {"slug": slug, "title": title},
                }
                for incoming, kind, slug, title, publication, _ in related.relations
                if drafts or publication == published
            ],
            "legal_nature": _choice(agreement.legal_nature),
            "sources": [
                {
                    "title": title,
                    "url": url,
                    "publisher": publisher,
                    "published_on": _DATE.to_representation(published_on),
                    "quote": quote,
                }
                for title, url, publisher, published_on, quote in related.sources
            ],
            "publication": _choice(agreement.publication),
            "url": urls.page(agreement.slug),
            "api_url": urls.api(agreement.slug),
            "created_at": _datetime(agreement.created_at, urls.timezone),
            "updated_at": _datetime(agreement.updated_at, urls.timezone),
        }

    def _urls(self):
        """The absolute addresses of agreements, reversed once per request."""
        if "agreement_urls" not in self.context:
            self.context["agreement_urls"] = AgreementURLs(self.context.get("request"))
        return self.context["agreement_urls"]

    def generic_representation(self, agreement):
        """DRF's own representation from the declared fields (the reference)."""
        return super().to_representation(agreement)


class AgreementURLs:
    """`page(slug)` and `api(slug)`: an agreement's public page and API address, absolute
    when there is a request, each reversed once; and the `timezone` of its datetimes."""

    def __init__(self, request):
        self.page = slug_url_builder("agreements:detail", request=request)
        self.api = slug_url_builder("api:agreement-detail", request=request)
        self.timezone = _DATETIME.default_timezone()


# Field instances that format values exactly as the declared fields do.
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


@functools.cache
def _country(code):
    """The country field's output for a stored code (a lookup in django-countries' tables,
    the same for every row: kept per code)."""
    return _COUNTRY.to_representation(code)


def _datetime(value, tz):
    """DateTimeField's ISO 8601 output in the current time zone `tz`, without its
    per-value time zone lookups."""
    if not value:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


_AMOUNT = ValueSerializer().fields["amount"]
_COUNTRY = PartyRefSerializer().fields["country"]


def _choice(value):
    """A ChoiceField's output: the stored value as text ("" and None kept)."""
    return value if value in ("", None) else str(value)


def _party_ref(party):
    """PartyRefSerializer's output."""
    return {
        "slug": party.slug,
        "name": party.name,
        "kind": _choice(party.kind),
        "country": _COUNTRY.to_representation(party.country),
    }


# --- Agreement (write) -----------------------------------------------------------------


class ParticipantWriteSerializer(serializers.Serializer):
    party = SlugRelatedField(slug_field="slug", queryset=Party.objects.all())
    role = serializers.ChoiceField(choices=Role.choices, default=Role.PARTY)
    representative = SlugRelatedField(
        slug_field="slug",
        queryset=Party.objects.all(),
        allow_null=True,
        required=False,
        default=None,
        help_text="Slug of a party of kind `person`.",
    )
    representative_title = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default=""
    )


class RelationWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RelationKind.choices)
    agreement = SlugRelatedField(slug_field="slug", queryset=Agreement.objects.all())
    direction = serializers.ChoiceField(
        choices=[OUTGOING, INCOMING],
        default=OUTGOING,
        help_text="`outgoing`: this agreement <kind> the other; `incoming`: the other "
        "<kind> this one.",
    )


class SourceWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=500, allow_blank=True, required=False, default="")
    publisher = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    published_on = serializers.DateField(allow_null=True, required=False, default=None)
    quote = serializers.CharField(allow_blank=True, required=False, default="")


class AgreementWriteSerializer(serializers.ModelSerializer):
    """The write shape: references are slugs; given nested lists replace what was there."""

    value = ValueSerializer(allow_null=True, required=False)
    event = SlugRelatedField(
        slug_field="slug", queryset=Event.objects.all(), allow_null=True, required=False
    )
    sectors = SlugRelatedField(
        slug_field="slug", queryset=Sector.objects.all(), many=True, required=False
    )
    participants = ParticipantWriteSerializer(many=True, required=False)
    relations = RelationWriteSerializer(many=True, required=False)
    sources = SourceWriteSerializer(many=True, required=False)
    publication = serializers.ChoiceField(
        choices=Publication.choices,
        required=False,
        help_text="Publishing checks that every party and representative is published.",
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            "description",
            "announced_on",
            "signed_on",
            "signed_on_precision",
            "effective_on",
            "expires_on",
            "value",
            "place",
            "event",
            "sectors",
            "participants",
            "relations",
            "legal_nature",
            "sources",
            "publication",
        ]

    def to_representation(self, agreement):
        return AgreementSerializer(agreement, context=self.context).data

    def create(self, validated_data):
        return self._save(agreement_create, validated_data)

    def update(self, agreement, validated_data):
        return self._save(agreement_update, validated_data, agreement=agreement)

    def _save(self, service, validated_data, **target):
        nested = {
            name: validated_data.pop(name, None)
            for name in ("sectors", "participants", "relations", "sources", "publication")
        }
        if "value" in validated_data:
            value = validated_data.pop("value") or {
                "value_amount": None,
                "value_currency": "",
                "value_note": "",
            }
            validated_data.update(value)
        try:
            return service(
                **target, fields=validated_data, **nested, by=self.context["request"].user
            )
        except DjangoValidationError as error:
            raise drf_validation_error(error, field_map=AGREEMENT_ERROR_FIELDS) from error


# --- Events, sectors, sources ----------------------------------------------------------


class EventSerializer(ModelCleanMixin, CountryFieldMixin, serializers.ModelSerializer):
    parent = SlugRelatedField(
        slug_field="slug",
        queryset=Event.objects.all(),
        allow_null=True,
        required=False,
        help_text="Slug of the larger event this one took place in.",
    )
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )

    class Meta:
        model = Event
        fields = [
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
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event) -> str:
        return absolute_url(self, event.get_absolute_url())


class SectorSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "description"]


class SourceSerializer(ModelCleanMixin, serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:source-detail", lookup_url_kwarg="id"
    )

    class Meta:
        model = Source
        fields = ["id", "title", "url", "publisher", "published_on", "language", "api_url"]


# --- Search ------------------------------------------------------------------------------


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        help_text="Words to find in agreements (title, summary, event, participants) and "
        "parties (name, short name, aliases); case- and accent-insensitive.",
    )


class DirectHitMixin:
    """`hit_maker(request)`: a function of the hit's columns (`DIRECT_COLUMNS`, read with
    `values_list()`) that returns the serializer's representation built directly: DRF's
    field-by-field representation took two thirds of a search request. The addresses are
    reversed once per request (core.links).
    tests/api/test_search_speed_parity.py checks the JSON is the same."""

    @classmethod
    def hit_maker(cls, request):
        kind, label = cls.DIRECT_TYPE, cls.DIRECT_COLUMNS[1]
        page = slug_url_builder(cls.PAGE_VIEW, request=request)
        api = slug_url_builder(cls.API_VIEW, request=request)

        def hit(slug, text):
            return {
                "type": kind,
                "slug": slug,
                label: text,
                "url": page(slug),
                "api_url": api(slug),
            }

        return hit


class AgreementHitSerializer(DirectHitMixin, serializers.ModelSerializer):
    DIRECT_TYPE = "agreement"
    DIRECT_COLUMNS = ("slug", "title")
    PAGE_VIEW, API_VIEW = "agreements:detail", "api:agreement-detail"

    type = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:agreement-detail", lookup_field="slug"
    )

    class Meta:
        model = Agreement
        fields = ["type", "slug", "title", "url", "api_url"]

    def get_type(self, agreement) -> str:
        return "agreement"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, agreement) -> str:
        return absolute_url(self, agreement.get_absolute_url())


class PartyHitSerializer(DirectHitMixin, serializers.ModelSerializer):
    DIRECT_TYPE = "party"
    DIRECT_COLUMNS = ("slug", "name")
    PAGE_VIEW, API_VIEW = "parties:detail", "api:party-detail"

    type = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:party-detail", lookup_field="slug"
    )

    class Meta:
        model = Party
        fields = ["type", "slug", "name", "url", "api_url"]

    def get_type(self, party) -> str:
        return "party"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, party) -> str:
        return absolute_url(self, party.get_absolute_url())


SEARCH_HIT = PolymorphicProxySerializer(
    component_name="SearchHit",
    serializers={"agreement": AgreementHitSerializer, "party": PartyHitSerializer},
    resource_type_field_name="type",
    many=False,
)


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = serializers.ListField(child=SEARCH_HIT)
