"""Writes about parties. `parties` knows nothing of the agreements app: the
published agreements that hold a party are reached through its reverse relations."""

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import Publication
from core.search import fold
from core.services import publishable_set_publication

from .models import Party, PartyAlias, PartyRedirect


def published_agreement_titles_holding(*, party: Party) -> list[str]:
    published = Publication.PUBLISHED
    titles = set(
        party.participations.filter(agreement__publication=published).values_list(
            "agreement__title", flat=True
        )
    ) | set(
        party.representations.filter(agreement__publication=published).values_list(
            "agreement__title", flat=True
        )
    )
    return sorted(titles)


@transaction.atomic
def party_publish(*, party: Party, by=None) -> Party:
    return publishable_set_publication(entry=party, publication=Publication.PUBLISHED, by=by)


@transaction.atomic
def party_unpublish(*, party: Party, by=None) -> Party:
    """Take a party off the public site, unless a published agreement still names it."""
    titles = published_agreement_titles_holding(party=party)
    if titles:
        raise ValidationError(
            {
                "publication": (
                    f"{party.name} cannot be unpublished while these published agreements "
                    f"name it: {', '.join(titles)}. Unpublish them first."
                )
            }
        )
    return publishable_set_publication(entry=party, publication=Publication.DRAFT, by=by)


@transaction.atomic
def party_merge(*, survivor: Party, merged: list[Party], by=None) -> Party:
    """Fold duplicate parties into `survivor` without losing anything: their
    participations, representations, children and aliases move to the survivor,
    their names become aliases, and their old slugs redirect to the survivor."""
    merged = [party for party in merged if party.pk != survivor.pk]
    if not merged:
        raise ValidationError("Choose at least one other party to merge into the survivor.")
    if not survivor.is_published:
        held = [
            title for party in merged for title in published_agreement_titles_holding(party=party)
        ]
        if held:
            raise ValidationError(
                f"{survivor.name} is not published, but published agreements name the parties "
                f"to merge ({', '.join(sorted(set(held)))}). Publish {survivor.name} first."
            )
    with reversion.create_revision():
        for party in merged:
            _move_participations(party, survivor)
            party.representations.update(representative=survivor)
            party.children.update(parent=survivor)
            known = {(fold(a.name), a.language) for a in survivor.aliases.all()}
            known.add((fold(survivor.name), ""))
            for alias in party.aliases.all():
                if (fold(alias.name), alias.language) in known:
                    alias.delete()
                else:
                    alias.party = survivor
                    alias.save(update_fields=["party"])
                    known.add((fold(alias.name), alias.language))
            for name in (party.name, party.short_name):
                if name and (fold(name), "") not in known:
                    PartyAlias.objects.create(party=survivor, name=name, language="")
                    known.add((fold(name), ""))
            PartyRedirect.objects.filter(party=party).update(party=survivor)
            PartyRedirect.objects.create(old_slug=party.slug, party=survivor)
            party.delete()
        if by is not None and by.is_authenticated:
            survivor.updated_by = by
            reversion.set_user(by)
        survivor.save()
        reversion.set_comment(f"Merged {', '.join(p.name for p in merged)} into this party")
    return survivor


def _move_participations(party, survivor):
    """Re-point `party`'s participations; where the survivor already holds the same role in
    the same agreement, keep the survivor's row and fill in a missing representative."""
    for participation in party.participations.all():
        existing = survivor.participations.filter(
            agreement_id=participation.agreement_id, role=participation.role
        ).first()
        if existing is None:
            participation.party = survivor
            participation.save(update_fields=["party"])
            continue
        if not existing.representative_id and participation.representative_id:
            existing.representative_id = participation.representative_id
            existing.representative_title = participation.representative_title
            existing.save(update_fields=["representative", "representative_title"])
        participation.delete()
