from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from core.admin import EditorialAdmin, StaleEditGuardForm, publication_action

from . import services
from .models import Party, PartyAlias, PartyRedirect


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 1


class PartyForm(StaleEditGuardForm):
    not_a_duplicate = forms.BooleanField(
        required=False,
        label="This is a different party — save anyway",
        help_text="Tick only after checking the similar parties named above.",
    )

    class Meta:
        model = Party
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        if name and not self.instance.pk and not cleaned_data.get("not_a_duplicate"):
            similar = Party.objects.similar_to(name)
            if similar:
                names = "; ".join(f"{party.name} ({party.slug})" for party in similar)
                raise ValidationError(
                    f"“{name}” looks like a party the register already has: {names}. "
                    "Use that one, or tick “This is a different party” to save anyway.",
                    code="possible_duplicate",
                )
        return cleaned_data


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=Party.objects.none(),
        widget=forms.RadioSelect,
        help_text="The party that stays; the others are folded into it and redirect to it.",
    )


@admin.register(Party)
class PartyAdmin(EditorialAdmin):
    form = PartyForm
    list_display = ("name", "short_name", "kind", "country", "parent", "publication", "updated_at")
    list_filter = ("kind", "country", "publication")
    list_select_related = ("parent",)
    search_fields = ("name", "short_name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    date_hierarchy = "updated_at"
    inlines = [PartyAliasInline]
    actions = ["publish", "unpublish", "merge"]

    def get_fieldsets(self, request, obj=None):
        main = ["name", "short_name", "slug", "kind", "country", "parent"]
        if obj is None:
            main.append("not_a_duplicate")
        return (
            (None, {"fields": main}),
            ("About", {"fields": ("description", "website", "wikidata_id")}),
            self.publication_fieldset,
        )

    publish = publication_action(
        lambda party, user: services.party_publish(party=party, by=user),
        description="Publish selected parties",
        done_verb="Published",
        permission="publish",
    )
    unpublish = publication_action(
        lambda party, user: services.party_unpublish(party=party, by=user),
        description="Unpublish selected parties",
        done_verb="Unpublished",
        permission="publish",
    )

    @admin.action(description="Merge selected parties into one…", permissions=["delete"])
    def merge(self, request, queryset):
        parties = list(queryset.select_related("parent"))
        if len(parties) < 2:
            self.message_user(request, "Select at least two parties to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "survivor" in request.POST else None)
        form.fields["survivor"].queryset = queryset
        if form.is_valid():
            survivor = form.cleaned_data["survivor"]
            try:
                services.party_merge(survivor=survivor, merged=parties, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Merged {len(parties) - 1} part{'y' if len(parties) == 2 else 'ies'} "
                    f"into {survivor.name}; their old addresses redirect there.",
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/parties/party/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge parties",
                "opts": self.opts,
                "form": form,
                "parties": parties,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(PartyRedirect)
class PartyRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "party", "created_at")
    list_select_related = ("party",)
    search_fields = ("old_slug", "party__name")
    autocomplete_fields = ("party",)
