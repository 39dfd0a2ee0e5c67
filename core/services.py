from django.utils import timezone

from .models import Publication, Publishable


def publishable_set_publication(*, entry: Publishable, publication: Publication, by=None):
    """Move a party or agreement to `publication`, noting who did it and when."""
    entry.publication = publication
    if publication == Publication.PUBLISHED:
        entry.published_at = timezone.now()
    if by is not None and by.is_authenticated:
        entry.updated_by = by
    entry.save(update_fields=["publication", "published_at", "updated_by", "updated_at"])
    return entry
