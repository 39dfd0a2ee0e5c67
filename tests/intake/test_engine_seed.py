"""The seed article (DESIGN.md §7) read by the intake engine, on an empty register and after the demo."""

from datetime import date

import pytest

from agreements.intake.engine import extract_article
from agreements.intake.text import read_document
from tests.factories import make_party

from .conftest import SEED_PUBLISHED_ON

pytestmark = pytest.mark.django_db

DEMO_PARTIES = {
    # name: (kind, country, slug in the demo)
    "Republic of Korea": ("state", "KR", "republic-of-korea"),
    "Republic of Peru": ("state", "PE", "republic-of-peru"),
    "Yoon Suk Yeol": ("person", "KR", "yoon-suk-yeol"),
    "Dina Boluarte": ("person", "PE", "dina-boluarte"),
    "HD Hyundai Heavy Industries": ("company", "KR", "hd-hyundai-heavy-industries"),
    "SIMA": ("state_enterprise", "PE", "sima"),
    "Peruvian Navy": ("government_body", "PE", "peruvian-navy"),
    "Korea Aerospace Industries": ("company", "KR", "korea-aerospace-industries"),
    "SEMAN": ("state_enterprise", "PE", "seman"),
    "Hyundai Rotem": ("company", "KR", "hyundai-rotem"),
    "FAME": ("state_enterprise", "PE", "fame"),
}
STATES = {"Republic of Korea", "Republic of Peru"}
INSTRUMENTS = [
    ("mou", {"HD Hyundai Heavy Industries", "SIMA"}),
    ("contract", {"HD Hyundai Heavy Industries", "Peruvian Navy"}),
    ("mou", {"Korea Aerospace Industries", "SEMAN"}),
    ("cooperation_agreement", {"Hyundai Rotem", "FAME"}),
    ("joint_statement", STATES),
    ("mou", STATES),  # critical minerals
    ("pledge", STATES),  # Chinchero Airport
]
SUMMIT_DAY = "2024-11-16"


@pytest.fixture
def proposals(seed_text):
    return extract_article(seed_text, published_on=SEED_PUBLISHED_ON)


def _agreement(proposals, kind, participants):
    (found,) = [
        a
        for a in proposals["agreements"]
        if a["kind"] == kind and set(a["participants"]) == participants
    ]
    return found


def test_on_an_empty_register_the_seed_proposes_the_eleven_parties_of_the_demo(proposals):
    found = {p["name"]: (p["kind"], p["country"], p["matched"]) for p in proposals["parties"]}
    assert found == {
        name: (kind, country, None) for name, (kind, country, _) in DEMO_PARTIES.items()
    }


def test_the_seed_proposes_the_six_instruments_and_the_chinchero_pledge(proposals):
    found = [(a["kind"], set(a["participants"])) for a in proposals["agreements"]]
    assert sorted(found, key=repr) == sorted(INSTRUMENTS, key=repr)


def test_the_existing_contract_has_the_463_million_value_and_no_signing_date(proposals):
    contract = _agreement(proposals, "contract", {"HD Hyundai Heavy Industries", "Peruvian Navy"})
    assert contract["value"] == {"amount": "463000000", "currency": "USD"}
    assert contract["signed_on"] is None
    assert contract["quote"] == (
        "This agreement builds on Hyundai’s existing $463 million contract to deliver naval "
        "vessels to the Peruvian Navy."
    )
    roles = {p["party"]: p["role"] for p in contract["participations"]}
    assert roles == {"HD Hyundai Heavy Industries": "contractor", "Peruvian Navy": "client"}


def test_instruments_signed_at_the_summit_are_dated_saturday_16_november(proposals):
    signed = [a for a in proposals["agreements"] if a["kind"] not in {"contract", "pledge"}]
    assert {(a["signed_on"], a["signed_on_precision"]) for a in signed} == {(SUMMIT_DAY, "day")}
    pledge = _agreement(proposals, "pledge", STATES)
    assert (pledge["signed_on"], pledge["announced_on"]) == (None, SUMMIT_DAY)


def test_the_leaders_are_their_states_with_the_presidents_as_representatives(proposals):
    minerals = _agreement(proposals, "mou", STATES)
    assert "critical minerals" in minerals["title"]
    assert {
        (p["party"], p["representative"], p["representative_title"])
        for p in minerals["participations"]
    } == {
        ("Republic of Korea", "Yoon Suk Yeol", "President"),
        ("Republic of Peru", "Dina Boluarte", "President"),
    }


def test_the_submarine_mou_builds_on_the_contract(proposals):
    agreements = proposals["agreements"]
    relations = {
        (agreements[r["from"]]["kind"], r["kind"], agreements[r["to"]]["kind"])
        for r in proposals["relations"]
    }
    assert relations == {("mou", "builds_on", "contract")}
    mou = agreements[proposals["relations"][0]["from"]]
    assert set(mou["participants"]) == {"HD Hyundai Heavy Industries", "SIMA"}


def test_every_proposal_quotes_a_whole_sentence_of_the_article(proposals, seed_text):
    sentences = {sentence.text for sentence in read_document(seed_text).sentences}
    quotes = [p["quote"] for p in proposals["parties"]] + [
        a["quote"] for a in proposals["agreements"]
    ]
    assert quotes and all(quote in sentences for quote in quotes)
    assert all(quote in seed_text for quote in quotes)


def test_every_guess_is_explained(proposals):
    assert all(p["why"] for p in proposals["parties"])
    assert all(a["why"] for a in proposals["agreements"])
    fame = next(p for p in proposals["parties"] if p["name"] == "FAME")
    assert fame["aliases"] == ["Army Weapons and Ammunition Factory"]
    assert fame["parent"] == "Republic of Peru"


def test_the_engine_is_deterministic(seed_text):
    first = extract_article(seed_text, published_on=SEED_PUBLISHED_ON)
    assert extract_article(seed_text, published_on=SEED_PUBLISHED_ON) == first


def test_the_publication_date_defaults_to_the_date_line_of_the_text(seed_text):
    assert seed_text.lstrip().startswith("date 2024-11-18")
    assert extract_article(seed_text)["published_on"] == "2024-11-18"


def test_after_load_demo_every_party_is_matched_to_the_existing_one(demo, seed_text):
    proposals = extract_article(seed_text, published_on=SEED_PUBLISHED_ON)
    found = {p["name"]: p["matched"] for p in proposals["parties"]}
    assert found == {name: slug for name, (_, _, slug) in DEMO_PARTIES.items()}


def test_matching_goes_through_aliases_accents_and_case():
    peru = make_party(name="República del Perú", kind="state", country="PE")
    navy = make_party(
        name="Marina de Guerra del Perú",
        kind="government_body",
        country="PE",
        aliases=["peruvian navy:en"],
    )
    text = "The Peruvian Navy signed a contract with Peru’s state-owned shipyard SIMA on Friday."
    proposals = extract_article(text, published_on=date(2024, 11, 18))
    matched = {p["matched"] for p in proposals["parties"]}
    assert navy.slug in matched
    assert peru.slug not in matched, "Peru is only a modifier here, not a party"
    (contract,) = proposals["agreements"]
    assert "Marina de Guerra del Perú" in contract["participants"]


def test_a_name_of_another_country_is_not_matched():
    make_party(name="Armament Agency", kind="government_body", country="KR")
    proposals = extract_article(
        "Poland's Armament Agency signed a contract with Hanseong Defense Systems on Tuesday.",
        published_on=date(2025, 10, 22),
    )
    agency = next(p for p in proposals["parties"] if p["name"] == "Armament Agency")
    assert (agency["country"], agency["matched"]) == ("PL", None)
