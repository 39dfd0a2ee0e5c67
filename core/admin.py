"""Admin pieces shared by the parties and agreements admins."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin


class StaleEditGuardForm(forms.ModelForm):
    """Refuses to save over a change someone else made after this form was opened.

    The form carries the `updated_at` it was opened with; if the row has been saved
    since, the save is refused with who changed what, and the editor's input stays
    on the page so nothing is lost.
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Also when bound, so an unchanged token is not reported as a changed field.
            self.initial["opened_version"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        opened = parse_datetime(self.data.get(self.add_prefix("opened_version")) or "")
        if self.instance.pk and opened and self.instance.updated_at != opened:
            raise ValidationError(stale_edit_message(self.instance, opened), code="stale")
        return cleaned_data


def stale_edit_message(instance, opened):
    newer = (
        Version.objects.get_for_object(instance)
        .filter(revision__date_created__gt=opened)
        .select_related("revision__user")
        .order_by("revision__date_created")
    )
    before = (
        Version.objects.get_for_object(instance)
        .filter(revision__date_created__lte=opened)
        .order_by("-revision__date_created")
        .first()
    )
    changes = []
    for version in newer:
        revision = version.revision
        who = revision.user.get_username() if revision.user else "someone"
        when = timezone.localtime(revision.date_created).strftime("%Y-%m-%d %H:%M:%S")
        comment = f" ({revision.get_comment()})" if revision.get_comment() else ""
        changes.append(f"{who} at {when}{comment}")
    changed_fields = []
    if before is not None:
        for name, old in before.field_dict.items():
            field = instance._meta.get_field(name)
            if name in {"updated_at", "updated_by"} or field.many_to_many:
                continue
            if getattr(instance, field.attname, None) != old:
                changed_fields.append(str(field.verbose_name))
    what = f" Changed meanwhile: {', '.join(changed_fields)}." if changed_fields else ""
    by = "; ".join(changes) or "another editor"
    return (
        f"This entry was changed by {by} after you opened it.{what} Your edits were not "
        "saved and are still in the form: open the entry again in a new tab to see the "
        "current version, then apply your edits there."
    )


class EditorialAdmin(CompareVersionAdmin):
    """Admin for published content: history with diffs and revert (django-reversion),
    who created and changed a row, a stale-edit guard, and publication read-only in the
    form — it moves only through the list actions, which check the publishing rules."""

    form = StaleEditGuardForm
    history_latest_first = True
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
            "fields": (*readonly_fields, "opened_version"),
            "description": "Use the actions on the list (Publish, Send to review, Unpublish) "
            "to change the publication state; they check that nothing unpublished is exposed.",
        },
    )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


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


def publication_action(service, *, description, done_verb, permission):
    """A list action that moves the selected rows through `service(entry, user)`."""

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        run_publication_service(modeladmin, request, queryset, service, done_verb)

    return action


admin.site.site_header = "Accords editors"
admin.site.site_title = "Accords admin"
admin.site.index_title = "The register"
