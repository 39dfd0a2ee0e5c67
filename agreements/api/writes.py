"""API writes of an agreement with its participants, relations, sectors and sources.

One transaction; every row is validated by its model (`full_clean()`: field validators,
`clean()`, unique and check constraints), as in the admin; publication moves only
through the publishing services of `agreements.services`. Errors are Django
ValidationErrors keyed by the API's field names (`participants`, `sources`, …).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from agreements.models import Agreement, AgreementRelation, Citation, Participation, Source
from agreements.services import (
    agreement_publication_problems,
    agreement_publish,
    agreement_send_to_review,
    agreement_unpublish,
)
from core.models import Publication

OUTGOING = "outgoing"
INCOMING = "incoming"


@transaction.atomic
def agreement_create(
    *,
    fields: dict,
    sectors=None,
    participants=None,
    relations=None,
    sources=None,
    publication=None,
    by=None,
) -> Agreement:
    """A new agreement. `fields` maps model fields to values (`event` an Event); the
    nested lists are described in `agreement_update`."""
    agreement = Agreement(**fields)
    agreement.created_by = by
    return _write(
        agreement=agreement,
        sectors=sectors,
        participants=participants,
        relations=relations,
        sources=sources,
        publication=publication,
        by=by,
    )


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    fields: dict,
    sectors=None,
    participants=None,
    relations=None,
    sources=None,
    publication=None,
    by=None,
) -> Agreement:
    """Change the given `fields`; each nested list, when given (not None), replaces what
    the agreement had:

    - `sectors`: Sector objects;
    - `participants`: [{"party", "role", "representative", "representative_title"}]
      with Party objects, in order;
    - `relations`: [{"kind", "agreement", "direction"}]: `outgoing` (this agreement
      <kind> the other) or `incoming` (the other <kind> this one);
    - `sources`: [{"title", "url", "publisher", "published_on", "quote"}]: a Source is
      found by URL when one is given, else by title and publisher, updated or created,
      and cited with the quote;
    - `publication`: `draft`, `review` or `published`, through the publishing services.
    """
    for name, value in fields.items():
        setattr(agreement, name, value)
    return _write(
        agreement=agreement,
        sectors=sectors,
        participants=participants,
        relations=relations,
        sources=sources,
        publication=publication,
        by=by,
    )


def _write(*, agreement, sectors, participants, relations, sources, publication, by):
    agreement.updated_by = by
    agreement.full_clean(exclude=["publication"])
    agreement.save()
    problems = {}
    if sectors is not None:
        agreement.sectors.set(sectors)
    if participants is not None:
        problems["participants"] = _replace_participants(agreement, participants)
    if relations is not None:
        problems["relations"] = _replace_relations(agreement, relations)
    if sources is not None:
        problems["sources"] = _replace_sources(agreement, sources)
    problems = {field: messages for field, messages in problems.items() if messages}
    if problems:
        raise ValidationError(problems)
    _move_publication(agreement=agreement, publication=publication, by=by)
    return agreement


def _validated(obj, label, problems, *, exclude=None):
    """Save `obj` if its model accepts it; otherwise note why, prefixed with `label`."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        problems.extend(f"{label}: {message}" for message in error.messages)
        return None
    obj.save()
    return obj


def _replace_participants(agreement, participants):
    agreement.participations.all().delete()
    problems = []
    for order, data in enumerate(participants):
        participation = Participation(
            agreement=agreement,
            party=data["party"],
            role=data.get("role", Participation._meta.get_field("role").default),
            representative=data.get("representative"),
            representative_title=data.get("representative_title", ""),
            order=order,
        )
        label = f"Participant {order + 1} ({participation.party.slug}, {participation.role})"
        # The representative's kind is checked by Participation.clean() with a clear message.
        _validated(participation, label, problems, exclude=["representative"])
    return problems


def _replace_relations(agreement, relations):
    """Both directions are replaced. A relation given again is kept as it is (the same
    row, so it keeps its place in the lists, which are in creation order); the others
    are deleted, and the new ones created in the order given."""
    wanted = []
    for number, data in enumerate(relations, start=1):
        other = data["agreement"]
        if data.get("direction", OUTGOING) == INCOMING:
            relation = AgreementRelation(
                from_agreement=other, kind=data["kind"], to_agreement=agreement
            )
        else:
            relation = AgreementRelation(
                from_agreement=agreement, kind=data["kind"], to_agreement=other
            )
        key = (relation.from_agreement_id, relation.kind, relation.to_agreement_id)
        wanted.append((key, relation, f"Relation {number} ({data['kind']} {other.slug})"))
    existing = AgreementRelation.objects.filter(
        Q(from_agreement=agreement) | Q(to_agreement=agreement)
    ).values_list("pk", "from_agreement_id", "kind", "to_agreement_id")
    kept = {(source, kind, to): pk for pk, source, kind, to in existing}
    wanted_keys = {key for key, _, _ in wanted}
    AgreementRelation.objects.filter(
        pk__in=[pk for key, pk in kept.items() if key not in wanted_keys]
    ).delete()
    problems = []
    for key, relation, label in wanted:
        if kept.pop(key, None) is None:  # new (or given twice: refused as a duplicate)
            _validated(relation, label, problems)
    return problems


def _replace_sources(agreement, sources):
    agreement.citations.all().delete()
    problems = []
    for number, data in enumerate(sources, start=1):
        label = f"Source {number} (“{data['title']}”)"
        source = _source_for(data)
        for name in ("title", "url", "publisher", "published_on"):
            if name in data:
                setattr(source, name, data[name])
        if _validated(source, label, problems) is None:
            continue
        citation = Citation(agreement=agreement, source=source, quote=data.get("quote", ""))
        _validated(citation, label, problems)
    return problems


def _source_for(data):
    """The Source these details describe: by URL when given, else by title and publisher."""
    if data.get("url"):
        existing = Source.objects.filter(url=data["url"]).first()
    else:
        existing = (
            Source.objects.filter(url="", title=data["title"], publisher=data.get("publisher", ""))
            .order_by("pk")
            .first()
        )
    return existing or Source()


def _move_publication(*, agreement, publication, by):
    current = agreement.publication
    if publication is None or publication == current:
        if current == Publication.PUBLISHED:
            # Still published: the new participants must be public too.
            problems = agreement_publication_problems(agreement=agreement)
            if problems:
                raise ValidationError(
                    {
                        "participants": [
                            f"A published agreement cannot name it: {p}" for p in problems
                        ]
                    }
                )
        return
    if publication == Publication.PUBLISHED:
        agreement_publish(agreement=agreement, by=by)
        return
    if current == Publication.PUBLISHED:
        agreement_unpublish(agreement=agreement, by=by)
    if publication == Publication.REVIEW:
        agreement_send_to_review(agreement=agreement, by=by)
