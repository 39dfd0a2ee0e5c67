"""Cutting a pasted news text into its parts: header, headline, dateline, sentences.

Every sentence keeps its offsets in the original text, so the quote a proposal
carries is always a verbatim passage of what the editor pasted.
"""

import re
from dataclasses import dataclass
from datetime import date

# The seed article starts with "date 2024-11-18".
HEADER_DATE_RE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
# "MANILA, March 5 (Accords Wire) — " / "WARSAW, Oct. 22 (Reuters) - " / "TOKYO — " /
# "CANBERRA/HANOI, April 9 (Wire) — " (the first city is the dateline's)
DATELINE_RE = re.compile(
    r"(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý .'’-]*[A-ZÀ-Ý])(?:/[A-ZÀ-Ý][A-ZÀ-Ý .'’-]*[A-ZÀ-Ý])*"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[^)]{1,60})\))?\s*[—–-]{1,2}\s+"
)
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "co",
    "corp",
    "inc",
    "ltd",
    "no",
    "gen",
    "lt",
    "col",
    "sen",
    "rep",
    "gov",
    "u.s",
    "u.k",
    "s.a",
    "n.v",
    "b.v",
    "s.p.a",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "a.m",
    "p.m",
    "e.g",
    "i.e",
    "approx",
    "est",
    "dept",
    "mt",
    "ft",
}
BOUNDARY_RE = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(]?[A-Z0-9À-Ý])")
WORD_BEFORE_RE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Document:
    text: str
    sentences: list
    headline: str = ""
    header_date: date | None = None
    dateline_city: str = ""
    dateline_agency: str = ""


def _is_abbreviation(text, dot_position):
    match = WORD_BEFORE_RE.search(text, 0, dot_position)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # An initial ("John F. Kennedy"), but not a sentence ending in an acronym ("… SIMA.").
    return len(word) == 1 and word.isalpha()


def split_sentences(text, start, end):
    """(start, end) spans of the sentences of text[start:end]."""
    spans = []
    cursor = start
    for match in BOUNDARY_RE.finditer(text, start, end):
        if _is_abbreviation(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    result = []
    for left, right in spans:
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left < right:
            result.append((left, right))
    return result


def _paragraphs(text, start):
    """(start, end) of each non-empty line block from `start`."""
    for match in re.finditer(r"[^\n]+", text[start:]):
        if match.group().strip():
            yield start + match.start(), start + match.end()


def read_document(text):
    """The parts of a news text: an optional `date YYYY-MM-DD` header, a headline (a first
    line without final punctuation), a dateline ("MANILA, March 5 (Wire) —") and sentences."""
    position = 0
    header_date = None
    if match := HEADER_DATE_RE.match(text):
        try:
            header_date = date.fromisoformat(match.group(1))
        except ValueError:
            header_date = None
        position = match.end()
    paragraphs = list(_paragraphs(text, position))
    headline = ""
    if len(paragraphs) > 1:
        first_start, first_end = paragraphs[0]
        first = text[first_start:first_end].strip()
        if first and first[-1] not in '.!?"”’:' and len(first.split()) <= 25:
            headline = first
            paragraphs = paragraphs[1:]
    city = agency = ""
    sentences = []
    for number, (para_start, para_end) in enumerate(paragraphs):
        if number == 0 and (match := DATELINE_RE.match(text, para_start, para_end)):
            city = match.group("city").strip().title()
            agency = (match.group("agency") or "").strip()
            para_start = match.end()
        for left, right in split_sentences(text, para_start, para_end):
            sentences.append(Sentence(len(sentences), left, right, text[left:right], number))
    return Document(
        text=text,
        sentences=sentences,
        headline=headline,
        header_date=header_date,
        dateline_city=city,
        dateline_agency=agency,
    )
