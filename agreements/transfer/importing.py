"""Import: records upserted through the API's write serializers and write services.

All or nothing: the whole file is one transaction, rolled back on any error (and always
on a dry run). Each record is validated and written exactly as a POST or PUT of the API
would: the same serializer, the same services, so the same rules (model validation,
constraints, the publishing rule). Errors name the line, the entry and the field.

How a file is read:

1. Every line is parsed; blank lines are skipped. A record names its `type` and has the
   keys of the API's write shape (plus, for parties and agreements, their timestamps).
2. Records are written by type — sectors, events, parties, sources, agreements — and
   events and parties parents first, so a record may refer to rows defined later in the
   file (or already in the database).
3. Agreements are written without their relations first; the relations follow in a second
   pass, when every agreement of the file exists.
4. A party that goes from published back to draft or review is unpublished last, after
   the agreements that name it have been unpublished.
5. Rows created by the import get the `created_at`, `updated_at` and `published_at` of
   their record; changed rows keep the times of this change.

Upsert: a row is found by its slug (a source by its URL, else its title and publisher);
when it exists it is updated, and a record that would change nothing writes nothing (no
new `updated_at`, no new version), so importing the same file twice changes nothing.
"""

import heapq
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.settings import api_settings

from agreements.api.related_rows import attach_related_rows
from agreements.api.serializers import RelationWriteSerializer
from agreements.api.writes import INCOMING, OUTGOING, _source_for, agreement_update
from agreements.models import Agreement, AgreementRelation
from core.models import Publication
from core.requests import reads_from_primary
from core.services import publishable_set_timestamps

from .records import (
    MODELS,
    TIMESTAMPED_TYPES,
    TIMESTAMPS,
    TYPES,
    WRITE_SERIALIZERS,
    Reader,
    allowed_keys,
    identity,
    label,
    record_of,
    write_keys,
)

#: After this many errors the import stops reading and reports them.
MAX_ERRORS = 100
#: Records whose rows are read together (to compare them with the file).
SNAPSHOT_CHUNK = 200

CREATED = "created"
CHANGED = "changed"
UNCHANGED = "unchanged"
STATUSES = (CREATED, CHANGED, UNCHANGED)

#: A reference field (last part of an error path) → the type of record it names.
REFERENCES = {
    "party": "party",
    "representative": "party",
    "event": "event",
    "sectors": "sector",
    "agreement": "agreement",
}
_DOES_NOT_EXIST = re.compile(r"^Object with slug=(?P<value>.*) does not exist\.$", re.DOTALL)


# --- The report --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a line cannot be imported: `line 7 (agreement x): participants[1].party: …`."""

    line: int | None
    label: str
    field: str
    message: str

    def __str__(self):
        where = f"line {self.line}" if self.line else "the file"
        if self.label:
            where = f"{where} ({self.label})"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class Outcome:
    """What the import does (or would do) with one record."""

    line: int
    type: str
    label: str
    status: str


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def applied(self) -> bool:
        """Whether the database now holds the file's content."""
        return self.ok and not self.dry_run

    @property
    def changes(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status != UNCHANGED]

    def counts(self) -> dict[str, dict[str, int]]:
        """`{type: {"created": n, "changed": n, "unchanged": n}}` for the types in the file."""
        counts = {}
        for record_type in TYPES:
            outcomes = [o for o in self.outcomes if o.type == record_type]
            if outcomes:
                counts[record_type] = {
                    status: sum(o.status == status for o in outcomes) for status in STATUSES
                }
        return counts

    def summary(self) -> str:
        """One line per type: “agreement: 2 created, 1 changed, 4 unchanged”."""
        lines = []
        for record_type, counts in self.counts().items():
            parts = ", ".join(f"{number} {status}" for status, number in counts.items() if number)
            lines.append(f"{record_type}: {parts}")
        return "\n".join(lines) or "No records."


# --- Records -----------------------------------------------------------------------------


@dataclass(eq=False)
class _Record:
    line: int
    type: str
    data: dict
    label: str
    timestamps: dict = field(default_factory=dict)
    instance: object = None
    status: str | None = None
    failed: bool = False
    deferred_publication: str | None = None


class _StopReadingError(Exception):
    """Too many errors: stop reading."""


class _NoChangeError(Exception):
    """The record changes nothing: roll its write back."""


class _RefusedError(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


class _Writer:
    """The API request as the write serializers read it: `user` is who writes (None for
    a command)."""

    def __init__(self, user):
        self.user = user


# --- Entry point -------------------------------------------------------------------------


def import_lines(
    lines: Iterable, *, user=None, dry_run: bool = False, comment: str = "Imported"
) -> ImportReport:
    """Import JSON Lines (`str` or `bytes` lines). With a `user` (the admin), the user's
    model permissions apply as in the API: adding and changing each type, publishing and
    unpublishing; without one (a command), everything is allowed. Nothing is written when
    there is an error or on a `dry_run`; the report says what was (or would be) created,
    changed or left unchanged, or what is wrong."""
    importer = _Importer(user=user, comment=comment)
    # Compare with the rows we write, not a replica's (for the rest of the request or
    # command, as after any write: core.db).
    reads_from_primary.set(True)
    with transaction.atomic():
        importer.run(lines)
        if dry_run or importer.errors:
            transaction.set_rollback(True)
    errors = sorted(importer.errors, key=lambda problem: problem.line or float("inf"))
    return ImportReport(outcomes=importer.outcomes(), errors=errors, dry_run=dry_run)


class _Importer:
    def __init__(self, *, user, comment):
        self.user = user
        self.comment = comment
        self.errors: list[Problem] = []
        self.records: list[_Record] = []
        self.index: dict[tuple, _Record] = {}  # (type, identity) → record
        self.write_context = {"request": _Writer(user)}
        self.read_context = {"request": Reader(drafts=True)}

    # Errors ---------------------------------------------------------------------------

    def error(self, line, record_label, field_path, message):
        self.errors.append(Problem(line, record_label, field_path, str(message)))
        if len(self.errors) >= MAX_ERRORS:
            self.errors.append(
                Problem(None, "", "", f"stopped after {MAX_ERRORS} errors; fix these first")
            )
            raise _StopReadingError

    def fail(self, record, field_path, message):
        record.failed = True
        self.error(record.line, record.label, field_path, message)

    def run(self, lines):
        try:
            self._parse(lines)
            ordered = self._ordered()
            for start in range(0, len(ordered), SNAPSHOT_CHUNK):
                chunk = ordered[start : start + SNAPSHOT_CHUNK]
                current = self._current_records(chunk)
                for record in chunk:
                    self._write(record, current.get(id(record)))
            self._relations([r for r in ordered if r.type == "agreement"])
            self._deferred_publications()
            self._restore_timestamps()
        except _StopReadingError:
            pass

    def outcomes(self):
        return [
            Outcome(record.line, record.type, record.label, record.status)
            for record in self.records
            if record.status is not None and not record.failed
        ]

    # 1. Parsing -------------------------------------------------------------------------

    def _parse(self, lines):
        for number, raw in enumerate(lines, start=1):
            if isinstance(raw, bytes):
                try:
                    raw = raw.decode("utf-8")
                except UnicodeDecodeError:
                    self.error(number, "", "", "not UTF-8 text")
                    continue
            text = raw.removeprefix("\ufeff").strip() if number == 1 else raw.strip()
            if text:
                self._parse_record(number, text)

    def _parse_record(self, number, text):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self.error(number, "", "", f"not valid JSON: {error.msg} (column {error.colno})")
            return
        if not isinstance(data, dict):
            self.error(number, "", "", 'a record must be a JSON object ({"type": …, …})')
            return
        record_type = data.get("type")
        if record_type not in TYPES:
            expected = ", ".join(TYPES)
            if "type" not in data:
                self.error(number, "", "type", f"missing; one of {expected}")
            else:
                found = json.dumps(record_type, ensure_ascii=False)
                self.error(number, "", "type", f"unknown type {found}; one of {expected}")
            return
        record_label = label(record_type, data)
        problems = len(self.errors)
        for name in sorted(set(data) - allowed_keys(record_type)):
            known = ", ".join(sorted(allowed_keys(record_type) - {"type"}))
            self.error(number, record_label, name, f"unknown field; a {record_type} has {known}")
        if record_type != "source" and not (isinstance(data.get("slug"), str) and data["slug"]):
            self.error(number, record_label, "slug", "This field is required.")
        timestamps = {}
        for name in TIMESTAMPS if record_type in TIMESTAMPED_TYPES else ():
            if data.get(name) is not None:
                timestamps[name] = self._datetime(number, record_label, name, data[name])
            elif name == "published_at" and name in data:
                timestamps[name] = None  # never published where it comes from
        if len(self.errors) > problems:
            return
        key = (record_type, identity(record_type, data))
        first = self.index.get(key)
        if first is not None:
            if record_type == "source" and key[1][0] == "title" and first.data == data:
                return  # the same source again: one row
            where = {"url": "url", "title": "title"}.get(key[1][0], "slug")
            self.error(
                number,
                record_label,
                where,
                f"the same {record_type} as line {first.line}; each entry may appear once",
            )
            return
        record = _Record(number, record_type, data, record_label, timestamps)
        self.records.append(record)
        self.index[key] = record

    def _datetime(self, number, record_label, name, value):
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            self.error(
                number, record_label, name, "not a date and time (ISO 8601: 2024-11-18T09:30:00Z)"
            )
            return None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    # 2. Order ---------------------------------------------------------------------------

    def _ordered(self):
        by_type = {record_type: [] for record_type in TYPES}
        for record in self.records:
            by_type[record.type].append(record)
        ordered = []
        for record_type in TYPES:
            records = by_type[record_type]
            if record_type in ("event", "party"):
                records = self._parents_first(records)
            ordered.extend(records)
        return ordered

    def _parents_first(self, records):
        by_slug = {record.data["slug"]: record for record in records}
        placed, result = set(), []
        for record in records:
            chain, current = [], record
            while current is not None and id(current) not in placed and current not in chain:
                chain.append(current)
                parent = current.data.get("parent")
                current = by_slug.get(parent) if isinstance(parent, str) else None
            if current is not None and current in chain:
                loop = chain[chain.index(current) :]
                names = " → ".join(r.data["slug"] for r in [*loop, current])
                for member in loop:
                    placed.add(id(member))
                    self.fail(member, "parent", f"the parents make a loop: {names}")
                chain = chain[: chain.index(current)]
            for member in reversed(chain):
                placed.add(id(member))
                result.append(member)
        return result

    # 3. Writing one record --------------------------------------------------------------

    def _find(self, record):
        model = MODELS[record.type]
        if record.type == "source":
            data = record.data
            if not data.get("url") and not isinstance(data.get("title"), str):
                return None
            found = _source_for(
                {
                    "url": data.get("url") or "",
                    "title": data.get("title"),
                    "publisher": data.get("publisher") or "",
                }
            )
            return found if found.pk else None
        return model.objects.filter(slug=record.data["slug"]).first()

    def _rows(self, record_type):
        """The rows of `record_type` with everything their record needs."""
        model = MODELS[record_type]
        if record_type == "agreement":
            return Agreement.objects.all()  # the rest, the event included: related rows
        if record_type == "party":
            return model.objects.select_related("parent").prefetch_related("aliases")
        if record_type == "event":
            return model.objects.select_related("parent")
        return model.objects.all()

    def _record_now(self, record_type, instance):
        """The record the database holds for `instance` (its relations aside)."""
        current = record_of(record_type, instance, context=self.read_context, timestamps=False)
        del current["type"]
        current.pop("relations", None)
        return current

    def _snapshot(self, record_type, instance):
        return self._record_now(record_type, self._rows(record_type).get(pk=instance.pk))

    def _current_records(self, records):
        """`{id(record): (row, its record now)}` for the records whose row exists, read in
        a few queries per type rather than a few per record."""
        current = {}
        by_type = defaultdict(list)
        for record in records:
            if not record.failed:
                by_type[record.type].append(record)
        for record_type, group in by_type.items():
            if record_type == "source":
                rows = [(record, self._find(record)) for record in group]
                rows = [(record, row) for record, row in rows if row is not None]
            else:
                found = self._rows(record_type).in_bulk(
                    [record.data["slug"] for record in group], field_name="slug"
                )
                rows = [(r, found[r.data["slug"]]) for r in group if r.data["slug"] in found]
                if record_type == "agreement":
                    attach_related_rows(found.values())
            for record, row in rows:
                current[id(record)] = (row, self._record_now(record_type, row))
        return current

    def _may(self, action, record_type):
        if self.user is None:
            return True
        opts = MODELS[record_type]._meta
        return self.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def _write(self, record, current):
        if record.failed:
            return
        opts = MODELS[record.type]._meta
        instance, before = current or (None, None)
        data = {key: value for key, value in record.data.items() if key in write_keys(record.type)}
        data.pop("relations", None)  # written in the second pass
        if before is not None and data == before:
            # Complete, and what the database holds already, as the export writes it: nothing
            # to write. (Anything else is validated and written, then compared.)
            record.instance, record.status = instance, UNCHANGED
            return
        if instance is None and not self._may("add", record.type):
            self.fail(record, "", f"you may not add {opts.verbose_name_plural}")
            return
        if "publication" in data and not self._may_move_publication(record, instance, data):
            return
        if (
            record.type == "party"
            and instance is not None
            and instance.publication == Publication.PUBLISHED
            and data.get("publication") not in (None, Publication.PUBLISHED)
        ):
            # Unpublished last, once the agreements that name it are no longer published.
            record.deferred_publication = data.pop("publication")
        try:
            with reversion.create_revision():
                self._revision_meta()
                serializer = WRITE_SERIALIZERS[record.type](
                    instance=instance, data=data, context=self.write_context
                )
                serializer.is_valid(raise_exception=True)
                saved = serializer.save()
                if instance is not None:
                    if self._snapshot(record.type, saved) == before:
                        raise _NoChangeError
                    if not self._may("change", record.type):
                        raise _RefusedError("", f"you may not change {opts.verbose_name_plural}")
        except _NoChangeError:
            record.instance, record.status = instance, UNCHANGED
        except Exception as error:  # noqa: BLE001 — reported against the line, then rolled back
            self._report(record, error)
        else:
            record.instance, record.status = saved, CREATED if instance is None else CHANGED

    def _may_move_publication(self, record, instance, data):
        """As in the API: only publishers move an entry onto or off the public site."""
        current = instance.publication if instance is not None else Publication.DRAFT
        requested = data["publication"]
        if requested == current or Publication.PUBLISHED not in (requested, current):
            return True
        if self._may("publish", record.type):
            return True
        plural = MODELS[record.type]._meta.verbose_name_plural
        self.fail(
            record,
            "publication",
            f"publishing or unpublishing {plural} needs the permission to publish them "
            "(the Publisher role)",
        )
        return False

    def _revision_meta(self):
        reversion.set_comment(self.comment)
        if self.user is not None and self.user.is_authenticated:
            reversion.set_user(self.user)

    def _report(self, record, error):
        """Turn what the serializer, a service or the database said into problems."""
        if isinstance(error, serializers.ValidationError):
            for path, message in _flatten(error.detail):
                self.fail(record, path, self._reworded(record, path, message))
        elif isinstance(error, DjangoValidationError):
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    path = "" if name == NON_FIELD_ERRORS else name
                    for message in messages:
                        self.fail(record, path, message)
            else:
                for message in error.messages:
                    self.fail(record, "", message)
        elif isinstance(error, _RefusedError):
            self.fail(record, error.field, error.message)
        elif isinstance(error, IntegrityError):
            self.fail(record, "", f"the database refused it: {error}")
        else:
            raise error

    def _reworded(self, record, path, message):
        """DRF's “Object with slug=x does not exist.” as “no party with slug 'x'”, saying
        when the file defines that entry on a line that has errors."""
        match = _DOES_NOT_EXIST.match(str(message))
        if not match or getattr(message, "code", None) != "does_not_exist":
            return str(message)
        name = re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]
        target = record.type if name == "parent" else REFERENCES.get(name, name)
        value = match.group("value")
        text = f"no {target} with slug '{value}'"
        defined = self.index.get((target, ("slug", value)))
        if defined is not None and defined.failed:
            text += f" (line {defined.line} defines it but has errors)"
        return text

    # 4. Relations -----------------------------------------------------------------------

    def _relations(self, records):
        """A relation exists after the import when either of its agreements lists it; an
        agreement whose record gives `relations` loses the relations that no record lists.
        New relations are created in an order that keeps every agreement's list in the
        order of the file (which is the order in which the API lists them)."""
        written = [r for r in records if r.instance is not None and not r.failed]
        listing = [r for r in written if "relations" in r.data]
        if not listing:
            return
        listed, first_seen, sequences, owner = set(), {}, [], {}
        for position, record in enumerate(listing):
            keys = self._listed_relations(record)
            for index, key in enumerate(keys or ()):
                first_seen.setdefault(key, (position, index))
                owner.setdefault(key, record)
                listed.add(key)
            for sequence in _same_kind_and_direction(record.instance.pk, keys or ()):
                sequences.append(sequence)
        if self.errors:
            return
        concerned = {record.instance.pk for record in listing}
        before = self._incident({record.instance.pk for record in written})
        current = self._incident(concerned, flat=True)
        to_delete = [key for key in current if key not in listed]
        new = [key for key in first_seen if key not in current]
        to_create = _creation_order(new, sequences, first_seen)
        by_agreement = {record.instance.pk: record for record in written}
        with reversion.create_revision():
            self._revision_meta()
            removals = defaultdict(set)
            for key in to_delete:
                removals[key[0] if key[0] in concerned else key[2]].add(key)
            for pk, keys in removals.items():
                kept = [key for key in self._current_relations(pk) if key not in keys]
                self._set_relations(pk, kept, by_agreement.get(pk))
            for pk, batch in _batches(to_create):
                record = by_agreement.get(pk) or owner[batch[0]]
                self._set_relations(pk, [*self._current_relations(pk), *batch], record)
        after = self._incident(set(by_agreement))
        for pk, record in by_agreement.items():
            if record.status == UNCHANGED and before.get(pk, set()) != after.get(pk, set()):
                if not self._may("change", "agreement"):
                    self.fail(record, "relations", "you may not change agreements")
                record.status = CHANGED

    def _listed_relations(self, record):
        """The relation keys `(from id, kind, to id)` a record lists, in its order."""
        serializer = RelationWriteSerializer(data=record.data["relations"], many=True)
        if not serializer.is_valid():
            for path, message in _flatten({"relations": serializer.errors}):
                self.fail(record, path, self._reworded(record, path, message))
            return None
        keys = []
        agreement = record.instance
        for index, item in enumerate(serializer.validated_data):
            other = item["agreement"]
            if item["direction"] == INCOMING:
                relation = AgreementRelation(
                    from_agreement=other, kind=item["kind"], to_agreement=agreement
                )
            else:
                relation = AgreementRelation(
                    from_agreement=agreement, kind=item["kind"], to_agreement=other
                )
            key = (relation.from_agreement_id, relation.kind, relation.to_agreement_id)
            try:
                relation.clean()
            except DjangoValidationError as error:
                for message in error.messages:
                    self.fail(record, f"relations[{index}].agreement", message)
                continue
            if key in keys:
                self.fail(
                    record,
                    f"relations[{index}]",
                    f"the same relation as relations[{keys.index(key)}]",
                )
                continue
            keys.append(key)
        return keys

    def _incident(self, ids, *, flat=False):
        rows = AgreementRelation.objects.filter(
            Q(from_agreement__in=ids) | Q(to_agreement__in=ids)
        ).values_list("from_agreement_id", "kind", "to_agreement_id")
        if flat:
            return set(rows)
        incident = defaultdict(set)
        for key in rows:
            incident[key[0]].add(key)
            incident[key[2]].add(key)
        return incident

    def _current_relations(self, pk):
        """The relation keys of agreement `pk`, oldest first."""
        rows = AgreementRelation.objects.filter(Q(from_agreement=pk) | Q(to_agreement=pk))
        return list(rows.order_by("pk").values_list("from_agreement_id", "kind", "to_agreement_id"))

    def _set_relations(self, pk, keys, record):
        """Give agreement `pk` exactly the relations `keys` through the API's write service,
        which keeps the relations it already has and creates the others in order."""
        agreement = Agreement.objects.get(pk=pk)
        others = Agreement.objects.in_bulk(
            {to if source == pk else source for source, _, to in keys}
        )
        relations = [
            {"kind": kind, "agreement": others[to], "direction": OUTGOING}
            if source == pk
            else {"kind": kind, "agreement": others[source], "direction": INCOMING}
            for source, kind, to in keys
        ]
        try:
            with transaction.atomic():
                agreement_update(agreement=agreement, fields={}, relations=relations, by=self.user)
        except (DjangoValidationError, IntegrityError) as error:
            for message in getattr(error, "messages", None) or [str(error)]:
                if record is not None:
                    self.fail(record, "relations", message)
                else:
                    self.error(None, f"agreement {agreement.slug}", "relations", message)

    # 5. Late unpublishing, 6. timestamps --------------------------------------------------

    def _deferred_publications(self):
        for record in self.records:
            if record.deferred_publication is None or record.failed or record.instance is None:
                continue
            party = MODELS[record.type].objects.get(pk=record.instance.pk)
            try:
                with reversion.create_revision():
                    self._revision_meta()
                    serializer = WRITE_SERIALIZERS[record.type](
                        instance=party,
                        data={"publication": record.deferred_publication},
                        partial=True,
                        context=self.write_context,
                    )
                    serializer.is_valid(raise_exception=True)
                    serializer.save()
            except Exception as error:  # noqa: BLE001 — reported against the line
                self._report(record, error)
            else:
                record.status = CHANGED if record.status == UNCHANGED else record.status

    def _restore_timestamps(self):
        if self.errors:
            return
        for record in self.records:
            if record.status == CREATED and record.timestamps:
                publishable_set_timestamps(entry=record.instance, times=record.timestamps)


# --- Helpers -----------------------------------------------------------------------------


def _flatten(detail, path=""):
    """DRF's nested error detail as (path, message) pairs: `participants[1].party`."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                yield from _flatten(value, f"{path}[{key}]")
            elif key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS):
                yield from _flatten(value, path)
            else:
                yield from _flatten(value, f"{path}.{key}" if path else key)
    elif isinstance(detail, list):
        if any(isinstance(item, dict | list) for item in detail):
            for index, item in enumerate(detail):
                if item:
                    yield from _flatten(item, f"{path}[{index}]")
        else:
            for message in detail:
                yield path, message
    else:
        yield path, detail


def _same_kind_and_direction(pk, keys):
    """The record's relations of one kind and direction, in its order: the API lists them
    in creation order, so they must be created in this order."""
    groups = defaultdict(list)
    for key in keys:
        groups[(key[1], key[0] == pk)].append(key)
    return groups.values()


def _creation_order(keys, sequences, first_seen):
    """`keys` ordered so that each sequence keeps its order; otherwise in the order the
    file first lists them."""
    pending = set(keys)
    after, waiting = defaultdict(set), dict.fromkeys(keys, 0)
    for sequence in sequences:
        sequence = [key for key in sequence if key in pending]
        for earlier, later in zip(sequence, sequence[1:], strict=False):
            if later not in after[earlier]:
                after[earlier].add(later)
                waiting[later] += 1
    ready = [(first_seen[key], key) for key in keys if waiting[key] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, key = heapq.heappop(ready)
        order.append(key)
        for later in after[key]:
            waiting[later] -= 1
            if waiting[later] == 0:
                heapq.heappush(ready, (first_seen[later], later))
    if len(order) < len(keys):  # lists that disagree (a hand-written file): file order
        placed = set(order)
        order.extend(sorted((key for key in keys if key not in placed), key=first_seen.get))
    return order


def _batches(keys):
    """Consecutive keys with the same `from` agreement: one write of that agreement each."""
    batch, pk = [], None
    for key in keys:
        if key[0] != pk and batch:
            yield pk, batch
            batch = []
        pk = key[0]
        batch.append(key)
    if batch:
        yield pk, batch
