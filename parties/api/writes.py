"""API writes about a party and its aliases: one transaction, model validation on every
row (as in the admin), publication through the publishing services."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import Publication
from core.services import publishable_set_publication
from parties.models import Party, PartyAlias
from parties.services import party_publish, party_unpublish


@transaction.atomic
def party_create(*, fields: dict, aliases=None, publication=None, by=None) -> Party:
    """A new party from `fields` (model field → value), its `aliases` ([{"name", "language"}])
    and, optionally, a `publication` state to move it to."""
    party = Party(**fields)
    party.created_by = by
    return _write(party=party, aliases=aliases, publication=publication, by=by)


@transaction.atomic
def party_update(*, party: Party, fields: dict, aliases=None, publication=None, by=None) -> Party:
    """Change the given `fields`; `aliases`, when given, replace the party's aliases wholesale."""
    for name, value in fields.items():
        setattr(party, name, value)
    return _write(party=party, aliases=aliases, publication=publication, by=by)


def _write(*, party, aliases, publication, by):
    party.updated_by = by
    party.full_clean()
    party.save()
    if aliases is not None:
        _replace_aliases(party=party, aliases=aliases)
    _move_publication(party=party, publication=publication, by=by)
    return party


def _replace_aliases(*, party, aliases):
    party.aliases.all().delete()
    problems = []
    for number, data in enumerate(aliases, start=1):
        alias = PartyAlias(party=party, name=data["name"], language=data.get("language", ""))
        try:
            alias.full_clean()
        except ValidationError as error:
            problems.extend(f"Alias {number} (“{alias.name}”): {m}" for m in error.messages)
            continue
        alias.save()
    if problems:
        raise ValidationError({"aliases": problems})


def _move_publication(*, party, publication, by):
    if publication is None or publication == party.publication:
        return
    if publication == Publication.PUBLISHED:
        party_publish(party=party, by=by)
        return
    if party.publication == Publication.PUBLISHED:
        party_unpublish(party=party, by=by)
    if publication != party.publication:
        publishable_set_publication(entry=party, publication=publication, by=by)
