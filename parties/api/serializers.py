"""Party representations (DESIGN.md §4). Reads and writes share one shape; `parent` is a
slug both ways, `aliases` are replaced wholesale when given."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import SlugRelatedField, drf_validation_error, sees_drafts
from parties.models import Party, PartyAlias

from .writes import party_create, party_update


def absolute_url(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class PartyRefSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """A party named inside another resource (an agreement's participants)."""

    class Meta:
        model = Party
        fields = ["slug", "name", "kind", "country"]
        read_only_fields = fields


class PartyAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyAlias
        fields = ["name", "language"]


class PartySerializer(CountryFieldMixin, serializers.ModelSerializer):
    parent = SlugRelatedField(
        slug_field="slug",
        queryset=Party.objects.all(),
        allow_null=True,
        required=False,
        help_text="Slug of the party this one is part of or controlled by; null for none. "
        "Null for anonymous callers when the parent is not published.",
    )
    aliases = PartyAliasSerializer(
        many=True, required=False, help_text="Replaced wholesale when given."
    )
    agreement_count = serializers.IntegerField(
        read_only=True,
        help_text="Published agreements in which the party takes part (what "
        "/api/v1/agreements/?party=<slug> lists for anonymous callers).",
    )
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:party-detail", lookup_field="slug"
    )

    class Meta:
        model = Party
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "parent",
            "aliases",
            "description",
            "website",
            "wikidata_id",
            "agreement_count",
            "publication",
            "url",
            "api_url",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, party) -> str:
        return absolute_url(self, party.get_absolute_url())

    def to_representation(self, party):
        data = super().to_representation(party)
        parent = party.parent
        if (
            parent is not None
            and not parent.is_published
            and not sees_drafts(self.context.get("request"))
        ):
            data["parent"] = None
        return data

    def create(self, validated_data):
        return self._save(party_create, validated_data)

    def update(self, party, validated_data):
        return self._save(party_update, validated_data, party=party)

    def _save(self, service, validated_data, **target):
        aliases = validated_data.pop("aliases", None)
        publication = validated_data.pop("publication", None)
        try:
            return service(
                **target,
                fields=validated_data,
                aliases=aliases,
                publication=publication,
                by=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise drf_validation_error(error) from error
