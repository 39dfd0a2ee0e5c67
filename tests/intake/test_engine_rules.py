"""The rules of the intake engine one by one, on short wire-style texts (no register)."""

from datetime import date

from agreements.intake.engine import extract_article

WEDNESDAY = date(2025, 6, 11)


def _read(text, published_on=WEDNESDAY):
    return extract_article(text, published_on=published_on, match=None)


def _kinds(result):
    return [(a["kind"], sorted(a["participants"])) for a in result["agreements"]]


def test_a_hypothetical_instrument_is_not_proposed():
    result = _read(
        "Germany and Chile signed a letter of intent on Tuesday, a first step towards a "
        "framework agreement that officials hope to conclude next year."
    )
    assert _kinds(result) == [
        ("letter_of_intent", ["Federal Republic of Germany", "Republic of Chile"])
    ]
    assert result["agreements"][0]["signed_on"] == "2025-06-10"


def test_a_deal_to_buy_goods_is_a_contract_and_the_day_it_was_announced_is_not_its_date():
    result = _read(
        "Indonesia has ordered two frigates from French shipbuilder Naval Atlantique in a deal "
        "worth €1.4bn, the defence ministry said on Tuesday."
    )
    (deal,) = result["agreements"]
    assert (deal["kind"], deal["signed_on"]) == ("contract", None)
    assert deal["value"] == {"amount": "1400000000", "currency": "EUR"}
    parties = {p["name"]: (p["kind"], p["country"]) for p in result["parties"]}
    assert parties["Naval Atlantique"] == ("company", "FR")


def test_signed_by_names_who_represents_each_party():
    result = _read(
        "South Korea's Hanseong Defense Systems signed a contract with Poland's Armament Agency "
        "on Tuesday. The contract was signed in Warsaw by Hanseong chief executive Park Jin-ho "
        "and Polish Deputy Defence Minister Tomasz Wrona."
    )
    (contract,) = result["agreements"]
    assert {(p["party"], p["representative"]) for p in contract["participations"]} == {
        ("Hanseong Defense Systems", "Park Jin-ho"),
        ("Armament Agency", "Tomasz Wrona"),
    }


def test_a_later_sentence_about_an_instrument_does_not_change_its_parties():
    result = _read(
        "Australia and Vietnam signed a memorandum of understanding on Tuesday. The memorandum "
        "also commits Australia's science agency to share data with the Vietnam Institute of "
        "Geosciences."
    )
    assert _kinds(result) == [
        ("mou", ["Commonwealth of Australia", "Socialist Republic of Viet Nam"])
    ]


def test_separately_reported_instruments_do_not_take_the_date_of_the_event():
    result = _read(
        "Japan and the Philippines signed a loan agreement on Tuesday. Separately, Osaka-based "
        "shipbuilder Kaiyo Marine Industries said it had won a 12.4 billion yen contract from "
        "the Philippine Coast Guard."
    )
    loan, contract = result["agreements"]
    assert loan["signed_on"] == "2025-06-10"
    assert contract["signed_on"] is None
    assert {p["party"]: p["role"] for p in contract["participations"]} == {
        "Kaiyo Marine Industries": "contractor",
        "Philippine Coast Guard": "client",
    }


def test_an_earlier_instrument_keeps_the_date_the_text_gives_it():
    result = _read(
        "The deals build on the Reciprocal Access Agreement that the two countries signed in "
        "July 2024. Japan and the Philippines also signed a protocol."
    )
    named = next(a for a in result["agreements"] if a["title"] == "Reciprocal Access Agreement")
    assert (named["kind"], named["signed_on"], named["signed_on_precision"]) == (
        "other",
        "2024-07-01",
        "month",
    )


def test_an_acronym_that_does_not_spell_the_english_name_is_the_partys_own_name():
    result = _read(
        "Hyundai Rotem inked a cooperation agreement with Peru’s Army Weapons and Ammunition "
        "Factory (FAME) on Monday."
    )
    fame = next(p for p in result["parties"] if p["name"] == "FAME")
    assert fame["aliases"] == ["Army Weapons and Ammunition Factory"]
    assert (fame["kind"], fame["country"]) == ("state_enterprise", "PE")
    kai = _read("Korea Aerospace Industries (KAI) signed an MOU with SEMAN on Monday.")["parties"][
        0
    ]
    assert (kai["name"], kai["aliases"], kai["country"]) == (
        "Korea Aerospace Industries",
        ["KAI"],
        "KR",
    )


def test_a_text_without_agreements_proposes_nothing():
    result = _read("Bilateral trade reached a record US$160 billion last year, officials said.")
    assert result["agreements"] == [] and result["parties"] == []
