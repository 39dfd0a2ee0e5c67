"""Forms of the admin's "New from article" page: the article, then the proposals to review."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django_countries import countries

from core.validators import CURRENCY_CODES, validate_language_tag
from parties.models import PartyKind

from ..models import AgreementKind, AgreementStatus, DatePrecision, RelationKind


class SourceForm(forms.Form):
    """Where the text comes from; becomes (or finds, by URL) the Source every entry cites."""

    title = forms.CharField(max_length=300, help_text="The headline of the article.")
    url = forms.URLField(label="URL", max_length=500, required=False, assume_scheme="https")
    publisher = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Relative dates in the text (“on Saturday”) are read from this day.",
    )
    language = forms.CharField(
        max_length=35, initial="en", required=False, validators=[validate_language_tag]
    )

    def source_data(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "url": data["url"],
            "publisher": data["publisher"],
            "published_on": data["published_on"],
            "language": data["language"] or "en",
        }


class ArticleForm(SourceForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=100_000,
        help_text="The body of the article, pasted as plain text.",
    )

    field_order = ["text", "title", "url", "publisher", "published_on", "language"]


class ReviewForm(SourceForm):
    """The source fields again (editable) and what the engine related between agreements."""

    relations = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_relations(self):
        try:
            relations = json.loads(self.cleaned_data["relations"] or "[]")
        except ValueError as error:
            raise ValidationError("The relations could not be read; extract again.") from error
        return [
            relation
            for relation in relations
            if isinstance(relation, dict) and relation.get("kind") in RelationKind.values
        ]


def _country_code(value):
    code = (value or "").strip().upper()
    if code and code not in dict(countries):
        raise ValidationError(f"“{code}” is not an ISO 3166-1 country code (e.g. KR, PE).")
    return code


class PartyProposalForm(forms.Form):
    keep = forms.BooleanField(required=False, label="Create")
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=PartyKind.choices)
    country = forms.CharField(max_length=2, required=False)
    matched = forms.CharField(required=False, widget=forms.HiddenInput)
    aliases = forms.CharField(required=False, widget=forms.HiddenInput)
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    quote = forms.CharField(required=False, widget=forms.HiddenInput)
    why = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_country(self):
        return _country_code(self.cleaned_data["country"])

    def clean(self):
        data = super().clean()
        new_state = data.get("keep") and not data.get("matched") and data.get("kind") == "state"
        if new_state and not data.get("country"):
            self.add_error("country", "A state needs its own country code.")
        return data

    @property
    def available(self):
        """A party agreements may name: an existing (matched) one, or a new one ticked."""
        data = self.cleaned_data
        return bool(data.get("matched")) or bool(data.get("keep"))


class AgreementProposalForm(forms.Form):
    keep = forms.BooleanField(required=False, label="Create")
    title = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 70}))
    kind = forms.ChoiceField(choices=AgreementKind.choices)
    status = forms.ChoiceField(choices=AgreementStatus.choices)
    signed_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    signed_on_precision = forms.ChoiceField(choices=DatePrecision.choices, initial="day")
    announced_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    value_amount = forms.DecimalField(
        required=False, max_digits=20, decimal_places=2, min_value=0, label="Value"
    )
    value_currency = forms.CharField(max_length=3, required=False, label="Currency")
    participants = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    participations = forms.CharField(required=False, widget=forms.HiddenInput)
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    why = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, party_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = list(party_choices)

    def clean_value_currency(self):
        code = (self.cleaned_data["value_currency"] or "").strip().upper()
        if code and code not in CURRENCY_CODES:
            raise ValidationError(f"“{code}” is not an ISO 4217 currency code (e.g. USD, EUR).")
        return code

    def clean_participations(self):
        try:
            value = json.loads(self.cleaned_data["participations"] or "{}")
        except ValueError as error:
            raise ValidationError("The roles could not be read; extract again.") from error
        return value if isinstance(value, dict) else {}

    def clean(self):
        data = super().clean()
        if not data.get("keep"):
            return data
        amount, currency = data.get("value_amount"), data.get("value_currency")
        if amount is not None and not currency:
            self.add_error("value_currency", "Give the currency of the amount (e.g. USD).")
        if amount is None and currency:
            self.add_error("value_amount", "A currency needs an amount.")
        if not data.get("participants"):
            self.add_error("participants", "Tick at least one party.")
        return data


PartyProposalFormSet = forms.formset_factory(PartyProposalForm, extra=0)
AgreementProposalFormSet = forms.formset_factory(AgreementProposalForm, extra=0)
