"""Admin pieces shared by the parties and agreements admins."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError


class AuditedAdminMixin:
    """Records who created and last changed a row."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


def run_publication_service(modeladmin, request, queryset, service, done_verb):
    """Apply `service` to each selected row; report what it did and what it refused, and why."""
    done, refused = [], []
    for entry in queryset:
        try:
            service(entry, request.user)
        except ValidationError as error:
            refused.extend(error.messages)
        else:
            done.append(str(entry))
    if done:
        modeladmin.message_user(
            request, f"{done_verb} {len(done)}: {', '.join(done)}.", messages.SUCCESS
        )
    for reason in refused:
        modeladmin.message_user(request, f"Refused — {reason}", messages.ERROR)


class PublicationAdminMixin:
    readonly_fields = (
        "publication",
        "published_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )
    publication_fieldset = (
        "Publication",
        {
            "fields": readonly_fields,
            "description": "Use the actions on the list (Publish, Send to review, Unpublish) "
            "to change the publication state; they check that nothing unpublished is exposed.",
        },
    )


admin.site.site_header = "Accords editors"
admin.site.site_title = "Accords admin"
admin.site.index_title = "The register"
