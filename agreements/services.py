"""Writes that span several models. Admin, API and commands all go through these."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import Publication
from core.services import publishable_set_publication
from parties.models import Party

from .models import Agreement


def agreement_publication_problems(*, agreement: Agreement) -> list[str]:
    """Why `agreement` may not be published yet (empty when it may)."""
    party_ids = set()
    for participation in agreement.participations.all():
        party_ids.add(participation.party_id)
        if participation.representative_id:
            party_ids.add(participation.representative_id)
    unpublished = (
        Party.objects.filter(pk__in=party_ids)
        .exclude(publication=Publication.PUBLISHED)
        .order_by("name")
    )
    return [
        f"{party.name} is not published yet ({party.get_publication_display().lower()}); "
        "publish it first."
        for party in unpublished
    ]


@transaction.atomic
def agreement_publish(*, agreement: Agreement, by=None) -> Agreement:
    """Publish an agreement once every party and representative in it is published."""
    problems = agreement_publication_problems(agreement=agreement)
    if problems:
        raise ValidationError(
            {"publication": [f"“{agreement.title}” cannot be published: {p}" for p in problems]}
        )
    return publishable_set_publication(entry=agreement, publication=Publication.PUBLISHED, by=by)


@transaction.atomic
def agreement_send_to_review(*, agreement: Agreement, by=None) -> Agreement:
    return publishable_set_publication(entry=agreement, publication=Publication.REVIEW, by=by)


@transaction.atomic
def agreement_unpublish(*, agreement: Agreement, by=None) -> Agreement:
    return publishable_set_publication(entry=agreement, publication=Publication.DRAFT, by=by)
