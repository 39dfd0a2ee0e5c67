"""Parties: anyone who can be party to, sign, or represent an agreement."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django_countries.fields import CountryField

from core.links import slug_url_builder
from core.models import NestedModel, Publishable, publication_constraint
from core.validators import validate_language_tag, validate_wikidata_id

from .querysets import PartyQuerySet


class PartyKind(models.TextChoices):
    STATE = "state", "State"
    GOVERNMENT_BODY = "government_body", "Government body"
    STATE_ENTERPRISE = "state_enterprise", "State enterprise"
    COMPANY = "company", "Company"
    INTERNATIONAL_ORGANIZATION = "international_organization", "International organization"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


# Every saved change of a party, with its aliases, is kept (admin history and revert).
@reversion.register(follow=["aliases"])
class Party(NestedModel, Publishable):
    """A state, a government body, an enterprise, an organisation or a person.

    `parent` means "part of / controlled by": the Peruvian Navy is part of Peru,
    SIMA is a state enterprise of Peru. A party's page gathers the agreements of
    its sub-entities too.
    """

    name = models.CharField(max_length=200, help_text="Canonical name, e.g. “Republic of Korea”.")
    short_name = models.CharField(
        max_length=100, blank=True, help_text="Common short name, e.g. “South Korea”."
    )
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Stable identifier used in URLs and the API."
    )
    kind = models.CharField(max_length=32, choices=PartyKind)
    country = CountryField(
        blank=True,
        help_text="ISO 3166-1 country: a state's own code, otherwise the home country.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The party this one is part of or controlled by (Peruvian Navy → Peru).",
    )
    description = models.TextField(blank=True, help_text="Markdown; raw HTML is not rendered.")
    website = models.URLField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata ID", max_length=20, blank=True, validators=[validate_wikidata_id]
    )
    is_synthetic = models.BooleanField(
        default=False, editable=False, help_text="Generated for benchmarks, not real."
    )

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        permissions = [("publish_party", "Can publish and unpublish parties")]
        indexes = [
            models.Index(fields=["kind"], name="party_kind_idx"),
            models.Index(fields=["country"], name="party_country_idx"),
            models.Index(fields=["publication"], name="party_publication_idx"),
        ]
        constraints = [
            publication_constraint("party"),
            models.CheckConstraint(condition=Q(kind__in=PartyKind.values), name="party_kind_valid"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="party_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.STATE) | ~Q(country=""),
                name="party_state_has_country",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url_builder("parties:detail")(self.slug)

    @property
    def display_name(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        if self.kind == PartyKind.STATE and not self.country:
            raise ValidationError({"country": "A state needs its own country code."})

    def descendant_ids(self):
        """Ids of this party and everything below it (one query per level)."""
        ids = {self.pk}
        frontier = {self.pk}
        while frontier:
            frontier = set(
                Party.objects.filter(parent_id__in=frontier)
                .exclude(pk__in=ids)
                .values_list("pk", flat=True)
            )
            ids |= frontier
        return ids


@reversion.register()
class PartyAlias(models.Model):
    """Another name a party is known by: a translation, an acronym, an old name."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text="BCP 47 tag such as “ko” or “es”; empty for acronyms used in any language.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "party aliases"
        indexes = [models.Index(fields=["name"], name="partyalias_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "name", "language"], name="partyalias_unique_per_party"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.language})" if self.language else self.name


class PartyRedirect(models.Model):
    """The slug of a party merged into another: its old URLs redirect (301) to the survivor."""

    old_slug = models.SlugField(max_length=200, unique=True)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.party.slug}"
