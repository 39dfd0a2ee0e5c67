"""Agreements and what surrounds them: who took part, where, in which sector, how we know."""

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.dateformat import format as format_date
from django_countries.fields import CountryField

from core.links import slug_url_builder
from core.models import NestedModel, Publishable, publication_constraint
from core.validators import currency_choices, validate_currency_code, validate_language_tag
from parties.models import Party, PartyKind

from .querysets import AgreementQuerySet, EventQuerySet


@reversion.register()
class Sector(models.Model):
    """A field of activity: defense, shipbuilding, critical minerals, infrastructure…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url_builder("agreements:sector")(self.slug)


class EventKind(models.TextChoices):
    SUMMIT = "summit", "Summit"
    STATE_VISIT = "state_visit", "State visit"
    CONFERENCE = "conference", "Conference"
    CEREMONY = "ceremony", "Ceremony"
    OTHER = "other", "Other"


@reversion.register()
class Event(NestedModel):
    """Where agreements are made: a summit, a state visit, a conference.

    `parent` nests events: the Korea–Peru summit took place inside APEC
    Economic Leaders' Week 2024.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=EventKind, default=EventKind.OTHER)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="City and country.")
    country = CountryField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The larger event this one took place in.",
    )
    description = models.TextField(blank=True, help_text="Markdown; raw HTML is not rendered.")

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        indexes = [models.Index(fields=["starts_on"], name="event_starts_on_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="event_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url_builder("agreements:event")(self.slug)

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "An event cannot end before it starts."})


@reversion.register()
class Source(models.Model):
    """Where a fact comes from: a news article, an official statement, a treaty text."""

    title = models.CharField(max_length=300)
    url = models.URLField("URL", max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=35, blank=True, default="en", validators=[validate_language_tag]
    )

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique_when_given",
                violation_error_code="unique",
                violation_error_message="A source with this URL already exists; cite that one.",
            ),
        ]

    def __str__(self):
        return (
            f"{self.title} ({self.publisher}, {self.published_on})"
            if self.publisher
            else self.title
        )


class AgreementKind(models.TextChoices):
    TREATY = "treaty", "Treaty"
    CONVENTION = "convention", "Convention"
    PROTOCOL = "protocol", "Protocol"
    MOU = "mou", "Memorandum of understanding"
    CONTRACT = "contract", "Contract"
    FRAMEWORK_AGREEMENT = "framework_agreement", "Framework agreement"
    COOPERATION_AGREEMENT = "cooperation_agreement", "Cooperation agreement"
    JOINT_STATEMENT = "joint_statement", "Joint statement"
    LETTER_OF_INTENT = "letter_of_intent", "Letter of intent"
    LOAN_AGREEMENT = "loan_agreement", "Loan agreement"
    EXCHANGE_OF_NOTES = "exchange_of_notes", "Exchange of notes"
    PLEDGE = "pledge", "Pledge"
    OTHER = "other", "Other"


class AgreementStatus(models.TextChoices):
    """The legal lifecycle of the instrument (not its editorial publication)."""

    ANNOUNCED = "announced", "Announced"
    NEGOTIATING = "negotiating", "Negotiating"
    SIGNED = "signed", "Signed"
    IN_FORCE = "in_force", "In force"
    COMPLETED = "completed", "Completed"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    SUPERSEDED = "superseded", "Superseded"


class LegalNature(models.TextChoices):
    BINDING = "binding", "Legally binding"
    NON_BINDING = "non_binding", "Not legally binding"
    COMMERCIAL = "commercial", "Commercial"
    UNKNOWN = "unknown", "Unknown"


class DatePrecision(models.TextChoices):
    """How much of a date the source gives: “16 November 2024”, “December 2022”, “2022”."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"

    def render(self, value):
        if value is None:
            return ""
        pattern = {"day": "j F Y", "month": "F Y", "year": "Y"}[self.value]
        return format_date(value, pattern)


# One version per saved change of an agreement with its participants, relations and
# citations: admin history and diff, revert, the public change log.
@reversion.register(follow=["participations", "relations_out", "citations"])
class Agreement(Publishable):
    """An international agreement: a treaty, an MOU, a contract, a joint statement, a pledge."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Stable identifier used in URLs and the API."
    )
    summary = models.TextField(blank=True, help_text="One plain paragraph.")
    description = models.TextField(blank=True, help_text="Markdown; raw HTML is not rendered.")
    kind = models.CharField(max_length=32, choices=AgreementKind)
    status = models.CharField(
        max_length=16, choices=AgreementStatus, default=AgreementStatus.SIGNED
    )
    legal_nature = models.CharField(
        max_length=16,
        choices=LegalNature,
        default=LegalNature.UNKNOWN,
        help_text="An MOU between governments is usually non-binding; a supply contract is commercial.",
    )
    announced_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_on_precision = models.CharField(
        max_length=8,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="How precisely the source dates the signing. “December 2022” is stored "
        "as 2022-12-01 with precision “month”, and shown that way.",
    )
    effective_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    value_amount = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Total value in the currency below; leave empty when the source gives none.",
    )
    value_currency = models.CharField(
        max_length=3,
        blank=True,
        choices=currency_choices,
        validators=[validate_currency_code],
        help_text="ISO 4217 code; required with an amount.",
    )
    value_note = models.CharField(max_length=300, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="e.g. “Lima, Peru”.")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements"
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="agreements")
    parties = models.ManyToManyField(
        Party,
        through="Participation",
        through_fields=("agreement", "party"),
        related_name="agreements",
    )
    is_synthetic = models.BooleanField(
        default=False, editable=False, help_text="Generated for benchmarks, not real."
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = [F("signed_on").desc(nulls_last=True), "title"]
        permissions = [("publish_agreement", "Can publish and unpublish agreements")]
        indexes = [
            models.Index(fields=["kind"], name="agreement_kind_idx"),
            models.Index(fields=["status"], name="agreement_status_idx"),
            models.Index(fields=["signed_on"], name="agreement_signed_on_idx"),
            models.Index(fields=["value_amount"], name="agreement_value_idx"),
            models.Index(fields=["value_currency"], name="agreement_currency_idx"),
            models.Index(fields=["updated_at"], name="agreement_updated_at_idx"),
            models.Index(fields=["publication", "signed_on"], name="agreement_pub_signed_idx"),
            models.Index(fields=["title"], name="agreement_title_idx"),
        ]
        constraints = [
            publication_constraint("agreement"),
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values), name="agreement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(legal_nature__in=LegalNature.values),
                name="agreement_legal_nature_valid",
            ),
            models.CheckConstraint(
                condition=Q(signed_on_precision__in=DatePrecision.values),
                name="agreement_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True) | Q(value_amount__gte=0),
                name="agreement_value_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(value_amount__isnull=True) & Q(value_currency=""))
                | (Q(value_amount__isnull=False) & ~Q(value_currency="")),
                name="agreement_currency_with_amount",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(expires_on__gte=F("signed_on")),
                name="agreement_expires_after_signing",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url_builder("agreements:detail")(self.slug)

    def clean(self):
        super().clean()
        errors = {}
        if self.value_amount is not None and self.value_amount < 0:
            errors["value_amount"] = "A value cannot be negative."
        if self.value_amount is not None and not self.value_currency:
            errors["value_currency"] = "Give the currency of the amount (e.g. USD)."
        if self.value_amount is None and self.value_currency:
            errors["value_amount"] = (
                "A currency needs an amount; clear the currency or add the amount."
            )
        if self.expires_on and self.signed_on and self.expires_on < self.signed_on:
            errors["expires_on"] = "An agreement cannot expire before it is signed."
        if errors:
            raise ValidationError(errors)

    @property
    def signed_on_display(self):
        """The signing date as precisely as the source gives it (“December 2022”)."""
        return DatePrecision(self.signed_on_precision).render(self.signed_on)

    @property
    def sort_date(self):
        return self.signed_on or self.announced_on


class Role(models.TextChoices):
    """What a party does in an agreement."""

    PARTY = "party", "Party"
    CONTRACTOR = "contractor", "Contractor"
    CLIENT = "client", "Client"
    FINANCIER = "financier", "Financier"
    GUARANTOR = "guarantor", "Guarantor"
    WITNESS = "witness", "Witness"
    BENEFICIARY = "beneficiary", "Beneficiary"
    OBSERVER = "observer", "Observer"


@reversion.register()
class Participation(models.Model):
    """A party's part in an agreement, and who signed or spoke for it.

    A `client` buys what a `contractor` delivers; a `witness` attends a signing
    without being bound; the `representative` is a person (a head of state, a CEO).
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="participations"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=16, choices=Role, default=Role.PARTY)
    representative = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representations",
        limit_choices_to={"kind": PartyKind.PERSON},
        help_text="The person who signed or spoke for the party.",
    )
    representative_title = models.CharField(
        max_length=200, blank=True, help_text="e.g. “President”."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["party", "role"], name="participation_party_role_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party", "role"], name="participation_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="participation_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.party} ({self.get_role_display()}) in {self.agreement}"

    def clean(self):
        super().clean()
        if self.representative_id and self.representative.kind != PartyKind.PERSON:
            raise ValidationError(
                {"representative": "A representative must be a party of kind “person”."}
            )
        if self.representative_id and self.representative_id == self.party_id:
            raise ValidationError({"representative": "A party cannot represent itself."})


class RelationKind(models.TextChoices):
    """How one agreement relates to another; `inverse_label` reads it from the other side."""

    BUILDS_ON = "builds_on", "Builds on"
    AMENDS = "amends", "Amends"
    SUPERSEDES = "supersedes", "Supersedes"
    IMPLEMENTS = "implements", "Implements"
    PART_OF = "part_of", "Part of"
    RELATED = "related", "Related to"

    @property
    def inverse_label(self):
        return {
            "builds_on": "Built upon by",
            "amends": "Amended by",
            "supersedes": "Superseded by",
            "implements": "Implemented by",
            "part_of": "Includes",
            "related": "Related to",
        }[self.value]


@reversion.register()
class AgreementRelation(models.Model):
    from_agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="relations_out"
    )
    kind = models.CharField(max_length=16, choices=RelationKind)
    to_agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="relations_in"
    )

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_agreement", "kind", "to_agreement"], name="relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_agreement=F("to_agreement")), name="relation_not_to_self"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="relation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.from_agreement} {RelationKind(self.kind).label.lower()} {self.to_agreement}"

    @property
    def label(self):
        return RelationKind(self.kind).label

    @property
    def inverse_label(self):
        return RelationKind(self.kind).inverse_label

    def clean(self):
        super().clean()
        if self.from_agreement_id and self.from_agreement_id == self.to_agreement_id:
            raise ValidationError({"to_agreement": "An agreement cannot relate to itself."})


@reversion.register()
class Citation(models.Model):
    """The passage of a source that supports an entry."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(blank=True, help_text="The passage that supports the entry.")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "source"], name="citation_unique_source"),
        ]

    def __str__(self):
        return f"{self.source} → {self.agreement}"
