"""The one FilterSet for parties, shared by the /parties/ page and the API."""

import django_filters
from django_countries import countries

from core.filters import FilterSet

from .models import Party, PartyKind


def visible_parties(request):
    return Party.objects.visible_to(getattr(request, "user", None))


class PartyFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label="Search", max_length=200,
        help_text="Words in the name, short name or an alias, in any language.",
    )  # fmt: skip
    kind = django_filters.MultipleChoiceFilter(choices=PartyKind.choices)
    country = django_filters.MultipleChoiceFilter(
        choices=lambda: list(countries),
        help_text="ISO 3166-1 alpha-2 code; repeat for any of several.",
    )
    parent = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=visible_parties, help_text="Slug of the parent party."
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = Party
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset
