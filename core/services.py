import reversion
from django.utils import timezone

from .cache import invalidate
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


def publishable_set_timestamps(*, entry: Publishable, times: dict):
    """Give an entry the bookkeeping times it had where it came from: `times` maps some of
    `created_at`, `updated_at` and `published_at` to their values (an import creates the
    entry now, and `save()` would stamp `updated_at`). No version is recorded."""
    allowed = {"created_at", "updated_at", "published_at"}
    if set(times) - allowed:
        raise ValueError(f"Only {', '.join(sorted(allowed))} can be set.")
    if times:
        type(entry)._default_manager.filter(pk=entry.pk).update(**times)
        invalidate()  # update() sends no signal: drop the anonymous caches (core.cache)
        for name, value in times.items():
            setattr(entry, name, value)
    return entry
