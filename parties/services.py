"""Writes about parties. `parties` knows nothing of the agreements app: the
published agreements that hold a party are reached through its reverse relations."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import Publication
from core.services import publishable_set_publication

from .models import Party


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
