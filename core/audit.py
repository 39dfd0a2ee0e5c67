"""The audit trail: one log line for every saved revision — admin, API, services, commands."""

import logging

from django.dispatch import receiver
from reversion.signals import post_revision_commit

audit_logger = logging.getLogger("accords.audit")


@receiver(post_revision_commit)
def log_revision(sender, revision, versions, **kwargs):
    user = revision.user
    audit_logger.info(
        "%s by %s: %s",
        revision.get_comment() or "Changed",
        user.get_username() if user else "system",
        ", ".join(f"{v.content_type.model}:{v.object_id}" for v in versions),
        extra={
            "revision_id": revision.pk,
            "user": user.get_username() if user else None,
            "comment": revision.get_comment(),
            "objects": [
                f"{v.content_type.app_label}.{v.content_type.model}:{v.object_id}" for v in versions
            ],
        },
    )
