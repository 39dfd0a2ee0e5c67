from django.contrib import admin

from core.admin import AuditedAdminMixin, PublicationAdminMixin, run_publication_service

from . import services
from .models import Party, PartyAlias


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 1


@admin.register(Party)
class PartyAdmin(AuditedAdminMixin, PublicationAdminMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "country", "parent", "publication", "updated_at")
    list_filter = ("kind", "country", "publication")
    list_select_related = ("parent",)
    search_fields = ("name", "short_name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    date_hierarchy = "updated_at"
    inlines = [PartyAliasInline]
    actions = ["publish", "unpublish"]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "country", "parent")}),
        ("About", {"fields": ("description", "website", "wikidata_id")}),
        PublicationAdminMixin.publication_fieldset,
    )

    @admin.action(description="Publish selected parties", permissions=["change"])
    def publish(self, request, queryset):
        run_publication_service(
            self,
            request,
            queryset,
            lambda party, user: services.party_publish(party=party, by=user),
            "Published",
        )

    @admin.action(description="Unpublish selected parties", permissions=["change"])
    def unpublish(self, request, queryset):
        run_publication_service(
            self,
            request,
            queryset,
            lambda party, user: services.party_unpublish(party=party, by=user),
            "Unpublished",
        )
