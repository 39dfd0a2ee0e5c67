"""The public change log of an agreement, read from its saved versions (django-reversion).

Readers see the versions in which the entry was published, each with what changed since
the previous published version and when; staff also see drafts and who made each change.
"""

from dataclasses import dataclass, field
from datetime import datetime

from reversion.models import Version

from core.models import Publication

from .models import Agreement

# Bookkeeping fields that change on every save and mean nothing to a reader.
IGNORED_FIELDS = {"updated_at", "updated_by", "published_at", "created_by", "created_at"}


@dataclass
class HistoryEntry:
    when: datetime
    changed: list[str] = field(default_factory=list)
    comment: str = ""
    who: str = ""
    published: bool = True
    first: bool = False


def agreement_history(agreement, *, staff=False):
    """Newest first."""
    versions = (
        Version.objects.get_for_object(agreement)
        .select_related("revision__user")
        .order_by("revision__date_created", "pk")
    )
    labels = {}
    for model_field in Agreement._meta.concrete_fields + Agreement._meta.many_to_many:
        labels[model_field.name] = labels[model_field.attname] = str(model_field.verbose_name)
    entries, previous = [], None
    for version in versions:
        data = version.field_dict
        published = data.get("publication") == Publication.PUBLISHED
        if not (published or staff):
            continue
        changed = (
            []
            if previous is None
            else [
                labels.get(name, name)
                for name, value in data.items()
                if name.removesuffix("_id") not in IGNORED_FIELDS and previous.get(name) != value
            ]
        )
        revision = version.revision
        entries.append(
            HistoryEntry(
                when=revision.date_created,
                changed=changed,
                comment=revision.get_comment(),
                who=(revision.user.get_username() if revision.user else "") if staff else "",
                published=published,
                first=previous is None,
            )
        )
        previous = data
    return list(reversed(entries))
