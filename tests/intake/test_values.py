"""Dates and amounts as news texts write them, and sentences cut as an editor would."""

from datetime import date
from decimal import Decimal

import pytest

from agreements.intake.text import read_document
from agreements.intake.values import find_amounts, find_dates

MONDAY = date(2024, 11, 18)


def _date(text, published_on=MONDAY):
    (mention,) = find_dates(text, published_on=published_on)
    return mention.value, mention.precision


def test_on_saturday_in_an_article_of_monday_is_the_saturday_before():
    assert _date("during their summit on Saturday.") == (date(2024, 11, 16), "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("signed on Monday", (date(2024, 11, 18), "day")),  # the day of publication
        ("signed last Monday", (date(2024, 11, 11), "day")),
        ("signed yesterday", (date(2024, 11, 17), "day")),
        ("the two sides will sign the deal on Friday", (date(2024, 11, 22), "day")),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(text, expected):
    assert _date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("signed on 3 March 2025", (date(2025, 3, 3), "day")),
        ("signed on March 3, 2025", (date(2025, 3, 3), "day")),
        ("signed on 2024-11-16", (date(2024, 11, 16), "day")),
        ("signed on March 3 in Tokyo", (date(2024, 3, 3), "day")),
        ("signed in December 2022", (date(2022, 12, 1), "month")),
        ("a December 2022 contract", (date(2022, 12, 1), "month")),
        ("under a 2022 framework agreement", (date(2022, 1, 1), "year")),
    ],
)
def test_absolute_dates_keep_their_precision(text, expected):
    assert _date(text) == expected


def test_a_day_and_month_without_a_year_is_not_in_the_future():
    assert _date("signed on 20 December", published_on=date(2025, 1, 10)) == (
        date(2024, 12, 20),
        "day",
    )


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("an existing $463 million contract", "463000000", "USD"),
        ("worth KRW 1.2 trillion", "1200000000000", "KRW"),
        ("a €40m loan agreement", "40000000", "EUR"),
        ("valued at US$2.5 billion", "2500000000", "USD"),
        ("a loan of 1.5 billion yuan", "1500000000", "CNY"),
        ("worth ¥30 billion", "30000000000", "JPY"),
        ("a 12.4 billion yen contract", "12400000000", "JPY"),
        ("worth 310 million euros", "310000000", "EUR"),
        ("a loan of 4.6 billion zlotys", "4600000000", "PLN"),
        ("1.2 trillion won", "1200000000000", "KRW"),
        ("USD 5,000,000", "5000000", "USD"),
        ("£250m", "250000000", "GBP"),
    ],
)
def test_amounts_with_their_currency(text, amount, currency):
    (mention,) = find_amounts(text)
    assert (mention.amount_text, mention.currency) == (amount, currency)
    assert mention.amount == Decimal(amount)


def test_a_conversion_in_parentheses_is_not_a_second_value():
    first, conversion = find_amounts("worth KRW 1.2 trillion ($870 million) with Poland")
    assert (first.currency, first.parenthetical) == ("KRW", False)
    assert (conversion.currency, conversion.parenthetical) == ("USD", True)


def test_numbers_without_a_currency_are_not_amounts():
    assert find_amounts("200 megawatts, 96 howitzers and 44-meter vessels in 2027") == []


def test_sentences_are_not_cut_after_abbreviations():
    document = read_document(
        "The U.S. Navy signed it. Energía Pacífico S.A. awarded the contract. It is done."
    )
    assert [s.text for s in document.sentences] == [
        "The U.S. Navy signed it.",
        "Energía Pacífico S.A. awarded the contract.",
        "It is done.",
    ]


def test_headline_header_and_dateline_are_not_sentences():
    document = read_document(
        "Brazil and China sign loan\n\nBEIJING, Sept 26 (Accords Wire) — Brazil signed it. "
        "China too."
    )
    assert document.headline == "Brazil and China sign loan"
    assert document.dateline_city == "Beijing"
    assert [s.text for s in document.sentences] == ["Brazil signed it.", "China too."]
    assert read_document("date 2024-11-18 Peru signed.").header_date == MONDAY
