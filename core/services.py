import reversion
from django.utils import timezone

from .models import Publication, Publishable


def publishable_set_publication(*, entry: Publishable, publication: Publication, by=None):
    """Move a party or agreement to `publication`, recording who did it and when
    (a version with the comment "Published", "Sent to review" or "Unpublished")."""
    comment = {
        Publication.PUBLISHED: "Published",
        Publication.REVIEW: "Sent to review",
        Publication.DRAFT: "Unpublished (back to draft)",
    }[publication]
    with reversion.create_revision():
        entry.publication = publication
        if publication == Publication.PUBLISHED:
            entry.published_at = timezone.now()
        if by is not None and by.is_authenticated:
            entry.updated_by = by
            reversion.set_user(by)
        entry.save(update_fields=["publication", "published_at", "updated_by", "updated_at"])
        reversion.set_comment(comment)
    return entry
