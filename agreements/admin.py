from django.contrib import admin
from django.db.models import Count
from django.urls import path

from core.admin import EditorialAdmin, publication_action
from parties.models import Party

from . import services
from .admin_import import ImportDataView
from .intake.admin_views import NewFromArticleView
from .models import Agreement, AgreementRelation, Citation, Event, Participation, Sector, Source


class ParticipantCountryFilter(admin.SimpleListFilter):
    title = "participant country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            Party.objects.exclude(country="")
            .filter(participations__isnull=False)
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        from django_countries import countries

        return [(code, countries.name(code) or code) for code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(participations__party__country=self.value()).distinct()
        return queryset


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ("party", "representative")
    fields = ("order", "party", "role", "representative", "representative_title")


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 1
    autocomplete_fields = ("source",)


class RelationInline(admin.TabularInline):
    model = AgreementRelation
    fk_name = "from_agreement"
    extra = 0
    autocomplete_fields = ("to_agreement",)
    verbose_name = "relation to another agreement"


@admin.register(Agreement)
class AgreementAdmin(EditorialAdmin):
    list_display = (
        "title",
        "kind",
        "status",
        "signed_on",
        "value_amount",
        "value_currency",
        "event",
        "publication",
        "updated_at",
    )
    list_filter = (
        "kind",
        "status",
        "legal_nature",
        "publication",
        ParticipantCountryFilter,
        "sectors",
        "signed_on",
    )
    list_select_related = ("event",)
    search_fields = (
        "title",
        "slug",
        "participations__party__name",
        "participations__party__aliases__name",
    )
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("event", "sectors")
    inlines = [ParticipationInline, RelationInline, CitationInline]
    actions = ["publish", "send_to_review", "unpublish"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "kind",
                    "status",
                    "legal_nature",
                    "summary",
                    "description",
                )
            },
        ),
        (
            "Dates",
            {
                "fields": (
                    ("announced_on", "signed_on", "signed_on_precision"),
                    ("effective_on", "expires_on"),
                )
            },
        ),
        ("Value", {"fields": (("value_amount", "value_currency"), "value_note")}),
        ("Context", {"fields": ("place", "event", "sectors")}),
        EditorialAdmin.publication_fieldset,
    )

    # Adds "New from article" to the object tools (and keeps django-reversion's own).
    change_list_template = "admin/agreements/agreement/change_list.html"

    def get_urls(self):
        intake = NewFromArticleView.as_view(admin_site=self.admin_site)
        return [
            path(
                "new-from-article/",
                self.admin_site.admin_view(intake),
                name="agreements_agreement_intake",
            ),
            path(
                "import/",
                self.admin_site.admin_view(ImportDataView.as_view(admin_site=self.admin_site)),
                name="agreements_agreement_import",
            ),
            *super().get_urls(),
        ]

    publish = publication_action(
        lambda agreement, user: services.agreement_publish(agreement=agreement, by=user),
        description="Publish selected agreements",
        done_verb="Published",
        permission="publish",
    )
    send_to_review = publication_action(
        lambda agreement, user: services.agreement_send_to_review(agreement=agreement, by=user),
        description="Send selected agreements to review",
        done_verb="Sent to review",
        permission="change",
    )
    unpublish = publication_action(
        lambda agreement, user: services.agreement_unpublish(agreement=agreement, by=user),
        description="Unpublish selected agreements",
        done_verb="Unpublished",
        permission="publish",
    )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "starts_on", "ends_on", "place", "parent", "agreement_count")
    list_filter = ("kind", "country")
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "place")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    date_hierarchy = "starts_on"

    def get_queryset(self, request):
        # With GROUP BY, Meta.ordering no longer applies: order explicitly, or the
        # autocomplete view paginates an unordered list.
        rows = super().get_queryset(request).annotate(agreement_total=Count("agreements"))
        return rows.order_by(*Event._meta.ordering)

    @admin.display(description="agreements", ordering="agreement_total")
    def agreement_count(self, event):
        return event.agreement_total


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "published_on", "language", "url")
    list_filter = ("language", "publisher")
    search_fields = ("title", "publisher", "url")
    date_hierarchy = "published_on"
