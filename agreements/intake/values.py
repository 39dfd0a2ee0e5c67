"""Dates and amounts in a sentence, found with regular expressions.

Dates: "on Saturday" (resolved against the publication date: the last Saturday on or
before it, or the next one in the future tense), "yesterday", "on 3 March 2025",
"March 3", "March 3, 2025", "2024-11-16" (day precision), "in December 2022" or "a
December 2022 contract" (month precision), "in 2019" or "a 2022 framework agreement"
(year precision: the caller decides whether a bare year dates an instrument).

Amounts: a number with a currency before it ("$463 million", "US$2.5 billion", "€40m",
"¥30 billion", "KRW 1.2 trillion") or after it ("1.5 billion yuan", "310 million euros",
"4.6 billion zlotys"). A bare "$" is the US dollar and a bare "¥" the Japanese yen.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from .gazetteer import CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, SCALES

MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
    "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5,
    "Sunday": 6,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_DATE_PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("day", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?")),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?")),
    ("month", re.compile(rf"\b{_MONTH}(?:\s+of)?\s+{_YEAR}")),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<modifier>last|next|this|on|On)\s+)?(?P<weekday>"
            + "|".join(WEEKDAYS)
            + r")\b"
        ),
    ),
    ("relative", re.compile(r"\b(?P<word>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b")),
    ("year", re.compile(rf"\b{_YEAR}\b")),
]
FUTURE_RE = re.compile(
    r"\b(?:will|shall|is due|are due|is expected to|are expected to|is scheduled|"
    r"are scheduled|plans? to)\b[^.;,]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date
    precision: str  # day, month or year
    form: str  # iso, day, month, weekday, relative, year
    after_in: bool = False  # "in 2019", "in December 2022"


def _overlaps(span, taken):
    return any(span[0] < end and start < span[1] for start, end in taken)


def find_dates(text, *, published_on, base=0):
    """Date mentions in `text` (one sentence), offsets shifted by `base`."""
    found, taken = [], []
    for form, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if _overlaps(span, taken):
                continue
            # "will sign on Friday": the future tense of the clause before the date.
            future = bool(FUTURE_RE.search(text[max(0, span[0] - 60) : span[0]]))
            value, precision = _resolve(form, match, published_on, future)
            if value is None:
                continue
            taken.append(span)
            before = text[: span[0]].rstrip()
            after_in = before.endswith((" in", " In")) or before in ("in", "In")
            found.append(
                DateMention(
                    base + span[0],
                    base + span[1],
                    match.group(),
                    value,
                    precision,
                    form,
                    after_in,
                )
            )
    return sorted(found, key=lambda mention: mention.start)


def _resolve(form, match, published_on, future):
    try:
        if form == "iso":
            return date(int(match["year"]), int(match["month"]), int(match["day"])), "day"
        if form == "day":
            month, day = MONTHS[match["month"]], int(match["day"])
            if match["year"]:
                return date(int(match["year"]), month, day), "day"
            if published_on is None:
                return None, None
            value = date(published_on.year, month, day)
            if not future and value > published_on + timedelta(days=30):
                value = date(published_on.year - 1, month, day)
            return value, "day"
        if form == "month":
            return date(int(match["year"]), MONTHS[match["month"]], 1), "month"
        if form == "year":
            return date(int(match["year"]), 1, 1), "year"
    except ValueError:
        return None, None
    if published_on is None:
        return None, None
    if form == "weekday":
        weekday = WEEKDAYS[match["weekday"]]
        modifier = (match["modifier"] or "").lower()
        if modifier == "next" or (future and modifier != "last"):
            return published_on + timedelta(days=(weekday - published_on.weekday()) % 7), "day"
        back = (published_on.weekday() - weekday) % 7
        if modifier == "last" and back == 0:
            back = 7
        return published_on - timedelta(days=back), "day"
    word = match["word"].lower()
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[word]
    return published_on + timedelta(days=offset), "day"


# --- Amounts -------------------------------------------------------------------------

_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>trillion|billion|million|thousand)\b|(?P<short>tn|bn|mn|m|b|k)\b)?"
_SYMBOLS = "|".join(re.escape(symbol) for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CODES = "|".join(sorted(CURRENCY_CODES))
_WORDS = "|".join(
    re.escape(word).replace(r"\ ", r"\s") for word in sorted(CURRENCY_WORDS, key=len, reverse=True)
)
AMOUNT_BEFORE_RE = re.compile(
    rf"(?<![\w$])(?P<prefix>{_SYMBOLS}|(?:{_CODES})(?=\s?\d))\s?{_NUMBER}{_SCALE}"
)
AMOUNT_AFTER_RE = re.compile(
    rf"(?<![\w$€£¥₩.,]){_NUMBER}{_SCALE}\s(?P<suffix>(?:{_WORDS})\b|(?:{_CODES})\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AmountMention:
    start: int
    end: int
    text: str
    amount: Decimal
    currency: str
    parenthetical: bool = False  # "(about $870 million)" after another amount: a conversion

    @property
    def amount_text(self):
        return format_amount(self.amount)


def format_amount(value):
    """463000000 for Decimal('463000000.00'); decimals only when there are some."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _amount(match):
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return None
    scale = (match["scale"] or match["short"] or "").lower()
    return number * SCALES.get(scale, 1)


def find_amounts(text, *, base=0):
    """Amounts with their currency in `text`, offsets shifted by `base`."""
    found = []
    for match in AMOUNT_BEFORE_RE.finditer(text):
        prefix = match["prefix"]
        currency = CURRENCY_SYMBOLS.get(prefix) or prefix.upper()
        amount = _amount(match)
        if amount is not None and currency in CURRENCY_CODES:
            found.append((match.start(), match.end(), amount, currency))
    for match in AMOUNT_AFTER_RE.finditer(text):
        if any(start <= match.start() < end for start, end, _, _ in found):
            continue
        suffix = re.sub(r"\s+", " ", match["suffix"]).lower()
        currency = CURRENCY_WORDS.get(suffix) or (suffix.upper() if len(suffix) == 3 else None)
        amount = _amount(match)
        if amount is not None and currency in CURRENCY_CODES:
            found.append((match.start(), match.end(), amount, currency))
    found.sort()
    mentions = []
    for start, end, amount, currency in found:
        opening = text[:start].rstrip()
        parenthetical = (
            bool(mentions) and opening.endswith("(") and (start - mentions[-1].end + base <= 12)
        )
        mentions.append(
            AmountMention(
                base + start, base + end, text[start:end], amount, currency, parenthetical
            )
        )
    return mentions
