"""How well the intake engine reads the corpus: precision and recall against hand-written answers.

Each `corpus/NAME.txt` has an answer `corpus/NAME.expected.json` (see corpus/README.md).
The engine runs without the register (`match=None`), so the score does not depend on
what the database holds.

Alignment, then counting:

- A proposed party is an expected one when one of its names (name or aliases) is one of
  the expected names (`name` or `other_names`), accents and case aside.
- A proposed agreement is aligned with the expected agreement whose participants overlap
  most (kind agreeing breaks ties); each is used once.
- parties: proposed vs expected parties. party kinds: the same, counting a party right only
  with the right kind. instruments: an aligned pair with the same kind and exactly the same
  participants. kinds: an aligned pair with the same kind. participants: participants of
  aligned pairs that agree, over all participants proposed / expected. dates: aligned pairs
  with the same date (signing date, or announcement date for a pledge) and precision, over
  the proposals / answers that have a date. amounts: the same for amount and currency.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.search import fold

from .engine import extract_article

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
FIELDS = [
    "parties",
    "party kinds",
    "instruments",
    "kinds",
    "participants",
    "dates",
    "amounts",
]


@dataclass
class Score:
    correct: int = 0
    proposed: int = 0
    expected: int = 0

    def add(self, other):
        self.correct += other.correct
        self.proposed += other.proposed
        self.expected += other.expected

    @property
    def precision(self):
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def recall(self):
        return self.correct / self.expected if self.expected else 1.0


@dataclass
class DocumentResult:
    name: str
    scores: dict = field(default_factory=dict)
    missed: list = field(default_factory=list)  # human-readable differences
    extra: list = field(default_factory=list)


def _names(entry):
    return {
        fold(name)
        for name in (entry["name"], *entry.get("other_names", ()), *entry.get("aliases", ()))
    }


def _align_parties(proposed, expected):
    """{proposed name: expected name} for the parties that are the same."""
    mapping, used = {}, set()
    for answer in expected:
        wanted = _names(answer)
        for party in proposed:
            if party["name"] in mapping or id(party) in used:
                continue
            if _names(party) & wanted:
                mapping[party["name"]] = answer["name"]
                used.add(id(party))
                break
    return mapping


def _date_of(agreement):
    value = agreement.get("signed_on") or agreement.get("announced_on")
    precision = agreement.get("signed_on_precision") or "day" if value else None
    return (value, precision) if value else None


def _value_of(agreement):
    value = agreement.get("value")
    return (str(value["amount"]), value["currency"]) if value else None


def score_document(name, text, answer):
    result = extract_article(
        text, published_on=date.fromisoformat(answer["published_on"]), match=None
    )
    proposed_parties, expected_parties = result["parties"], answer["parties"]
    mapping = _align_parties(proposed_parties, expected_parties)
    kinds = {entry["name"]: entry["kind"] for entry in expected_parties}
    document = DocumentResult(name)
    document.scores["parties"] = Score(len(mapping), len(proposed_parties), len(expected_parties))
    document.scores["party kinds"] = Score(
        sum(
            1
            for party in proposed_parties
            if kinds.get(mapping.get(party["name"])) == party["kind"]
        ),
        len(proposed_parties),
        len(expected_parties),
    )
    matched = set(mapping.values())
    document.missed += [f"party {p['name']}" for p in expected_parties if p["name"] not in matched]
    document.extra += [f"party {p['name']}" for p in proposed_parties if p["name"] not in mapping]

    def participants(agreement, *, proposed):
        names = agreement["participants"]
        return frozenset(mapping.get(n, f"?{n}") for n in names) if proposed else frozenset(names)

    proposals = [(a, participants(a, proposed=True)) for a in result["agreements"]]
    answers = [(a, participants(a, proposed=False)) for a in answer["agreements"]]
    candidates = []
    for i, (proposal, mine) in enumerate(proposals):
        for j, (expected, theirs) in enumerate(answers):
            overlap = len(mine & theirs) / len(mine | theirs) if mine | theirs else 1.0
            same_kind = proposal["kind"] == expected["kind"]
            same_date = _date_of(proposal) == _date_of(expected)
            if overlap > 0 or same_kind:
                candidates.append((overlap + same_kind + 0.5 * same_date, -i, -j, i, j))
    pairs, used_i, used_j = [], set(), set()
    for *_, i, j in sorted(candidates, reverse=True):
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        pairs.append((i, j))
    n_proposed, n_expected = len(proposals), len(answers)
    scores = {key: Score(0, n_proposed, n_expected) for key in ("instruments", "kinds")}
    scores["participants"] = Score(
        0, sum(len(p) for _, p in proposals), sum(len(p) for _, p in answers)
    )
    scores["dates"] = Score(
        0, sum(1 for a, _ in proposals if _date_of(a)), sum(1 for a, _ in answers if _date_of(a))
    )
    scores["amounts"] = Score(
        0, sum(1 for a, _ in proposals if _value_of(a)), sum(1 for a, _ in answers if _value_of(a))
    )
    for i, j in pairs:
        (proposal, mine), (expected, theirs) = proposals[i], answers[j]
        same_kind = proposal["kind"] == expected["kind"]
        scores["kinds"].correct += same_kind
        scores["instruments"].correct += same_kind and mine == theirs
        scores["participants"].correct += len(mine & theirs)
        if _date_of(proposal) and _date_of(proposal) == _date_of(expected):
            scores["dates"].correct += 1
        if _value_of(proposal) and _value_of(proposal) == _value_of(expected):
            scores["amounts"].correct += 1
        if not (same_kind and mine == theirs):
            document.missed.append(
                f"{expected['kind']} {sorted(theirs)} read as {proposal['kind']} {sorted(mine)}"
            )
        if _date_of(proposal) != _date_of(expected):
            document.missed.append(
                f"{expected['kind']} {sorted(theirs)}: date {_date_of(expected)} read as {_date_of(proposal)}"
            )
        if _value_of(proposal) != _value_of(expected):
            document.missed.append(
                f"{expected['kind']} {sorted(theirs)}: value {_value_of(expected)} read as {_value_of(proposal)}"
            )
    document.missed += [
        f"{answers[j][0]['kind']} {sorted(answers[j][1])}"
        for j in range(n_expected)
        if j not in used_j
    ]
    document.extra += [
        f"{proposals[i][0]['kind']} {sorted(proposals[i][1])}"
        for i in range(n_proposed)
        if i not in used_i
    ]
    document.scores.update(scores)
    return document


def evaluate_corpus(directory=CORPUS_DIR):
    """(documents, totals): a DocumentResult per text and the summed Score per field."""
    documents = []
    for path in sorted(Path(directory).glob("*.txt")):
        answer_path = path.with_name(f"{path.stem}.expected.json")
        if not answer_path.exists():
            continue
        answer = json.loads(answer_path.read_text(encoding="utf-8"))
        documents.append(score_document(path.stem, path.read_text(encoding="utf-8"), answer))
    totals = {key: Score() for key in FIELDS}
    for document in documents:
        for key in FIELDS:
            totals[key].add(document.scores[key])
    return documents, totals
