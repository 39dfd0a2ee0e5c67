"""Every named database constraint refuses a bad row on its own, and `full_clean()`
explains the same rule to an editor with a readable message on the right field.

The database half bypasses model validation (QuerySet.update(), Model.save() of an
unvalidated instance) and expects IntegrityError; the form half calls full_clean()."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from agreements.models import (
    Agreement,
    AgreementRelation,
    Citation,
    Event,
    Participation,
    Sector,
    Source,
)
from parties.models import Party, PartyAlias, PartyKind
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_party,
    make_relation,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 11, 16)


# --- helpers ---------------------------------------------------------------------------


@contextmanager
def database_refuses(*evidence):
    """Expect IntegrityError from the block; its message must mention every `evidence`.

    A check constraint is named in the message by both SQLite and PostgreSQL; a unique
    constraint is reported by column on both (“parties_party.slug”, “Key (slug)=…”).
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    message = str(excinfo.value)
    for fragment in evidence:
        assert fragment in message, message


def full_clean_errors(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def assert_readable_error(instance, field, fragment):
    """full_clean() refuses `instance`, with a message on `field` that mentions `fragment`
    in words, not Django's generic “Constraint … is violated.”"""
    errors = full_clean_errors(instance)
    assert field in errors, errors
    text = " ".join(errors[field])
    assert fragment.lower() in text.lower(), text
    assert "is violated" not in text, text


def make_participation(*, agreement=None, party=None, **fields):
    return Participation.objects.create(
        agreement=agreement or make_agreement(), party=party or make_party(), **fields
    )


def make_relation_between_two():
    return make_relation(from_agreement=make_agreement(), to_agreement=make_agreement())


def make_valued_agreement():
    return make_agreement(value_amount=Decimal("300000000.00"), value_currency="USD")


def make_dated_agreement():
    return make_agreement(signed_on=SIGNED, expires_on=datetime.date(2029, 11, 16))


def make_dated_event():
    return make_event(starts_on=datetime.date(2024, 11, 14), ends_on=datetime.date(2024, 11, 16))


# --- vocabularies: every TextChoices column is checked by the database -----------------

VOCABULARY_CASES = [
    pytest.param(make_party, "kind", "party_kind_valid", id="party_kind_valid"),
    pytest.param(
        make_party, "publication", "party_publication_valid", id="party_publication_valid"
    ),
    pytest.param(make_event, "kind", "event_kind_valid", id="event_kind_valid"),
    pytest.param(make_agreement, "kind", "agreement_kind_valid", id="agreement_kind_valid"),
    pytest.param(make_agreement, "status", "agreement_status_valid", id="agreement_status_valid"),
    pytest.param(
        make_agreement,
        "legal_nature",
        "agreement_legal_nature_valid",
        id="agreement_legal_nature_valid",
    ),
    pytest.param(
        make_agreement,
        "signed_on_precision",
        "agreement_precision_valid",
        id="agreement_precision_valid",
    ),
    pytest.param(
        make_agreement,
        "publication",
        "agreement_publication_valid",
        id="agreement_publication_valid",
    ),
    pytest.param(
        make_participation, "role", "participation_role_valid", id="participation_role_valid"
    ),
    pytest.param(
        make_relation_between_two, "kind", "relation_kind_valid", id="relation_kind_valid"
    ),
]


@pytest.mark.parametrize(("make_row", "field", "constraint"), VOCABULARY_CASES)
def test_database_refuses_a_value_outside_the_vocabulary(make_row, field, constraint):
    row = make_row()
    with database_refuses(constraint):
        type(row).objects.filter(pk=row.pk).update(**{field: "bogus"})
    row.refresh_from_db()
    assert getattr(row, field) != "bogus"


@pytest.mark.parametrize(("make_row", "field", "constraint"), VOCABULARY_CASES)
def test_full_clean_refuses_a_value_outside_the_vocabulary(make_row, field, constraint):
    row = make_row()
    row.full_clean()  # valid as made
    setattr(row, field, "bogus")
    assert_readable_error(row, field, "not a valid choice")


# --- rules between columns --------------------------------------------------------------

RULE_CASES = [
    pytest.param(
        make_party,
        lambda party: {"parent": party},
        "party_not_own_parent",
        "parent",
        "cannot be its own parent",
        id="party_not_own_parent",
    ),
    pytest.param(
        lambda: make_party(kind=PartyKind.STATE, country="PE"),
        lambda party: {"country": ""},
        "party_state_has_country",
        "country",
        "state needs its own country",
        id="party_state_has_country",
    ),
    pytest.param(
        make_dated_event,
        lambda event: {"ends_on": datetime.date(2024, 11, 13)},
        "event_ends_after_start",
        "ends_on",
        "cannot end before it starts",
        id="event_ends_after_start",
    ),
    pytest.param(
        make_event,
        lambda event: {"parent": event},
        "event_not_own_parent",
        "parent",
        "cannot be its own parent",
        id="event_not_own_parent",
    ),
    pytest.param(
        make_valued_agreement,
        lambda agreement: {"value_amount": Decimal("-1.00")},
        "agreement_value_not_negative",
        "value_amount",
        "negative",
        id="agreement_value_not_negative",
    ),
    pytest.param(
        make_valued_agreement,
        lambda agreement: {"value_currency": ""},
        "agreement_currency_with_amount",
        "value_currency",
        "currency of the amount",
        id="agreement_currency_with_amount-amount_without_currency",
    ),
    pytest.param(
        make_valued_agreement,
        lambda agreement: {"value_amount": None},
        "agreement_currency_with_amount",
        "value_amount",
        "needs an amount",
        id="agreement_currency_with_amount-currency_without_amount",
    ),
    pytest.param(
        make_dated_agreement,
        lambda agreement: {"expires_on": SIGNED - datetime.timedelta(days=1)},
        "agreement_expires_after_signing",
        "expires_on",
        "cannot expire before it is signed",
        id="agreement_expires_after_signing",
    ),
    pytest.param(
        make_relation_between_two,
        lambda relation: {"to_agreement": relation.from_agreement},
        "relation_not_to_self",
        "to_agreement",
        "cannot relate to itself",
        id="relation_not_to_self",
    ),
]


@pytest.mark.parametrize(("make_row", "spoil", "constraint", "field", "message"), RULE_CASES)
def test_database_refuses_a_row_that_breaks_the_rule(make_row, spoil, constraint, field, message):
    row = make_row()
    bad_values = spoil(row)
    with database_refuses(constraint):
        type(row).objects.filter(pk=row.pk).update(**bad_values)
    row.refresh_from_db()
    for name, value in bad_values.items():
        assert getattr(row, name) != value


@pytest.mark.parametrize(("make_row", "spoil", "constraint", "field", "message"), RULE_CASES)
def test_full_clean_explains_the_rule_on_the_right_field(
    make_row, spoil, constraint, field, message
):
    row = make_row()
    row.full_clean()  # valid as made
    for name, value in spoil(row).items():
        setattr(row, name, value)
    assert_readable_error(row, field, message)


def test_database_refuses_a_negative_amount_on_create():
    with database_refuses("agreement_value_not_negative"):
        Agreement.objects.create(
            title="Negative",
            slug="negative",
            kind="mou",
            value_amount=Decimal("-5"),
            value_currency="USD",
        )
    assert not Agreement.objects.filter(slug="negative").exists()


BOUNDARY_CASES = [
    pytest.param(make_dated_event, {"ends_on": datetime.date(2024, 11, 14)}, id="one_day_event"),
    pytest.param(make_dated_event, {"ends_on": None}, id="event_without_end"),
    pytest.param(make_valued_agreement, {"value_amount": Decimal("0.00")}, id="zero_amount"),
    pytest.param(
        make_valued_agreement, {"value_amount": None, "value_currency": ""}, id="no_value_at_all"
    ),
    pytest.param(make_dated_agreement, {"expires_on": SIGNED}, id="expires_on_signing_day"),
    pytest.param(make_dated_agreement, {"signed_on": None}, id="expiry_without_signing_date"),
    pytest.param(
        lambda: make_party(kind=PartyKind.COMPANY), {"country": ""}, id="company_without_country"
    ),
]


@pytest.mark.parametrize(("make_row", "values"), BOUNDARY_CASES)
def test_rules_accept_the_edge_of_what_is_allowed(make_row, values):
    row = make_row()
    type(row).objects.filter(pk=row.pk).update(**values)
    row.refresh_from_db()
    for name, value in values.items():
        assert getattr(row, name) == value
    row.full_clean()


# --- uniqueness -------------------------------------------------------------------------

UNIQUE_CASES = [
    pytest.param(
        lambda: make_party(slug="republic-of-korea"),
        lambda first: Party(
            name="Another Korea", slug=first.slug, kind=PartyKind.COMPANY, country="KR"
        ),
        ("slug",),
        "slug",
        id="party_slug_unique",
    ),
    pytest.param(
        lambda: make_agreement(slug="kf-21-mou"),
        lambda first: Agreement(title="Another MOU", slug=first.slug, kind="mou"),
        ("slug",),
        "slug",
        id="agreement_slug_unique",
    ),
    pytest.param(
        lambda: make_event(slug="apec-2024"),
        lambda first: Event(name="Another APEC", slug=first.slug),
        ("slug",),
        "slug",
        id="event_slug_unique",
    ),
    pytest.param(
        lambda: make_sector(name="Defense", slug="defense"),
        lambda first: Sector(name="Defence", slug=first.slug),
        ("slug",),
        "slug",
        id="sector_slug_unique",
    ),
    pytest.param(
        lambda: PartyAlias.objects.create(party=make_party(), name="KAI", language="en"),
        lambda first: PartyAlias(party=first.party, name=first.name, language=first.language),
        ("party_id", "name", "language"),
        NON_FIELD_ERRORS,
        id="partyalias_unique_per_party",
    ),
    pytest.param(
        lambda: make_participation(role="client"),
        lambda first: Participation(agreement=first.agreement, party=first.party, role=first.role),
        ("agreement_id", "party_id", "role"),
        NON_FIELD_ERRORS,
        id="participation_unique_role",
    ),
    pytest.param(
        make_relation_between_two,
        lambda first: AgreementRelation(
            from_agreement=first.from_agreement, kind=first.kind, to_agreement=first.to_agreement
        ),
        ("from_agreement_id", "kind", "to_agreement_id"),
        NON_FIELD_ERRORS,
        id="relation_unique",
    ),
    pytest.param(
        lambda: make_citation(agreement=make_agreement()),
        lambda first: Citation(agreement=first.agreement, source=first.source, quote="Again."),
        ("agreement_id", "source_id"),
        NON_FIELD_ERRORS,
        id="citation_unique_source",
    ),
]


@pytest.mark.parametrize(("make_first", "build_duplicate", "columns", "field"), UNIQUE_CASES)
def test_database_refuses_a_duplicate(make_first, build_duplicate, columns, field):
    first = make_first()
    duplicate = build_duplicate(first)
    with database_refuses(*columns):
        duplicate.save()
    assert type(first).objects.count() == 1


@pytest.mark.parametrize(("make_first", "build_duplicate", "columns", "field"), UNIQUE_CASES)
def test_full_clean_says_the_duplicate_already_exists(make_first, build_duplicate, columns, field):
    first = make_first()
    assert_readable_error(build_duplicate(first), field, "already exists")


def test_alias_may_repeat_in_another_language_or_on_another_party():
    kai = make_party(name="Korea Aerospace Industries")
    PartyAlias.objects.create(party=kai, name="KAI", language="en")
    for alias in (
        PartyAlias(party=kai, name="KAI", language="ko"),
        PartyAlias(party=make_party(), name="KAI", language="en"),
    ):
        alias.full_clean()
        alias.save()
    assert PartyAlias.objects.filter(name="KAI").count() == 3


def test_party_may_take_two_roles_in_one_agreement():
    participation = make_participation(role="client")
    second = Participation(
        agreement=participation.agreement, party=participation.party, role="financier"
    )
    second.full_clean()
    second.save()
    assert participation.agreement.participations.count() == 2


def test_two_sources_without_url_are_fine():
    make_source(title="Interview notes", url="")
    second = Source(title="Press conference", url="")
    second.full_clean()
    second.save()
    assert Source.objects.filter(url="").count() == 2


def test_database_refuses_two_sources_with_the_same_url():
    url = "https://www.korea.net/NewsFocus/Policies/view?articleId=262021"
    make_source(title="Korea.net", url=url)
    with database_refuses("url"):
        Source(title="Same article, again", url=url).save()
    assert Source.objects.filter(url=url).count() == 1


def test_full_clean_refuses_two_sources_with_the_same_url():
    url = "https://www.korea.net/NewsFocus/Policies/view?articleId=262021"
    make_source(title="Korea.net", url=url)
    with pytest.raises(ValidationError):
        Source(title="Same article, again", url=url).full_clean()


def test_full_clean_says_on_the_url_that_the_source_already_exists():
    url = "https://www.korea.net/NewsFocus/Policies/view?articleId=262021"
    make_source(title="Korea.net", url=url)
    assert_readable_error(Source(title="Same article, again", url=url), "url", "already")


# --- clean() rules the database cannot express ------------------------------------------


def test_representative_must_be_a_person():
    company = make_party(kind=PartyKind.COMPANY)
    participation = Participation(
        agreement=make_agreement(), party=make_party(kind=PartyKind.STATE), representative=company
    )
    assert_readable_error(participation, "representative", "must be a party of kind “person”")


def test_a_person_can_represent_a_party():
    president = make_party(name="Dina Boluarte", kind=PartyKind.PERSON, country="PE")
    participation = Participation(
        agreement=make_agreement(),
        party=make_party(kind=PartyKind.STATE, country="PE"),
        representative=president,
        representative_title="President",
    )
    participation.full_clean()


def test_a_person_cannot_represent_themselves():
    person = make_party(kind=PartyKind.PERSON)
    participation = Participation(agreement=make_agreement(), party=person, representative=person)
    assert_readable_error(participation, "representative", "cannot represent itself")


def test_party_clean_refuses_a_parent_loop_of_two():
    peru = make_party(name="Peru", kind=PartyKind.STATE, country="PE")
    navy = make_party(
        name="Peruvian Navy", kind=PartyKind.GOVERNMENT_BODY, country="PE", parent=peru
    )
    peru.parent = navy
    assert_readable_error(peru, "parent", "loop")


def test_party_clean_refuses_a_longer_parent_loop():
    peru = make_party(name="Peru", kind=PartyKind.STATE, country="PE")
    navy = make_party(
        name="Peruvian Navy", kind=PartyKind.GOVERNMENT_BODY, country="PE", parent=peru
    )
    sima = make_party(name="SIMA", kind=PartyKind.STATE_ENTERPRISE, country="PE", parent=navy)
    peru.parent = sima
    assert_readable_error(peru, "parent", "loop")


def test_event_clean_refuses_a_parent_loop():
    apec = make_event(name="APEC Economic Leaders' Week 2024")
    summit = make_event(name="Korea–Peru summit", parent=apec)
    apec.parent = summit
    assert_readable_error(apec, "parent", "loop")


def test_party_clean_accepts_a_parent_chain_without_loop():
    peru = make_party(name="Peru", kind=PartyKind.STATE, country="PE")
    navy = make_party(
        name="Peruvian Navy", kind=PartyKind.GOVERNMENT_BODY, country="PE", parent=peru
    )
    sima = make_party(name="SIMA", kind=PartyKind.STATE_ENTERPRISE, country="PE")
    sima.parent = navy
    sima.full_clean()


# --- PROTECT: deleting what agreements rely on is refused --------------------------------


def test_deleting_a_party_of_an_agreement_is_refused():
    korea = make_party(name="Republic of Korea", kind=PartyKind.STATE, country="KR")
    agreement = make_agreement(parties=[korea])
    with pytest.raises(ProtectedError):
        korea.delete()
    assert Party.objects.filter(pk=korea.pk).exists()
    assert agreement.participations.filter(party=korea).exists()


def test_deleting_a_representative_in_an_agreement_is_refused():
    president = make_party(name="Yoon Suk Yeol", kind=PartyKind.PERSON, country="KR")
    korea = make_party(name="Republic of Korea", kind=PartyKind.STATE, country="KR")
    participation = make_participation(party=korea, representative=president)
    with pytest.raises(ProtectedError):
        president.delete()
    assert Party.objects.filter(pk=president.pk).exists()
    participation.refresh_from_db()
    assert participation.representative_id == president.pk


def test_deleting_a_cited_source_is_refused():
    citation = make_citation(agreement=make_agreement())
    with pytest.raises(ProtectedError):
        citation.source.delete()
    assert Source.objects.filter(pk=citation.source_id).exists()
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_deleting_an_event_with_agreements_is_refused():
    summit = make_event(name="Korea–Peru summit")
    agreement = make_agreement(event=summit)
    with pytest.raises(ProtectedError):
        summit.delete()
    assert Event.objects.filter(pk=summit.pk).exists()
    agreement.refresh_from_db()
    assert agreement.event_id == summit.pk


def test_unreferenced_party_source_and_event_can_be_deleted():
    party, source, event = make_party(), make_source(), make_event()
    for row in (party, source, event):
        row.delete()
    assert not Party.objects.filter(pk=party.pk).exists()
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not Event.objects.filter(pk=event.pk).exists()
