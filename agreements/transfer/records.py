"""The records of a dump: one JSON object per line, `{"type": …}` plus the API's write shape.

Everything about the shape comes from the API's own serializers: the keys of a record are
the fields the API accepts on POST/PUT for that resource, the values are what the API reads
back (through its read serializers) with references turned into slugs. Parties and
agreements also carry their `created_at`, `updated_at` and `published_at`, which the API
ignores on input and the import restores on the rows it creates.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers

from agreements.api.serializers import (
    AgreementSerializer,
    AgreementWriteSerializer,
    EventSerializer,
    SectorSerializer,
    SourceSerializer,
)
from agreements.models import Agreement, Event, Sector, Source
from parties.api.serializers import PartySerializer
from parties.models import Party

#: Record types, in the order an export writes them: what a record refers to comes first.
TYPES = ("sector", "event", "party", "source", "agreement")

MODELS = {
    "sector": Sector,
    "event": Event,
    "party": Party,
    "source": Source,
    "agreement": Agreement,
}

#: The serializer the API validates and writes each resource with (POST/PUT).
WRITE_SERIALIZERS = {
    "sector": SectorSerializer,
    "event": EventSerializer,
    "party": PartySerializer,
    "source": SourceSerializer,
    "agreement": AgreementWriteSerializer,
}

#: The serializer the API reads each resource with (GET).
READ_SERIALIZERS = {**WRITE_SERIALIZERS, "agreement": AgreementSerializer}

#: Bookkeeping times carried by the records of publishable entries (not part of the API's
#: write shape; the API ignores them on input).
TIMESTAMPS = ("created_at", "updated_at", "published_at")
TIMESTAMPED_TYPES = {"party", "agreement"}


@cache
def write_keys(record_type: str) -> tuple[str, ...]:
    """The keys the API accepts on POST/PUT for `record_type`, in the API's order."""
    fields = WRITE_SERIALIZERS[record_type]().fields
    return tuple(name for name, field in fields.items() if not field.read_only)


def allowed_keys(record_type: str) -> set[str]:
    keys = {"type", *write_keys(record_type)}
    if record_type in TIMESTAMPED_TYPES:
        keys.update(TIMESTAMPS)
    return keys


# --- Identity --------------------------------------------------------------------------


def identity(record_type: str, data: dict):
    """What a record is matched on: the slug; for a source (no slug), its URL when it has
    one, else its title and publisher — the rule the API's writes use to find a source."""
    if record_type == "source":
        url = data.get("url") or ""
        if url:
            return ("url", url)
        return ("title", data.get("title") or "", data.get("publisher") or "")
    return ("slug", data.get("slug"))


def label(record_type: str, data: dict) -> str:
    """How errors and reports name a record: “agreement hd-hhi-sima-submarine-mou-2024”."""
    if not isinstance(data, dict):
        return record_type
    if record_type == "source":
        key = identity("source", data)
        if key[0] == "url":
            return f"source {key[1]}"
        publisher = f" ({key[2]})" if key[2] else ""
        return f"source “{key[1]}”{publisher}"
    slug = data.get("slug")
    return f"{record_type} {slug}" if isinstance(slug, str) and slug else record_type


# --- Representation ----------------------------------------------------------------------


class Reader:
    """Stands in for the API request in the serializers' context. An exporter of the whole
    register reads as staff (drafts included); a published-only export reads as anyone."""

    def __init__(self, *, drafts: bool, user=None):
        if user is None:
            user = get_user_model()(is_staff=True, is_active=True) if drafts else AnonymousUser()
        self.user = user

    def build_absolute_uri(self, location=None):
        """Links are not part of a record: a serializer that builds one gets the path."""
        return location or "/"


@cache
def _representation_serializer(record_type: str):
    """The API's read serializer for `record_type`, keeping only the write shape's fields
    (links and counts are left out: they are not written, and need a request to build)."""
    base = READ_SERIALIZERS[record_type]
    keep = write_keys(record_type)

    class RecordSerializer(base):
        def get_fields(self):
            fields = super().get_fields()
            return {name: fields[name] for name in keep if name in fields}

    RecordSerializer.__name__ = f"Record{base.__name__}"
    return RecordSerializer


def _slug(reference):
    return reference["slug"] if reference else None


def record_of(record_type: str, instance, *, context: dict, timestamps: bool = True) -> dict:
    """The record of `instance`: `{"type": …}`, then what the API reads, in its write shape
    (nested parties, events and agreements become their slugs), then the timestamps."""
    data = _representation_serializer(record_type)(instance, context=context).data
    if record_type == "agreement":
        data["event"] = _slug(data["event"])
        data["participants"] = [
            {
                **participant,
                "party": _slug(participant["party"]),
                "representative": _slug(participant["representative"]),
            }
            for participant in data["participants"]
        ]
        data["relations"] = [
            {**relation, "agreement": _slug(relation["agreement"])}
            for relation in data["relations"]
        ]
    record = {"type": record_type, **{key: data[key] for key in write_keys(record_type)}}
    if timestamps and record_type in TIMESTAMPED_TYPES:
        field = serializers.DateTimeField()
        for name in TIMESTAMPS:
            value = getattr(instance, name)
            record[name] = field.to_representation(value) if value is not None else None
    return record
