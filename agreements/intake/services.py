"""Turning the proposals an editor kept into draft entries, in one transaction."""

from dataclasses import dataclass, field

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from core.models import Publication
from parties.models import Party, PartyAlias, PartyKind

from ..models import (
    Agreement,
    AgreementKind,
    AgreementRelation,
    Citation,
    LegalNature,
    Participation,
    Source,
)
from .engine import match_party

# What an instrument usually is in law; the editor can change it on the draft.
LEGAL_NATURE_BY_KIND = {
    AgreementKind.MOU: LegalNature.NON_BINDING,
    AgreementKind.JOINT_STATEMENT: LegalNature.NON_BINDING,
    AgreementKind.LETTER_OF_INTENT: LegalNature.NON_BINDING,
    AgreementKind.PLEDGE: LegalNature.NON_BINDING,
    AgreementKind.CONTRACT: LegalNature.COMMERCIAL,
    AgreementKind.TREATY: LegalNature.BINDING,
    AgreementKind.CONVENTION: LegalNature.BINDING,
    AgreementKind.PROTOCOL: LegalNature.BINDING,
    AgreementKind.EXCHANGE_OF_NOTES: LegalNature.BINDING,
    AgreementKind.LOAN_AGREEMENT: LegalNature.BINDING,
}


@dataclass
class IntakeResult:
    source: Source
    source_created: bool = False
    parties_created: list = field(default_factory=list)
    parties_reused: list = field(default_factory=list)
    agreements_created: list = field(default_factory=list)
    agreements_existing: list = field(default_factory=list)
    relations_created: int = 0


def _unique_slug(model, text, *, fallback):
    base = slugify(text)[:180].strip("-") or fallback
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _invalid(label, error):
    messages = (
        [f"{name}: {'; '.join(texts)}" for name, texts in error.message_dict.items()]
        if hasattr(error, "error_dict")
        else error.messages
    )
    return ValidationError([f"{label} — {message}" for message in messages])


def _audit(entry, by):
    if by is not None and by.is_authenticated:
        entry.created_by = entry.updated_by = by


def source_upsert(*, title, url="", publisher="", published_on=None, language="en"):
    """The source with this URL (or, without one, this title, publisher and date), or a new one.
    An existing source is cited as it is: its fields are not overwritten."""
    url = (url or "").strip()
    if url:
        source = Source.objects.filter(url=url).first()
    else:
        source = Source.objects.filter(
            url="", title=title, publisher=publisher or "", published_on=published_on
        ).first()
    if source is not None:
        return source, False
    source = Source(
        title=title,
        url=url,
        publisher=publisher or "",
        published_on=published_on,
        language=language or "en",
    )
    try:
        source.full_clean()
    except ValidationError as error:
        raise _invalid(f"Source “{title}”", error) from error
    source.save()
    return source, True


def _party(data, by, result):
    """The party a proposal stands for: the matched one, one created before by the same
    intake (a second submission finds it), or a new draft."""
    if data.get("matched"):
        party = Party.objects.filter(slug=data["matched"]).first()
        if party is None:
            raise ValidationError(
                f"“{data['name']}” was matched to “{data['matched']}”, which no longer exists; "
                "extract the article again."
            )
        result.parties_reused.append(party)
        return party, False
    aliases = [alias for alias in data.get("aliases", []) if alias and alias != data["name"]]
    existing = match_party(
        data["name"], kind=data["kind"], country=data.get("country", ""), aliases=aliases
    )
    if existing is not None:
        result.parties_reused.append(existing)
        return existing, False
    party = Party(
        name=data["name"],
        slug=_unique_slug(Party, data["name"], fallback="party"),
        kind=data["kind"],
        country=data.get("country", ""),
        publication=Publication.DRAFT,
    )
    _audit(party, by)
    try:
        party.full_clean()
    except ValidationError as error:
        raise _invalid(f"Party “{data['name']}”", error) from error
    party.save()
    for alias in dict.fromkeys(aliases):
        PartyAlias.objects.create(party=party, name=alias[:200])
    result.parties_created.append(party)
    return party, True


@transaction.atomic
def intake_create_drafts(*, source_data, parties, agreements, relations=(), by=None):
    """Create, from an article, the source, the new parties and the agreements the editor kept.

    - `source_data`: title, url, publisher, published_on, language. Upserted by URL.
    - `parties`: dicts with `key`, `name`, `kind`, `country`, `matched` (slug of an existing
      party, or empty), `aliases`, `parent` (key of another party, or None). Matched parties
      are used as they are; the others are created as drafts.
    - `agreements`: dicts with `key`, `title`, `kind`, `status`, `signed_on`,
      `signed_on_precision`, `announced_on`, `value_amount`, `value_currency`, `quote` and
      `participations` (`party` and `representative` are party keys, `role`,
      `representative_title`). Each becomes a draft agreement citing the source with its quote.
      An agreement with the same title already citing this source is not created twice.
    - `relations`: dicts with `from`, `kind`, `to` (agreement keys).

    Everything is created or nothing (a ValidationError names what is wrong).
    """
    result = IntakeResult(source=None)
    with reversion.create_revision():
        if by is not None and by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(f"Created from the article “{source_data['title']}”")
        result.source, result.source_created = source_upsert(**source_data)
        by_key, created = {}, set()
        for data in parties:
            party, new = _party(data, by, result)
            by_key[data["key"]] = party
            if new:
                created.add(data["key"])
        for data in parties:
            parent = by_key.get(data.get("parent"))
            party = by_key[data["key"]]
            if data["key"] in created and parent is not None and parent.pk != party.pk:
                party.parent = parent
                party.save(update_fields=["parent"])
        agreements_by_key = {}
        for data in agreements:
            agreements_by_key[data["key"]] = _agreement(data, by_key, by, result)
        for data in relations:
            source = agreements_by_key.get(data["from"])
            target = agreements_by_key.get(data["to"])
            if source is None or target is None or source.pk == target.pk:
                continue
            _, made = AgreementRelation.objects.get_or_create(
                from_agreement=source, kind=data["kind"], to_agreement=target
            )
            result.relations_created += made
    return result


def _agreement(data, by_key, by, result):
    source = result.source
    existing = Agreement.objects.filter(title=data["title"], citations__source=source).first()
    if existing is not None:
        result.agreements_existing.append(existing)
        return existing
    amount = data.get("value_amount")
    agreement = Agreement(
        title=data["title"],
        slug=_unique_slug(Agreement, data["title"], fallback="agreement"),
        kind=data["kind"],
        status=data.get("status") or "signed",
        legal_nature=LEGAL_NATURE_BY_KIND.get(data["kind"], LegalNature.UNKNOWN),
        signed_on=data.get("signed_on"),
        signed_on_precision=data.get("signed_on_precision") or "day",
        announced_on=data.get("announced_on"),
        value_amount=amount,
        value_currency=(data.get("value_currency") or "") if amount is not None else "",
        publication=Publication.DRAFT,
    )
    _audit(agreement, by)
    try:
        agreement.full_clean()
    except ValidationError as error:
        raise _invalid(f"Agreement “{data['title']}”", error) from error
    agreement.save()
    seen = set()
    for order, entry in enumerate(data.get("participations", [])):
        party = by_key.get(entry["party"])
        if party is None:
            raise ValidationError(
                f"Agreement “{data['title']}” names a party that is not kept; tick it or "
                "remove it from the participants."
            )
        role = entry.get("role") or "party"
        if (party.pk, role) in seen:
            continue
        seen.add((party.pk, role))
        representative = by_key.get(entry.get("representative"))
        if representative is not None and (
            representative.kind != PartyKind.PERSON or representative.pk == party.pk
        ):
            representative = None
        participation = Participation(
            agreement=agreement,
            party=party,
            role=role,
            representative=representative,
            representative_title=entry.get("representative_title", "") if representative else "",
            order=order,
        )
        try:
            participation.full_clean()
        except ValidationError as error:
            raise _invalid(f"Agreement “{data['title']}”, party {party.name}", error) from error
        participation.save()
    Citation.objects.create(agreement=agreement, source=source, quote=data.get("quote", ""))
    result.agreements_created.append(agreement)
    return agreement
