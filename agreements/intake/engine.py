"""The news-intake engine (DESIGN.md §5): a pasted news text in, proposed parties and
agreements out — deterministic, offline, and explainable.

How an instrument is found, sentence by sentence:

1. A keyword names its kind: "memorandum of understanding"/"MOU" → mou, "letter of
   intent", "loan agreement", "joint statement"/"joint communique", "framework agreement",
   "exchange of notes", "contract", "protocol", "treaty", "pledged"… ("agreement", "deal"
   alone → other). The noun phrase around it gives its determiner ("a", "the", "this"),
   its owner ("Hyundai's existing $463 million contract") and its modifiers.
2. A new instrument needs evidence: a signing verb in the sentence (signed, inked, issued,
   adopted, won…), an earlier instrument ("existing", "under a 2022 framework agreement",
   "a December 2022 contract"), or a kind that is an act in itself (a joint statement, a
   pledge). "This agreement", "the document", "the loan agreement" (once one is known) refer
   back to an instrument already proposed; "a first step towards a framework agreement" is
   hypothetical and skipped; "a deal" beside a "framework agreement" restates it.
3. Participants are the actors of the sentence's subject and of the instrument's own part of
   the sentence (up to the next instrument, and before a relative clause such as ", under
   which…"). A head of state, minister or ambassador stands for their state and becomes its
   representative; "the leaders" are the heads of state of the article, "the two countries"
   its principal states; when a sentence names nobody ("The summit also saw pledges"), the
   principal states take part. "X was signed by A and B" later names the signers.
4. Dates and amounts in the sentence go to the instrument they qualify (inside its noun
   phrase, or in its part of the sentence). An instrument signed without a date of its own
   takes the date of the event the lede dates ("during their summit on Saturday"), unless
   it is earlier ("existing") or set apart ("Separately, …").
5. Parties proposed are the participants and representatives, and the heads of state named
   with their states. Each is matched to the register through names and aliases
   (`match_party`); a new one keeps its guessed kind and country.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q

from core.search import fold

from .entities import (
    COMPANY,
    GOVERNMENT_BODY,
    PERSON,
    STATE,
    STATE_ENTERPRISE,
    EntityReader,
    distinctive_words,
)
from .gazetteer import COUNTRY_INDEX
from .text import read_document
from .values import find_amounts, find_dates

KIND_LABELS = {
    "mou": "MOU",
    "contract": "contract",
    "cooperation_agreement": "cooperation agreement",
    "framework_agreement": "framework agreement",
    "loan_agreement": "loan agreement",
    "letter_of_intent": "letter of intent",
    "joint_statement": "joint statement",
    "exchange_of_notes": "exchange of notes",
    "protocol": "protocol",
    "treaty": "treaty",
    "convention": "convention",
    "pledge": "pledge",
    "other": "agreement",
}
GENERIC, REFERENCE_ONLY = "generic", "reference"
_KEYWORDS = [
    (
        "treaty",
        r"(?:free[- ]trade|(?:comprehensive )?economic partnership|bilateral investment) "
        r"(?:agreement|treaty|accord)s?",
        True,
    ),
    ("mou", r"memorand(?:um|a) of understanding(?:\s*\((?:MOU|MoU)s?\))?", True),
    ("mou", r"memorand(?:um|a) of cooperation(?:\s*\(MOC\))?", True),
    ("letter_of_intent", r"(?:letters?|statements?) of intent(?:\s*\((?:LOI|SOI)\))?", True),
    (
        "exchange_of_notes",
        r"exchanges? of (?:diplomatic )?notes|exchanged (?:diplomatic )?notes",
        True,
    ),
    ("joint_statement", r"joint (?:press )?(?:statements?|declarations?|communiqu[eé]s?)", True),
    (
        "framework_agreement",
        r"framework (?:agreement|accord|deal)s?|framework(?=\s+(?:for|on)\b)",
        True,
    ),
    ("cooperation_agreement", r"cooperation (?:agreement|accord|pact)s?", True),
    ("loan_agreement", r"(?:loan|financing|credit) (?:agreement|accord|deal)s?", True),
    (
        "contract",
        r"(?:supply|purchase|sales|procurement|construction|delivery|offtake) (?:agreement|deal)s?",
        True,
    ),
    ("contract", r"contracts?", True),
    ("mou", r"MO[UC]s?|MoUs?", False),
    ("mou", r"memorand(?:um|a)", True),
    ("letter_of_intent", r"LOIs?", False),
    ("protocol", r"protocols?", True),
    ("treaty", r"treat(?:y|ies)", True),
    ("convention", r"conventions?", True),
    ("pledge", r"pledg(?:e|es|ed|ing)", True),
    (GENERIC, r"agreements?|accords?|deals?|pacts?", True),
    (REFERENCE_ONLY, r"documents?|orders?|letters?", True),
]
KEYWORDS = [
    (kind, re.compile(rf"\b(?:{pattern})(?!\w)", re.IGNORECASE if insensitive else 0))
    for kind, pattern, insensitive in _KEYWORDS
]
SELF_EVIDENT = {"joint_statement", "pledge"}  # reporting one is reporting the act
SIGNING_RE = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|ink(?:ed|s|ing)?|conclud(?:ed|es|ing)|seal(?:ed|s|ing)?|struck|"
    r"finali[sz](?:ed|es|ing)|exchang(?:ed|es|ing)|issu(?:ed|es|ing)|adopt(?:ed|s|ing)|"
    r"agreed|reached|award(?:ed|s|ing)|won|wins|secured|clinched|entered into|initial(?:l)?ed|"
    r"ratified|pledged|order(?:ed|s)|bought|purchased|sold)\b",
    re.IGNORECASE,
)
PRIOR_WORDS = {"existing", "earlier", "previous", "prior", "former", "original", "current"}
HYPOTHETICAL_WORDS = {"future", "planned", "proposed", "possible", "potential", "prospective",
                      "eventual", "draft"}  # fmt: skip
HYPOTHETICAL_BEFORE_RE = re.compile(r"\b(?:towards?|toward|negotiat\w*|talks on|seek\w*)\s+$")
HYPOTHETICAL_AFTER_RE = re.compile(
    r"^\s*(?:that|which)\s+(?:[\w-]+\s+){0,3}?(?:hopes? to|expects? to|plans? to|aims? to|"
    r"intends? to|seeks? to|would)\b"
)
# A generic "deal" or "agreement" to buy or supply goods is a contract.
PURCHASE_RE = re.compile(
    r"\b(?:order(?:ed|s)?|bought|buy(?:s|ing)?|purchas(?:e|ed|es|ing)|sold|sell(?:s|ing)?|"
    r"supply|supplies|supplying|deliver(?:y|ies)?)\b",
    re.IGNORECASE,
)
# "the ministry said on Tuesday": the day of the announcement, not of the signing.
ATTRIBUTED_DATE_RE = re.compile(
    r"\b(?:said|says|announced|told\s+\w+|reported|confirmed|added|stated)\s+$", re.IGNORECASE
)
# "…, which signed a separate technology transfer agreement": the antecedent signs.
RELATIVE_SUBJECT_RE = re.compile(r",\s*(?:which|who)\s+(?:also\s+|has\s+|had\s+)?\w+\s+$")
# "Treasury Secretary Joseph Kamau signed for Kenya": signers of the last instrument.
SIGNED_FOR_RE = re.compile(r"\bsigned\s+(?:for|on behalf of)\b|\brepresented\s+by\b")
# "The contract was signed on 10 February in Jakarta by …"
PASSIVE_SIGNING_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:was|were|has been|had been)\s+(?:\w+\s+)?(?:signed|inked|concluded|"
    r"sealed|exchanged|initialled|initialed)\b"
)
# "signed the same day": the day of the event the lede reports.
SAME_DAY_RE = re.compile(r"\b(?:on\s+)?the same day\b", re.IGNORECASE)
SEPARATE_RE = re.compile(r"^(?:Separately|In a separate|Elsewhere)\b")
RELATION_RE = re.compile(
    r"\b(?P<verb>builds? on|built on|is based on|follows|implements?|amends?|supersedes?|"
    r"replaces?)\b",
    re.IGNORECASE,
)
RELATION_KINDS = {
    "build": "builds_on",
    "built": "builds_on",
    "is": "builds_on",
    "follows": "builds_on",
    "implement": "implements",
    "amend": "amends",
    "supersede": "supersedes",
    "replace": "supersedes",
}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her",
               "our", "another", "any", "each"}  # fmt: skip
DEMONSTRATIVES = {"this", "that", "these", "those"}
NP_BREAKS = {
    "with", "and", "or", "but", "on", "for", "to", "by", "of", "in", "at", "from", "under",
    "into", "over", "via", "as", "than", "is", "was", "were", "are", "be", "been", "has",
    "had", "have", "will", "would", "could", "should", "may", "also", "that", "which", "who",
    "signed", "sign", "signs", "signing", "inked", "ink", "issued", "adopted", "awarded",
    "won", "win", "secured", "concluded", "sealed", "struck", "reached", "agreed",
    "exchanged", "announced", "saw", "builds", "build", "built", "follows", "said",
    "including", "amending", "towards", "toward", "after", "before", "during", "while",
    "it", "they", "he", "she", "we", "not", "no", "both",
}  # fmt: skip
RELATIVE_CLAUSE_RE = re.compile(
    r",?\s+(?:under which|which|who|whereby|where)\b|,\s+(?:with|while|as|after|amid|according|"
    r"including|calling|describing)\b|,\s+[a-z]+ing\b|\s+[—–]\s+"
)
# A clause after which a date or an amount no longer qualifies the instrument: "…, paving
# the way for a sale worth £5.4 billion" (but "under which … for 1.1 billion yuan" does).
VALUE_CUT_RE = re.compile(
    r",\s+[a-z]+ing\b|,\s+(?:which|while|as|after|amid|according)\b|\s+[—–]\s+"
)
TOPIC_RE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:worth|valued at)\s+\S+(?:\s+(?:million|billion|trillion"
    r"|yen|yuan|euros|won|dollars))*\s+)?(?P<prep>for|on|focusing on|covering|concerning|"
    r"regarding|to)\s+(?P<topic>[^,.;:—–()“”\"]+)"
)
TOPIC_STOP_RE = re.compile(
    r"\s+(?:with|between|worth|valued|signed|under|in the presence|that|which|who|at|by|"
    r"from|as|and to|of the|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:on|in) (?:\d|January|February|March|April|May|June|July|August|September|October|"
    r"November|December))\b.*$"
)
SIGNER_ZONE_RE = re.compile(r"\bby\b")


# --- Matching against the register -----------------------------------------------------


def match_party(name, *, kind="", country="", aliases=()):
    """The Party of the register this proposal is, or None.

    A state matches the state party of its country; anything else matches a party whose
    name, short name or alias is the proposal's name or one of its aliases (accents and
    case aside, through `core.search.fold`), of the same country when both have one, and
    a person only a person.
    """
    from parties.models import Party

    if kind == STATE and country:
        party = Party.objects.filter(kind=STATE, country=country).order_by("pk").first()
        if party is not None:
            return party
    for candidate in (name, *aliases):
        folded = fold(candidate)
        if not folded:
            continue
        parties = (
            Party.objects.filter(
                Q(name__fold=folded) | Q(short_name__fold=folded) | Q(aliases__name__fold=folded)
            )
            .distinct()
            .order_by("pk")
        )
        for party in parties[:10]:
            if country and party.country and str(party.country) != country:
                continue
            if (kind == PERSON) != (party.kind == PERSON):
                continue
            return party
    return None


# --- Instruments -----------------------------------------------------------------------


@dataclass
class Keyword:
    """One instrument word in a sentence, with its noun phrase."""

    kind: str
    start: int  # absolute offsets of the keyword
    end: int
    text: str
    np_start: int  # where its noun phrase begins ("a", "Hyundai's", …)
    determiner: str = ""
    owner_end: int | None = None  # end of a possessive owner ("Hyundai’s")
    modifiers: list = field(default_factory=list)
    plural: bool = False
    named: str = ""  # "Reciprocal Access Agreement"
    preceded_by_under: bool = False


@dataclass
class Proposal:
    kind: str
    sentence: int
    keyword: Keyword
    actors: list = field(default_factory=list)  # Mention objects
    owner_mentions: list = field(default_factory=list)
    signers: list = field(default_factory=list)  # mentions named later: "signed by A and B"
    inherit_from: "Proposal | None" = None
    signed_on: object = None
    precision: str = "day"
    date_text: str = ""
    amount: object = None
    prior: bool = False
    separate: bool = False
    signing_verb: bool = False
    title: str = ""
    topic: str = ""
    why: list = field(default_factory=list)
    participants: list = field(default_factory=list)  # resolved: dicts

    @property
    def position(self):
        return self.keyword.start


@dataclass
class Relation:
    source: Proposal
    kind: str
    target: Proposal


def _plural(kind, text):
    last = text.split()[-1].split("(")[0].strip().lower()
    if kind == "exchange_of_notes" or last in {"notes", "pledged", "pledging"}:
        return False
    return last.endswith("s") and not last.endswith("ss") or last == "memoranda"


def _noun_phrase(sentence_text, base, keyword_start):
    """(np_start, determiner, owner_end, modifiers) for the keyword at `keyword_start`."""
    prefix = sentence_text[: keyword_start - base]
    words = list(re.finditer(r"[^\s]+", prefix))
    np_start = keyword_start
    modifiers = []
    determiner = ""
    owner_end = None
    for match in reversed(words):
        word = match.group()
        bare = word.strip('“”"()')
        if word.endswith((",", ";", ":", ")")) or word.startswith("(") or word in {"—", "–"}:
            break
        lower = bare.lower()
        if lower in DETERMINERS:
            determiner = lower
            np_start = base + match.start()
            break
        if bare.endswith(("’s", "'s", "s’", "s'")):
            owner_end = base + match.start() + len(bare.rstrip("s").rstrip("’'"))
            np_start = base + match.start()
            # "the two countries’ 2009 treaty": keep "the two" inside the phrase.
            continue_back = lower.rstrip("’'s") in {"countries", "nations", "governments", "sides"}
            if not continue_back:
                break
            modifiers.append(lower)
            continue
        if lower in NP_BREAKS:
            break
        modifiers.append(lower)
        np_start = base + match.start()
    return np_start, determiner, owner_end, list(reversed(modifiers))


def find_keywords(sentence, reading):
    text, base = sentence.text, sentence.start
    found, taken = [], []
    for kind, pattern in KEYWORDS:
        for match in pattern.finditer(text):
            span = (base + match.start(), base + match.end())
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            np_start, determiner, owner_end, modifiers = _noun_phrase(text, base, span[0])
            named = ""
            for start, end, name in reading.instrument_names:
                if start <= span[0] < end:
                    named = name
                    np_start = min(np_start, start)
            before = text[: np_start - base].rstrip()
            found.append(
                Keyword(
                    kind=kind,
                    start=span[0],
                    end=span[1],
                    text=match.group(),
                    np_start=np_start,
                    determiner=determiner,
                    owner_end=owner_end,
                    modifiers=modifiers,
                    plural=_plural(kind, match.group()),
                    named=named,
                    preceded_by_under=bool(re.search(r"\b[Uu]nder$", before)),
                )
            )
    return sorted(found, key=lambda keyword: keyword.start)


# --- The engine ------------------------------------------------------------------------


class Intake:
    """One run of the engine over one article."""

    def __init__(self, text, *, published_on=None):
        self.document = read_document(text)
        self.published_on = published_on or self.document.header_date
        self.reader = EntityReader(self.document)
        self.registry = self.reader.registry
        self.proposals = []
        self.relations = []
        self.event_date = None
        self.event_date_text = ""
        self.readings = []
        self.slot_sentences = set()  # sentences that name an instrument

    # Reading -------------------------------------------------------------------------

    def run(self):
        for sentence in self.document.sentences:
            dates = [
                mention
                for mention in find_dates(
                    sentence.text, published_on=self.published_on, base=sentence.start
                )
                if not ATTRIBUTED_DATE_RE.search(
                    re.sub(r"\s*on\s*$", " ", sentence.text[: mention.start - sentence.start])
                )
            ]
            amounts = find_amounts(sentence.text, base=sentence.start)
            taken = [(amount.start, amount.end) for amount in amounts]
            reading = self.reader.read(sentence, taken=taken)
            self.readings.append(reading)
            if sentence.index == 0:
                self._event_date(dates)
            self._instruments(sentence, reading, dates, amounts)
        self._fallback_dates()
        self._default_countries()
        for proposal in self.proposals:
            self._resolve(proposal)
        self._merge_duplicates()
        for proposal in self.proposals:
            proposal.title = self._title(proposal)
        return self

    def _event_date(self, dates):
        """The date of the event the lede reports, when it is within two weeks of publication."""
        if self.published_on is None:
            return
        for mention in dates:
            if (
                mention.precision == "day"
                and self.published_on - timedelta(days=14) <= mention.value <= self.published_on
            ):
                self.event_date, self.event_date_text = mention.value, mention.text
                return

    def _instruments(self, sentence, reading, dates, amounts):
        keywords = find_keywords(sentence, reading)
        if not keywords:
            if SIGNED_FOR_RE.search(sentence.text) and self.proposals:
                signers = [m for m in reading.mentions if m.is_actor and m.entity is not None]
                self.proposals[-1].signers.extend(signers)
            return
        text = sentence.text
        specific_kinds = {k.kind for k in keywords if k.kind not in (GENERIC, REFERENCE_ONLY)}
        signing = bool(SIGNING_RE.search(text))
        separate = bool(SEPARATE_RE.search(text))
        slots = []  # (keyword, Proposal-or-None (new) or ("ref", target))
        for keyword in keywords:
            slot = self._judge(keyword, sentence, specific_kinds, signing, separate)
            if slot is not None:
                slots.append((keyword, slot))
        if not slots:
            return
        self.slot_sentences.add(sentence.index)
        new = [(keyword, slot) for keyword, slot in slots if isinstance(slot, Proposal)]
        first_np = min(keyword.np_start for keyword, _ in slots)
        subject = [
            mention
            for mention in reading.mentions
            if mention.end <= first_np and (mention.is_actor or mention.group)
        ]
        for index, (keyword, slot) in enumerate(slots):
            following = slots[index + 1][0].np_start if index + 1 < len(slots) else sentence.end
            zone = [m for m in reading.mentions if keyword.end <= m.start and m.end <= following]
            if isinstance(slot, Proposal):
                proposal = slot
                own = self._cut_relative_clause(zone, keyword, following, sentence)
                owners = [
                    m
                    for m in reading.mentions
                    if keyword.owner_end is not None
                    and keyword.np_start <= m.start
                    and m.end <= keyword.owner_end + 1
                ]
                proposal.owner_mentions = owners
                actors = [m for m in subject + owners + own if m.is_actor or m.group]
                previous_end = slots[index - 1][0].end if index else sentence.start
                lead_in = text[previous_end - sentence.start : keyword.np_start - sentence.start]
                if RELATIVE_SUBJECT_RE.search(lead_in):
                    comma = previous_end + lead_in.rfind(",")
                    antecedent = [
                        m for m in reading.mentions if m.end <= comma and m.entity is not None
                    ]
                    if antecedent:
                        actors = [antecedent[-1], *own]
                        proposal.why.append("the party before “, which …” signed it")
                if keyword.preceded_by_under and new and new[0][1] is not proposal:
                    proposal.inherit_from = new[0][1]
                    self.relations.append(Relation(new[0][1], "implements", proposal))
                    proposal.why.append("participants of the instrument that falls under it")
                proposal.actors = actors
                self.proposals.append(proposal)
            else:
                target = slot[1]
                if not new and self._names_signers(text, keyword, sentence):
                    signers = [m for m in reading.mentions if m.is_actor and m.entity is not None]
                    target.signers.extend(signers)
                relation = RELATION_RE.search(text, keyword.end - sentence.start)
                if relation and new and not keyword.plural:
                    verb = relation["verb"].split()[0].lower()
                    kind = RELATION_KINDS.get(
                        verb.rstrip("s"), RELATION_KINDS.get(verb, "builds_on")
                    )
                    self.relations.append(Relation(target, kind, new[0][1]))
        self._bind_values(slots, sentence, dates, amounts)

    def _names_signers(self, text, keyword, sentence):
        """ "X was signed by A and B", "A and B signed the document", "A signed for Kenya"."""
        before = text[: keyword.np_start - sentence.start]
        after = text[keyword.end - sentence.start :]
        return bool(
            PASSIVE_SIGNING_RE.match(after)
            or SIGNING_RE.search(before)
            or SIGNED_FOR_RE.search(text)
        )

    def _judge(self, keyword, sentence, specific_kinds, signing, separate):
        """A new Proposal, ("ref", proposal) for a reference back, or None to skip."""
        text = sentence.text
        before = text[: keyword.np_start - sentence.start]
        after = text[keyword.end - sentence.start :]
        definite = keyword.determiner in {"the", *DEMONSTRATIVES} or "such" in keyword.modifiers
        kind = keyword.kind
        if keyword.named:
            kind = kind if kind not in (GENERIC, REFERENCE_ONLY) else "other"
            if any(p.keyword.named == keyword.named for p in self.proposals):
                return None
        elif kind in (GENERIC, REFERENCE_ONLY):
            if definite:
                target = self._last_proposal(keyword)
                return ("ref", target) if target and not keyword.plural else None
            if kind == REFERENCE_ONLY or keyword.plural or specific_kinds:
                return None
            kind = "contract" if PURCHASE_RE.search(text) else "other"
        elif definite:
            target = self._last_proposal(keyword, kind=kind)
            if target is not None:
                return ("ref", target)
            if keyword.determiner in DEMONSTRATIVES:
                return None
        if kind == "pledge" and len(specific_kinds) > 1:
            return None  # "a joint communique pledging to…": the pledge is its content
        if (
            HYPOTHETICAL_BEFORE_RE.search(before)
            or HYPOTHETICAL_WORDS & set(keyword.modifiers)
            or HYPOTHETICAL_AFTER_RE.search(after)
        ):
            return None
        prior = bool(PRIOR_WORDS & set(keyword.modifiers))
        dated_modifier = any(re.fullmatch(r"(?:19|20)\d{2}", word) for word in keyword.modifiers)
        if dated_modifier:
            prior = True
        evidence = (
            signing
            or prior
            or keyword.preceded_by_under  # "under a memorandum…": it exists
            or kind in SELF_EVIDENT
            or definite
            or keyword.named
        )
        if not evidence:
            return None
        proposal = Proposal(kind=kind, sentence=sentence.index, keyword=keyword)
        proposal.prior = prior
        proposal.separate = separate and not SAME_DAY_RE.search(text)
        proposal.signing_verb = signing or bool(SAME_DAY_RE.search(text))
        proposal.why.append(f"kind from “{keyword.named or keyword.text}”")
        if prior:
            proposal.why.append("an earlier instrument: no date unless the text gives one")
        proposal.topic = self._topic(keyword, sentence)
        return proposal

    def _last_proposal(self, keyword, *, kind=None):
        wanted = kind
        if keyword.kind == REFERENCE_ONLY:
            word = keyword.text.lower().rstrip("s")
            wanted = {"letter": "letter_of_intent", "order": None, "document": None}.get(word)
        for proposal in reversed(self.proposals):
            if wanted is None or proposal.kind == wanted:
                return proposal
        if keyword.kind == REFERENCE_ONLY and self.proposals:
            return self.proposals[-1]
        return None

    def _cut_relative_clause(self, zone, keyword, following, sentence):
        """Mentions of the instrument's part of the sentence, before a relative clause —
        unless only the clause names anyone ("a contract under which Jade Sky bought…")."""
        part = sentence.text[keyword.end - sentence.start : following - sentence.start]
        cut = RELATIVE_CLAUSE_RE.search(part)
        if not cut:
            return zone
        limit = keyword.end + cut.start()
        head = [m for m in zone if m.end <= limit]
        named_before = any(m.is_actor or m.group for m in head)
        return (
            head
            if named_before
            or any(m.is_actor or m.group for m in self._subject_of(keyword, sentence))
            else zone
        )

    def _subject_of(self, keyword, sentence):
        reading = self.readings[sentence.index]
        return [m for m in reading.mentions if m.end <= keyword.np_start]

    def _bind_values(self, slots, sentence, dates, amounts):
        """Give each date and amount to the instrument it qualifies."""
        new_slots = [(k, s) for k, s in slots if isinstance(s, Proposal)]

        limits = {}  # where each instrument's part of the sentence ends
        for index, (keyword, _) in enumerate(slots):
            following = slots[index + 1][0].np_start if index + 1 < len(slots) else sentence.end
            part = sentence.text[keyword.end - sentence.start : following - sentence.start]
            cut = VALUE_CUT_RE.search(part)
            limits[id(keyword)] = keyword.end + cut.start() if cut else following

        def owner_of(position):
            for keyword, slot in slots:
                if keyword.np_start <= position < keyword.start:
                    return slot
            chosen = None
            for keyword, slot in slots:
                if keyword.end <= position:
                    # "…, paving the way for a sale worth £5.4 billion": not its value.
                    chosen = slot if position < limits[id(keyword)] else None
            if chosen is None and new_slots and position < slots[0][0].np_start:
                chosen = new_slots[0][1]
            return chosen

        for mention in dates:
            if mention.value > (self.published_on or mention.value):
                continue  # "first delivery expected in 2027" is not a signing date
            slot = owner_of(mention.start)
            inside_np = any(k.np_start <= mention.start < k.start for k, _ in slots)
            if mention.form == "year" and not (mention.after_in or inside_np):
                continue
            proposal = slot if isinstance(slot, Proposal) else (slot[1] if slot else None)
            if proposal is None or proposal.signed_on is not None:
                continue
            proposal.signed_on, proposal.precision = mention.value, mention.precision
            proposal.date_text = mention.text
            proposal.why.append(f"date from “{mention.text}”")
        for mention in amounts:
            if mention.parenthetical:
                continue
            slot = owner_of(mention.start)
            proposal = slot if isinstance(slot, Proposal) else (slot[1] if slot else None)
            if proposal is None or proposal.amount is not None:
                continue
            proposal.amount = mention
            proposal.why.append(f"value from “{mention.text}”")

    def _fallback_dates(self):
        if self.event_date is None:
            return
        for proposal in self.proposals:
            if proposal.signed_on is not None or proposal.prior or proposal.separate:
                continue
            if proposal.signing_verb or proposal.kind in SELF_EVIDENT:
                proposal.signed_on, proposal.precision = self.event_date, "day"
                proposal.why.append(
                    f"date of the event the lede reports (“{self.event_date_text}”)"
                )

    # Resolving -----------------------------------------------------------------------

    def principal_states(self):
        """The states of the heads of state named, then the states acting in the lede."""
        states = []
        for entity in sorted(self.registry.entities, key=lambda e: e.first_position):
            if entity.kind == PERSON and entity.head and entity.country:
                states.append(entity.country)
        lede = self.readings[0] if self.readings else None
        for mention in lede.mentions if lede else []:
            entity = self.registry.get(mention.entity) if mention.entity is not None else None
            if mention.is_actor and entity is not None and entity.kind == STATE:
                states.append(entity.country)
        unique = list(dict.fromkeys(states))
        return [self._state(code, None) for code in unique]

    def _heads(self):
        return sorted(
            (e for e in self.registry.entities if e.kind == PERSON and e.head and e.country),
            key=lambda e: e.first_position,
        )

    def _state(self, code, mention):
        position = mention.start if mention is not None else 10**9
        sentence = mention.sentence if mention is not None else 0
        return self.registry.state(code, position=position, sentence=sentence, why="")

    def _participants_of(self, mentions, proposal):
        """[(party, role, representative, title)] for the actor mentions of a proposal."""
        result = []
        for mention in mentions:
            if mention.group == "leaders":
                heads = self._heads()
                if heads:
                    for person in heads:
                        result.append((self._state(person.country, mention), person, person.title))
                    continue
            if mention.group:
                for state in self.principal_states():
                    result.append((state, None, ""))
                continue
            entity = self.registry.get(mention.entity)
            if entity.kind == PERSON:
                if entity.official and entity.country:
                    result.append(
                        (
                            self._state(entity.country, mention),
                            entity,
                            mention.title or entity.title,
                        )
                    )
                elif entity.employer is not None:
                    result.append((self.registry.get(entity.employer), entity, entity.title))
                else:
                    result.append((entity, None, ""))
            else:
                result.append((entity, None, ""))
        return result

    def _resolve(self, proposal):
        if proposal.inherit_from is not None:
            triples = self._participants_of(proposal.inherit_from.actors, proposal.inherit_from)
        else:
            triples = self._participants_of(proposal.actors, proposal)
        if proposal.signers:
            signers = self._participants_of(proposal.signers, proposal)
            organisations = [t for t in signers if t[1] is None and t[0].kind != STATE]
            if organisations and all(party.kind == STATE for party, _, _ in triples):
                triples = organisations + [t for t in signers if t[1] is not None]
                proposal.why.append("participants from who signed it")
            for party, person, title in signers:
                if person is None:
                    continue
                triples = self._attach_representative(triples, party, person, title)
        if proposal.prior:
            # Who speaks for the parties today did not necessarily sign an earlier instrument.
            triples = [(party, None, "") for party, _, _ in triples]
        if not triples:
            triples = [(state, None, "") for state in self.principal_states()]
            if triples:
                proposal.why.append("no party named: the article’s principal states")
        participants, seen = [], {}
        for party, person, title in triples:
            if party.key in seen:
                existing = participants[seen[party.key]]
                if existing["representative"] is None and person is not None:
                    existing["representative"], existing["representative_title"] = person, title
                continue
            seen[party.key] = len(participants)
            participants.append(
                {
                    "party": party,
                    "role": "party",
                    "representative": person,
                    "representative_title": title if person is not None else "",
                }
            )
        self._roles(proposal, participants)
        proposal.participants = participants

    def _attach_representative(self, triples, party, person, title):
        """A signer named later represents the participant of their state or employer."""
        for index, (current, representative, _) in enumerate(triples):
            same = current.key == party.key or (
                party.kind == STATE and current.country == party.country and current.kind != PERSON
            )
            if same:
                if representative is None:
                    triples[index] = (current, person, title)
                return triples
        return triples

    def _roles(self, proposal, participants):
        """Who delivers and who buys in a contract ("X's contract to deliver … to Y", "X
        awarded Y a contract", "a contract from Y"); who lends in a loan; who benefits."""
        text = self.document.text
        sentence = self.document.sentences[proposal.sentence]
        awarded = re.search(r"\bawarded\b", sentence.text)
        owners = {m.entity for m in proposal.owner_mentions}
        boundaries = sorted(
            [m.end for m in proposal.actors] + [proposal.keyword.end, sentence.start]
        )
        for participant in participants:
            party = participant["party"]
            mention = next(
                (
                    m
                    for m in proposal.actors
                    if m.entity == party.key and m.sentence == proposal.sentence
                ),
                None,
            )
            between = ""
            if mention is not None:
                left = max(b for b in boundaries if b <= mention.start)
                between = text[left : mention.start]
            preposition = re.findall(r"\b(from|to|for|with|by)\b", between)
            word = preposition[-1] if preposition else ""
            if proposal.kind == "contract":
                if party.key in owners:
                    participant["role"] = "contractor"
                elif awarded and mention and mention.start < sentence.start + awarded.start():
                    participant["role"] = "client"
                elif awarded:
                    participant["role"] = "contractor"
                elif word in {"from", "to", "for", "with"}:
                    participant["role"] = "client"
                else:
                    participant["role"] = "contractor"
            elif proposal.kind == "loan_agreement" and re.search(
                r"\b(?:Bank|Fund|Bancorp)\b", party.name
            ):
                participant["role"] = "financier"
            elif word == "for" and proposal.kind in {
                "exchange_of_notes",
                "pledge",
                "loan_agreement",
            }:
                participant["role"] = "beneficiary"
        roles = {participant["role"] for participant in participants}
        if proposal.kind == "contract" and len(roles) == 1:
            for participant in participants:
                participant["role"] = "party"

    def _merge_duplicates(self):
        """One proposal per instrument: the same kind with the same parties in one sentence."""
        kept, twins = [], {}
        for proposal in self.proposals:
            keys = {p["party"].key for p in proposal.participants}
            twin = next(
                (
                    other
                    for other in kept
                    if other.kind == proposal.kind
                    and other.sentence == proposal.sentence
                    and {p["party"].key for p in other.participants} == keys
                ),
                None,
            )
            if twin is None:
                kept.append(proposal)
            else:
                twins[id(proposal)] = twin
        for relation in self.relations:
            relation.source = twins.get(id(relation.source), relation.source)
            relation.target = twins.get(id(relation.target), relation.target)
        self.proposals = kept

    def _default_countries(self):
        """Companies without a country of their own: one that shares a distinctive word with
        a party whose country is known ("Hyundai Rotem" with "HD Hyundai…"), else the one
        nationality the article gives companies ("South Korean companies")."""
        text = self.document.text
        nationalities = set()
        for demonym, country in COUNTRY_INDEX.by_demonym.items():
            pattern = rf"\b{re.escape(demonym)}\s+(?:companies|firms|businesses|shipbuilders|conglomerates|manufacturers|contractors)\b"
            if re.search(pattern, text):
                nationalities.add(country.code)
        for entity in self.registry.entities:
            if entity.country or entity.kind not in {COMPANY, STATE_ENTERPRISE}:
                continue
            for other in self.registry.entities:
                if (
                    other is entity
                    or not other.country
                    or other.kind not in {COMPANY, STATE_ENTERPRISE}
                ):
                    continue
                shared = distinctive_words(entity) & distinctive_words(other)
                if shared:
                    entity.country = other.country
                    entity.why.append(f"country from {other.name} (“{sorted(shared)[0]}”)")
                    break
        for entity in self.registry.entities:
            if entity.country or entity.kind not in {COMPANY}:
                continue
            if len(nationalities) == 1:
                code = next(iter(nationalities))
                entity.country = code
                demonyms = [d for d, c in COUNTRY_INDEX.by_demonym.items() if c.code == code]
                entity.why.append(f"country from “{demonyms[0]} companies” in the article")
        # A second pass: "Hyundai Rotem" after "HD Hyundai Heavy Industries" got its country.
        for entity in self.registry.entities:
            if entity.country or entity.kind not in {COMPANY, STATE_ENTERPRISE}:
                continue
            for other in self.registry.entities:
                shared = distinctive_words(entity) & distinctive_words(other)
                if other is not entity and other.country and shared:
                    entity.country = other.country
                    break

    # Output --------------------------------------------------------------------------

    def _topic(self, keyword, sentence):
        after = sentence.text[keyword.end - sentence.start :]
        match = TOPIC_RE.match(after)
        if not match:
            return ""
        topic = TOPIC_STOP_RE.sub("", match["topic"]).strip()
        # Stop before a party's name ("to deliver naval vessels to the Peruvian Navy").
        words = topic.split()
        for index, word in enumerate(words):
            if index and word[:1].isupper() and words[index - 1] in {"to", "the", "for", "with"}:
                words = words[: index - 1]
                if words and words[-1] in {"to", "the", "for", "with"}:
                    words = words[:-1]
                break
        words = words[:9]
        if not words:
            return ""
        prep = (
            "on"
            if match["prep"] in {"focusing on", "covering", "concerning", "regarding"}
            else match["prep"]
        )
        return f"{prep} {' '.join(words)}"

    def _title(self, proposal):
        if proposal.keyword.named:
            return proposal.keyword.named
        names = [p["party"].short() for p in proposal.participants[:4]]
        label = KIND_LABELS[proposal.kind]
        head = "–".join(names)
        title = f"{head} {label}" if head else label[:1].upper() + label[1:]
        if proposal.topic:
            title = f"{title} {proposal.topic}"
        return title[:300]

    def proposed_parties(self):
        keys = set()
        for proposal in self.proposals:
            for participant in proposal.participants:
                keys.add(participant["party"].key)
                if participant["representative"] is not None:
                    keys.add(participant["representative"].key)
        mentioned = {
            mention.entity
            for index in self.slot_sentences
            for mention in self.readings[index].mentions
            if mention.entity is not None
        }
        for person in self._heads():
            if person.key in mentioned:
                keys.add(person.key)
                keys.add(self._state(person.country, None).key)
        return sorted((self.registry.get(key) for key in keys), key=lambda e: e.first_position)


def _sentence_of(intake, entity):
    sentences = intake.document.sentences
    for sentence in sentences:
        if sentence.start <= entity.first_position < sentence.end:
            return sentence.text
    return sentences[entity.first_sentence].text if sentences else ""


def extract_article(text, *, published_on=None, match=match_party):
    """Proposals for a news text: `{"parties": […], "agreements": […], "relations": […]}`.

    `published_on` resolves relative dates ("on Saturday"); without it, a leading
    `date YYYY-MM-DD` line of the text is used. `match` looks a proposed party up in the
    register (None: do not look up, every party is new).
    """
    intake = Intake(text, published_on=published_on).run()
    entities = intake.proposed_parties()
    parties, names = [], {}
    state_names = {}
    for entity in entities:
        party = None
        if match is not None:
            party = match(
                entity.name, kind=entity.kind, country=entity.country, aliases=entity.aliases
            )
        proposal = {
            "name": entity.name,
            "kind": entity.kind,
            "country": entity.country or "",
            "matched": None,
            "quote": _sentence_of(intake, entity),
            "aliases": list(entity.aliases),
            "parent": None,
            "why": [reason for reason in entity.why if reason],
        }
        if party is not None:
            proposal.update(
                name=party.name,
                kind=party.kind,
                country=str(party.country or ""),
                matched=party.slug,
            )
            proposal["why"].append(f"matched to “{party.name}” in the register")
        names[entity.key] = proposal["name"]
        if entity.kind == STATE:
            state_names[entity.country] = proposal["name"]
        parties.append(proposal)
    for entity, proposal in zip(entities, parties, strict=True):
        if proposal["matched"] is None and entity.kind in {GOVERNMENT_BODY, STATE_ENTERPRISE}:
            proposal["parent"] = state_names.get(entity.country)
    agreements = []
    for proposal in intake.proposals:
        sentence = intake.document.sentences[proposal.sentence]
        signed_on = proposal.signed_on
        announced_on = None
        if proposal.kind == "pledge":
            announced_on, signed_on = signed_on, None
        agreements.append(
            {
                "kind": proposal.kind,
                "title": proposal.title,
                "participants": [names[p["party"].key] for p in proposal.participants],
                "participations": [
                    {
                        "party": names[p["party"].key],
                        "role": p["role"],
                        "representative": names.get(p["representative"].key)
                        if p["representative"] is not None
                        else None,
                        "representative_title": p["representative_title"],
                    }
                    for p in proposal.participants
                ],
                "signed_on": signed_on.isoformat() if signed_on else None,
                "signed_on_precision": proposal.precision if signed_on else None,
                "announced_on": announced_on.isoformat() if announced_on else None,
                "status": "announced" if proposal.kind == "pledge" else "signed",
                "value": {
                    "amount": proposal.amount.amount_text,
                    "currency": proposal.amount.currency,
                }
                if proposal.amount is not None
                else None,
                "quote": sentence.text,
                "why": proposal.why,
            }
        )
    index = {id(proposal): number for number, proposal in enumerate(intake.proposals)}
    relations = [
        {"from": index[id(r.source)], "kind": r.kind, "to": index[id(r.target)]}
        for r in intake.relations
        if id(r.source) in index and id(r.target) in index and r.source is not r.target
    ]
    return {
        "title": intake.document.headline,
        "published_on": intake.published_on.isoformat() if intake.published_on else None,
        "parties": parties,
        "agreements": agreements,
        "relations": list({(r["from"], r["kind"], r["to"]): r for r in relations}.values()),
    }
