"""`intake_create_drafts`: one transaction from kept proposals to draft entries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agreements.intake.services import intake_create_drafts
from agreements.models import Agreement, AgreementRelation, Citation, Participation, Source
from core.models import Publication
from parties.models import Party
from tests.factories import make_party, make_user

pytestmark = pytest.mark.django_db

SOURCE = {
    "title": "South Korea and Peru agree to strengthen defense and minerals cooperation",
    "url": "https://news.example/korea-peru",
    "publisher": "Example News",
    "published_on": date(2024, 11, 18),
    "language": "en",
}


def _proposals(korea):
    parties = [
        {"key": "0", "name": korea.name, "kind": "state", "country": "KR", "matched": korea.slug},
        {"key": "1", "name": "Republic of Peru", "kind": "state", "country": "PE", "matched": ""},
        {"key": "2", "name": "Yoon Suk Yeol", "kind": "person", "country": "KR", "matched": ""},
        {
            "key": "3",
            "name": "FAME",
            "kind": "state_enterprise",
            "country": "PE",
            "matched": "",
            "aliases": ["Army Weapons and Ammunition Factory"],
            "parent": "1",
        },
    ]
    agreements = [
        {
            "key": "0",
            "title": "Korea–Peru MOU on critical minerals",
            "kind": "mou",
            "status": "signed",
            "signed_on": date(2024, 11, 16),
            "signed_on_precision": "day",
            "value_amount": None,
            "value_currency": "",
            "quote": "The leaders also signed an MOU focusing on critical minerals.",
            "participations": [
                {
                    "party": "0",
                    "role": "party",
                    "representative": "2",
                    "representative_title": "President",
                },
                {"party": "1", "role": "party", "representative": None, "representative_title": ""},
            ],
        },
        {
            "key": "1",
            "title": "Peru–FAME contract",
            "kind": "contract",
            "status": "signed",
            "signed_on": None,
            "value_amount": Decimal("463000000"),
            "value_currency": "USD",
            "quote": "A contract.",
            "participations": [
                {"party": "3", "role": "contractor"},
                {"party": "1", "role": "client"},
            ],
        },
    ]
    return parties, agreements


def test_drafts_are_created_with_participations_citations_and_relations():
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    editor = make_user()
    parties, agreements = _proposals(korea)
    result = intake_create_drafts(
        source_data=SOURCE,
        parties=parties,
        agreements=agreements,
        relations=[{"from": "1", "kind": "builds_on", "to": "0"}],
        by=editor,
    )
    assert result.source_created and Source.objects.count() == 1
    assert {p.name for p in result.parties_created} == {"Republic of Peru", "Yoon Suk Yeol", "FAME"}
    assert result.parties_reused == [korea]
    fame = Party.objects.get(name="FAME")
    assert (fame.publication, fame.parent.name, fame.created_by) == (
        "draft",
        "Republic of Peru",
        editor,
    )
    assert list(fame.aliases.values_list("name", flat=True)) == [
        "Army Weapons and Ammunition Factory"
    ]
    minerals = Agreement.objects.get(title="Korea–Peru MOU on critical minerals")
    assert (minerals.publication, minerals.legal_nature, minerals.created_by) == (
        Publication.DRAFT,
        "non_binding",
        editor,
    )
    yoon = Participation.objects.get(agreement=minerals, party=korea)
    assert (yoon.representative.name, yoon.representative_title) == ("Yoon Suk Yeol", "President")
    contract = Agreement.objects.get(title="Peru–FAME contract")
    assert (contract.value_amount, contract.value_currency) == (Decimal("463000000"), "USD")
    assert set(contract.participations.values_list("party__name", "role")) == {
        ("FAME", "contractor"),
        ("Republic of Peru", "client"),
    }
    assert Citation.objects.filter(source=result.source).count() == 2
    assert AgreementRelation.objects.filter(
        from_agreement=contract, kind="builds_on", to_agreement=minerals
    ).exists()
    assert not Agreement.objects.published().exists()
    assert korea.agreements.count() == 1


def test_a_second_identical_intake_creates_nothing_new():
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    parties, agreements = _proposals(korea)
    intake_create_drafts(source_data=SOURCE, parties=parties, agreements=agreements, by=None)
    counts = (Source.objects.count(), Party.objects.count(), Agreement.objects.count())
    again = intake_create_drafts(
        source_data=SOURCE, parties=parties, agreements=agreements, by=None
    )
    assert (Source.objects.count(), Party.objects.count(), Agreement.objects.count()) == counts
    assert not again.source_created and not again.agreements_created
    assert len(again.agreements_existing) == 2


def test_the_source_is_upserted_by_url_and_not_overwritten():
    existing = Source.objects.create(title="Original title", url=SOURCE["url"])
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    parties, agreements = _proposals(korea)
    result = intake_create_drafts(
        source_data=SOURCE, parties=parties, agreements=agreements, by=None
    )
    assert result.source == existing and not result.source_created
    assert Source.objects.get().title == "Original title"


def test_nothing_is_created_when_one_entry_is_invalid():
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    parties, agreements = _proposals(korea)
    agreements[1]["value_currency"] = "XYZ"
    with pytest.raises(ValidationError, match="Peru–FAME contract"):
        intake_create_drafts(source_data=SOURCE, parties=parties, agreements=agreements, by=None)
    assert not Source.objects.exists()
    assert list(Party.objects.all()) == [korea]
    assert not Agreement.objects.exists()


def test_a_participant_that_is_not_kept_is_refused():
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    parties, agreements = _proposals(korea)
    parties = [p for p in parties if p["name"] != "FAME"]
    with pytest.raises(ValidationError, match="not kept"):
        intake_create_drafts(source_data=SOURCE, parties=parties, agreements=agreements, by=None)
    assert not Agreement.objects.exists()


def test_the_created_entries_have_a_version_naming_the_article():
    from reversion.models import Version

    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    parties, agreements = _proposals(korea)
    result = intake_create_drafts(
        source_data=SOURCE, parties=parties, agreements=agreements, by=None
    )
    versions = Version.objects.get_for_object(result.agreements_created[0])
    assert versions.count() == 1
    assert versions.get().revision.comment == f"Created from the article “{SOURCE['title']}”"
