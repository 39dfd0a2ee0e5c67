"""Who a news text names: people with titles, states, companies, agencies — and how.

Rules, in the order they apply to each sentence:

1. A title before capitalised words is a person: "President Yoon Suk Yeol of South Korea",
   "German Economy Minister Katrin Vogel", "Hanseong chief executive Park Jin-ho". The
   country comes from "of X", a demonym or a possessive before the title, the employer,
   or (for officials) the dateline city.
2. "the two countries", "both leaders", "the two presidents" are group references, resolved
   later to the article's principal states or to its heads of state.
3. Other runs of capitalised words ("HD Hyundai Heavy Industries", "Ministry of Transport",
   "Agencia Chilena de Innovación Energética (ACIE)") are names. A name is a state (from the
   gazetteer), an earlier party again ("Hyundai" after "HD Hyundai Heavy Industries", "KAI"
   after "Korea Aerospace Industries (KAI)", "Yoon"), a place or an instrument (ignored),
   or a new organisation whose kind and country are guessed from its own words ("Navy",
   "Industries", "Korea Aerospace…") and from the description around it ("Peru's
   state-owned shipyard SIMA", "Osaka-based shipbuilder …", "…, a South Korean firm").
4. Each mention gets a role in its sentence: an actor, a modifier ("Peru's" in "Peru's
   state-owned shipyard"), a location ("in Manila"), a witness ("in the presence of …") or
   an attribution ("…, the companies said"). Only actors take part in agreements.
"""

import re
from dataclasses import dataclass, field

from core.search import fold

from .gazetteer import (
    BANK_HEADS,
    COMPANY_HEADS,
    COMPANY_NOUNS,
    CORPORATE_TITLES,
    COUNTRY_INDEX,
    GOVERNMENT_HEADS,
    GOVERNMENT_NOUNS,
    HEAD_TITLES,
    INSTRUMENT_HEADS,
    INTERNATIONAL_HEADS,
    INTERNATIONAL_NOUNS,
    INTERNATIONAL_ORGANIZATIONS,
    MINISTER_QUALIFIERS,
    NAME_CONTINUES_AFTER,
    OFFICIAL_TITLES,
    PLACE_HEADS,
    PLACES,
    REGIONAL_ADJECTIVES,
    ROMANCE_COMPANY_HEADS,
    ROMANCE_ENTERPRISE_HEADS,
    ROMANCE_GOVERNMENT_HEADS,
    STATE_ENTERPRISE_HEADS,
    STOPWORDS,
)

STATE = "state"
GOVERNMENT_BODY = "government_body"
STATE_ENTERPRISE = "state_enterprise"
COMPANY = "company"
INTERNATIONAL = "international_organization"
PERSON = "person"

ACTOR, MODIFIER, LOCATION, WITNESS, ATTRIBUTION = (
    "actor",
    "modifier",
    "location",
    "witness",
    "attribution",
)


def _alternation(words):
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_CAP = r"[A-ZÀ-Ý][\w'’-]*"
# Names may hold lowercase particles: "Khalid bin Saeed", "Ursula von der Leyen".
_PARTICLE = r"(?:bin|bint|ibn|al|el|van|von|der|de|da|di|du|dos|del)"
_NAME = rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP}){{0,3}}"
_HONORIFIC = r"(?:(?:Sheikh|Sir|Dame|Dr\.?|Mr\.?|Mrs\.?|Ms\.?)\s+)?"
_DEMONYMS = _alternation(COUNTRY_INDEX.by_demonym)
_COUNTRY_NAMES = _alternation(COUNTRY_INDEX.by_name)
_QUALIFIERS = _alternation(MINISTER_QUALIFIERS)
_TITLES = (
    rf"(?:(?:{_QUALIFIERS})\s+){{0,3}}(?:Minister|Secretary)(?!-)"
    rf"|{_alternation(HEAD_TITLES + OFFICIAL_TITLES)}"
)
PERSON_RE = re.compile(
    rf"(?:(?P<owner>{_CAP}(?:\s+{_CAP})?)['’]s\s+|(?P<demonym>{_DEMONYMS})\s+)?"
    rf"(?P<title>{_TITLES})(?:\s+|,\s+(?=(?:Sheikh|Sir|Dame)\s|[A-Z][a-z]+\s[A-Z]))"
    rf"{_HONORIFIC}(?P<name>{_NAME})"
    rf"(?:\s+of\s+(?:the\s+)?(?P<of>{_COUNTRY_NAMES})\b)?"
)
CORPORATE_PERSON_RE = re.compile(
    rf"(?:(?P<org>{_CAP}(?:\s+{_CAP}){{0,3}})(?:['’]s)?\s+|\b(?:its|the)\s+)?"
    rf"(?P<title>{_alternation(CORPORATE_TITLES)})(?:\s+|,\s+(?=[A-Z][a-z]+\s[A-Z]))"
    rf"{_HONORIFIC}(?P<name>{_NAME})"
)
# "the French company": the latest company of that country named before.
DESCRIBED_PARTY_RE = re.compile(
    rf"\b[Tt]he\s+(?P<demonym>{_DEMONYMS})\s+(?P<noun>company|firm|group|shipbuilder|"
    r"manufacturer|maker|carmaker|planemaker|bank|lender|partner|shipyard|contractor)\b"
)
GROUP_RE = re.compile(
    r"\b(?:[Tt]he|[Bb]oth|[Tt]heir|[Aa]ll)\s+(?:(?:two|three|four)\s+)?"
    r"(?P<what>leaders|presidents|heads of state|prime ministers|countries|nations|"
    r"governments|sides|states)\b"
)
WITNESS_RE = re.compile(
    r"\b(?:in the presence of|watched by|witnessed by|attended by|during (?:a|an|the)"
    r"(?:\s+[\w-]+){0,3}\s+visit by|hosted by)\b[^,;.]*",
    re.IGNORECASE,
)
ATTRIBUTION_AFTER_RE = re.compile(r"^\s*(?:said|says|told|stated|reported|announced)\b")
LOCATION_WORDS = {"in", "at", "near", "across", "into", "throughout", "around", "inside",
                  "outside", "within", "towards", "toward"}  # fmt: skip
TOPIC_WORDS = {"to", "of", "on", "for", "about", "towards", "toward", "over"}
# Acronyms of instruments, not of parties.
INSTRUMENT_ACRONYMS = {"MOU", "MoU", "MOUs", "MoUs", "MOC", "LOI", "LOIs", "FTA", "CEPA", "EPA"}
ROMANCE_CONNECTORS = {"de", "del", "la", "las", "los", "do", "da", "dos", "das", "des", "du",
                      "di", "y", "e"}  # fmt: skip
NAME_PARTICLES = {"of", "for", "the", "and", "&"} | ROMANCE_CONNECTORS
ABBREVIATION_RE = re.compile(r"^(?:[A-Za-z]\.){2,}$|^(?:Co|Inc|Corp|Ltd|Jr|S\.p\.A)\.$")
TOKEN_RE = re.compile(r"[^\W\d_][\w.’'&-]*|\d[\w.,-]*")

_OWNER = rf"(?P<owner>{_CAP}(?:\s+{_CAP}){{0,2}})['’]s\s+"
_BASED = r"(?P<based>[A-ZÀ-Ý][\w’'.]*(?:\s[A-ZÀ-Ý][\w’'.]*)*)-based\s+"
_NOUNS = _alternation(COMPANY_NOUNS + GOVERNMENT_NOUNS + INTERNATIONAL_NOUNS)
DESCRIPTOR_BEFORE_RE = re.compile(
    rf"(?:(?:the|a|an)\s+)?(?:{_OWNER}|(?P<demonym>{_DEMONYMS})\s+|{_BASED})?"
    rf"(?P<desc>(?:[a-z][\w-]*\s+){{0,3}}?)(?:(?P<noun>{_NOUNS})\s*,?\s*)?(?:the\s+)?$"
)
DESCRIPTOR_AFTER_RE = re.compile(
    rf"^\s*,\s*(?:(?:the|a|an)\s+)?(?:{_OWNER}|(?P<demonym>{_DEMONYMS})\s+|{_BASED})?"
    rf"(?P<desc>(?:[a-z][\w-]*\s+){{0,3}}?)(?P<noun>{_NOUNS})\b"
)
STATE_OWNED_RE = re.compile(
    r"\b(?:state-owned|state-run|state-controlled|government-owned|government-run|"
    r"publicly owned|state)\b"
)
ACRONYM_AFTER_RE = re.compile(r"^\s*\((?P<acronym>[A-Z][A-Za-z0-9&.-]{1,11})\)")


@dataclass
class Entity:
    key: int
    name: str
    kind: str
    country: str = ""
    aliases: list = field(default_factory=list)
    title: str = ""  # persons: "President", "Economy Minister", "chief executive"
    head: bool = False  # head of state or government
    official: bool = False  # speaks for a state (heads, ministers, ambassadors)
    employer: int | None = None
    first_position: int = 0
    first_sentence: int = 0
    why: list = field(default_factory=list)

    @property
    def tokens(self):
        words = set()
        for name in (self.name, *self.aliases):
            words.update(re.findall(r"[\w’'-]+", name))
        return words

    def short(self):
        """The shortest name an agreement title may use: "KAI", "South Korea"."""
        if self.kind == STATE:
            country = COUNTRY_INDEX.by_code.get(self.country)
            return country.short_name if country else self.name
        acronyms = [alias for alias in self.aliases if alias.isupper() and len(alias) <= 6]
        return acronyms[0] if acronyms else self.name


@dataclass
class Mention:
    start: int  # offsets in the whole text
    end: int
    sentence: int
    role: str
    entity: int | None = None  # Entity.key
    group: str = ""  # "leaders" or "states" for group references
    possessive: bool = False
    title: str = ""  # for persons: the title used here

    @property
    def is_actor(self):
        return self.role == ACTOR


@dataclass
class Token:
    text: str
    start: int
    end: int
    possessive: bool = False

    @property
    def capitalized(self):
        return self.text[:1].isupper() and not any(char.isdigit() for char in self.text)

    @property
    def based(self):
        return self.text.endswith("-based")


class Registry:
    """The parties found so far in one article, with what identifies them."""

    def __init__(self, *, dateline_country=""):
        self.entities = []
        self.dateline_country = dateline_country
        self._states = {}

    def add(self, name, kind, *, position, sentence, **fields):
        entity = Entity(
            key=len(self.entities),
            name=name,
            kind=kind,
            first_position=position,
            first_sentence=sentence,
            **fields,
        )
        self.entities.append(entity)
        return entity

    def get(self, key):
        return self.entities[key]

    def state(self, code, *, position, sentence, why):
        if code in self._states:
            entity = self.entities[self._states[code]]
            if position < entity.first_position:
                entity.first_position, entity.first_sentence = position, sentence
            return entity
        country = COUNTRY_INDEX.by_code[code]
        aliases = [
            name for name in (country.short_name, *country.other_names) if name != country.name
        ]
        entity = self.add(
            country.name,
            STATE,
            position=position,
            sentence=sentence,
            country=code,
            aliases=aliases,
            why=[why],
        )
        self._states[code] = entity.key
        return entity

    def states(self):
        return [self.entities[key] for key in self._states.values()]

    def find(self, surface, *, kinds=None):
        """The party already known by this exact name or alias (case and accents aside)."""
        wanted = fold(surface)
        for entity in reversed(self.entities):
            if kinds and entity.kind not in kinds:
                continue
            if wanted in (fold(entity.name), *(fold(alias) for alias in entity.aliases)):
                return entity
        return None

    def find_by_words(self, words, *, kinds=None):
        """The latest party whose name contains all these distinctive words ("Hyundai")."""
        words = [word for word in words if word not in NAME_PARTICLES]
        if not words or all(_generic(word) for word in words):
            return None
        for entity in reversed(self.entities):
            if kinds and entity.kind not in kinds:
                continue
            if entity.kind == STATE:
                continue
            if all(word in entity.tokens for word in words):
                return entity
        return None


def _generic(word):
    return (
        word in COMPANY_HEADS
        or word in GOVERNMENT_HEADS
        or word in BANK_HEADS
        or word in COUNTRY_INDEX.by_name
        or word in COUNTRY_INDEX.by_demonym
        or word in {"National", "International", "Development", "Defense", "Defence", "Heavy"}
    )


def distinctive_words(entity):
    """The words of a party's names that may identify it ("Hyundai", not "Industries")."""
    return {
        word
        for word in entity.tokens
        if len(word) > 3 and word[0].isupper() and not _generic(word) and word not in STOPWORDS
    }


def _strip_possessive(text):
    for suffix in ("’s", "'s"):
        if text.endswith(suffix):
            return text[: -len(suffix)], True
    if text.endswith(("s’", "s'")):
        return text[:-1], True
    return text, False


def tokenize(text, base):
    tokens = []
    for match in TOKEN_RE.finditer(text):
        raw = match.group()
        start, end = match.start(), match.end()
        while raw.endswith(("'", "’")) and not raw.endswith(("s’", "s'")):
            raw, end = raw[:-1], end - 1
        if raw.endswith(".") and not ABBREVIATION_RE.match(raw):
            raw, end = raw.rstrip("."), end - (len(raw) - len(raw.rstrip(".")))
        cleaned, possessive = _strip_possessive(raw)
        if not cleaned:
            continue
        tokens.append(Token(cleaned, base + start, base + start + len(cleaned), possessive))
    return tokens


def acronym_of(name):
    """Initials of the significant words of `name` ("Asia-Pacific Economic Cooperation" → APEC)."""
    words = re.findall(r"[^\W\d_]+", name)
    return "".join(word[0].upper() for word in words if word.lower() not in NAME_PARTICLES)


def country_in_name(name):
    """A country named inside a name: "Korea Aerospace Industries" → KR, "Agencia Chilena …" → CL."""
    words = name.split()
    for size in (3, 2, 1):
        for index in range(len(words) - size + 1):
            piece = " ".join(words[index : index + size])
            country = COUNTRY_INDEX.by_name.get(piece) or COUNTRY_INDEX.by_demonym.get(piece)
            if country:
                return country.code, piece
    return "", ""


def _name_head(words):
    """The word that says what an organisation is: "Ministry" in "Ministry of Transport",
    "Agencia" in a Spanish name, otherwise the last word ("Navy", "Industries")."""
    if words[0] in ROMANCE_GOVERNMENT_HEADS | ROMANCE_ENTERPRISE_HEADS | ROMANCE_COMPANY_HEADS:
        return words[0]
    for index, word in enumerate(words):
        if word in {"of", "for"} and index > 0:
            return words[index - 1]
    return words[-1]


@dataclass
class Descriptor:
    """What the words around a name say about it."""

    country: str = ""
    country_cue: str = ""
    noun: str = ""
    state_owned: bool = False
    text: str = ""

    @classmethod
    def around(cls, before, after):
        descriptor = cls()
        match = DESCRIPTOR_AFTER_RE.match(after) or DESCRIPTOR_BEFORE_RE.search(before)
        if not match:
            return descriptor
        owner, demonym, based = match["owner"], match["demonym"], match["based"]
        if owner and owner in COUNTRY_INDEX.by_name:
            descriptor.country = COUNTRY_INDEX.by_name[owner].code
            descriptor.country_cue = f"“{owner}’s”"
        elif demonym:
            descriptor.country = COUNTRY_INDEX.by_demonym[demonym].code
            descriptor.country_cue = f"“{demonym}”"
        elif based and based.strip() in COUNTRY_INDEX.by_city:
            descriptor.country = COUNTRY_INDEX.by_city[based.strip()].code
            descriptor.country_cue = f"“{based.strip()}-based”"
        descriptor.noun = (match["noun"] or "").lower()
        words = f"{match['desc'] or ''}{descriptor.noun}"
        descriptor.state_owned = bool(STATE_OWNED_RE.search(words)) and (
            "state " not in words or bool(descriptor.noun)
        )
        descriptor.text = match.group().strip(" ,")
        return descriptor

    @property
    def says_something(self):
        return bool(self.country or self.noun or self.state_owned)


def guess_kind(name, descriptor):
    """(kind, reason) for a new organisation from its name and the words around it."""
    words = name.split()
    head = _name_head(words)
    last = words[-1]
    two_last = " ".join(words[-2:])
    military = {"Army", "Navy", "Air Force", "Marina", "Ejército", "National", "State"}
    if name in INTERNATIONAL_ORGANIZATIONS:
        return INTERNATIONAL, "a known international organisation"
    if words[0] in {"Republic", "Kingdom", "Federation", "Commonwealth"}:
        return STATE, f"“{words[0]} of …”"
    if head in STATE_ENTERPRISE_HEADS or head in ROMANCE_ENTERPRISE_HEADS:
        if descriptor.state_owned or head in ROMANCE_ENTERPRISE_HEADS or military & set(words):
            return STATE_ENTERPRISE, f"a state “{head}”"
        return COMPANY, f"“{head}”"
    if descriptor.state_owned:
        return STATE_ENTERPRISE, f"“{descriptor.text}”"
    if two_last in GOVERNMENT_HEADS or head in GOVERNMENT_HEADS or head in ROMANCE_GOVERNMENT_HEADS:
        return GOVERNMENT_BODY, f"“{two_last if two_last in GOVERNMENT_HEADS else head}”"
    if head in BANK_HEADS:
        if "Central" in words:
            return GOVERNMENT_BODY, "a central bank"
        return COMPANY, f"“{head}”"
    if head in INTERNATIONAL_HEADS:
        return INTERNATIONAL, f"“{head}”"
    if last in COMPANY_HEADS or head in COMPANY_HEADS or words[0] in ROMANCE_COMPANY_HEADS:
        return COMPANY, f"“{last if last in COMPANY_HEADS else head}”"
    if descriptor.noun:
        if descriptor.noun in GOVERNMENT_NOUNS:
            return GOVERNMENT_BODY, f"“{descriptor.text}”"
        if descriptor.noun in INTERNATIONAL_NOUNS:
            return INTERNATIONAL, f"“{descriptor.text}”"
        return COMPANY, f"“{descriptor.text}”"
    return COMPANY, "no cue: an organisation, guessed to be a company"


@dataclass
class SentenceReading:
    """The mentions of one sentence, and the spans the agreement rules need."""

    mentions: list = field(default_factory=list)
    instrument_names: list = field(default_factory=list)  # (start, end, name)


class EntityReader:
    """Reads the sentences of one article in order, growing a Registry."""

    def __init__(self, document):
        self.document = document
        city = document.dateline_city
        dateline = COUNTRY_INDEX.by_city.get(city) or COUNTRY_INDEX.by_name.get(city)
        self.registry = Registry(dateline_country=dateline.code if dateline else "")

    def read(self, sentence, *, taken=()):
        """The mentions of `sentence`; `taken` are spans already read as amounts or dates."""
        reading = SentenceReading()
        text, base = sentence.text, sentence.start
        taken = list(taken)
        witness_spans = [(base + m.start(), base + m.end()) for m in WITNESS_RE.finditer(text)]
        self._people(sentence, reading, taken)
        for match in GROUP_RE.finditer(text):
            span = (base + match.start(), base + match.end())
            if _overlaps(span, taken):
                continue
            taken.append(span)
            what = match["what"]
            group = (
                "leaders"
                if what in {"leaders", "presidents", "heads of state", "prime ministers"}
                else "states"
            )
            reading.mentions.append(Mention(*span, sentence.index, ACTOR, group=group))
        for match in DESCRIBED_PARTY_RE.finditer(text):
            span = (base + match.start(), base + match.end())
            country = COUNTRY_INDEX.by_demonym[match["demonym"]].code
            earlier = [
                e
                for e in self.registry.entities
                if e.country == country and e.kind in {COMPANY, STATE_ENTERPRISE}
            ]
            if earlier and not _overlaps(span, taken):
                taken.append(span)
                reading.mentions.append(
                    Mention(*span, sentence.index, ACTOR, entity=earlier[-1].key)
                )
        self._names(sentence, reading, taken)
        for mention in reading.mentions:
            if any(start <= mention.start < end for start, end in witness_spans):
                mention.role = WITNESS
        reading.mentions.sort(key=lambda mention: mention.start)
        return reading

    # --- People ------------------------------------------------------------------------

    def _people(self, sentence, reading, taken):
        text, base = sentence.text, sentence.start
        for pattern, corporate in ((PERSON_RE, False), (CORPORATE_PERSON_RE, True)):
            for match in pattern.finditer(text):
                span = (base + match.start(), base + match.end())
                if _overlaps(span, taken):
                    continue
                name_words = match["name"].split()
                while name_words and (name_words[-1] in STOPWORDS):
                    name_words.pop()
                if not name_words:
                    continue
                name, _ = _strip_possessive(" ".join(name_words))
                name_end = match.start("name") + len(name)
                if name in COUNTRY_INDEX.by_name or name in STOPWORDS:
                    continue
                title = match["title"]
                person = self._person(
                    name, title, match, corporate, sentence, base + match.start("name")
                )
                groups = match.groupdict()
                span_end = match.end("of") if groups.get("of") else name_end
                span = (base + match.start(), base + span_end)
                taken.append(span)
                reading.mentions.append(
                    Mention(
                        base + match.start("name"),
                        base + name_end,
                        sentence.index,
                        ACTOR,
                        entity=person.key,
                        title=title,
                    )
                )

    def _person(self, name, title, match, corporate, sentence, position):
        registry = self.registry
        groups = match.groupdict()
        person = registry.find(name, kinds={PERSON})
        if person is None and len(name.split()) == 1:
            person = registry.find_by_words([name], kinds={PERSON})
        if person is None:
            person = registry.add(name, PERSON, position=position, sentence=sentence.index)
            person.why.append(f"a person: “{title} {name}”")
        if not person.title:
            person.title = title
        head = not corporate and (title in HEAD_TITLES)
        official = not corporate
        person.head = person.head or head
        person.official = person.official or official
        if not person.country:
            country, cue = "", ""
            of, demonym, owner = groups.get("of"), groups.get("demonym"), groups.get("owner")
            if of:
                country, cue = COUNTRY_INDEX.by_name[of].code, f"“of {of}”"
            elif demonym:
                country, cue = COUNTRY_INDEX.by_demonym[demonym].code, f"“{demonym}”"
            elif owner in COUNTRY_INDEX.by_name:
                country, cue = COUNTRY_INDEX.by_name[owner].code, f"“{owner}’s”"
            elif corporate and groups.get("org"):
                employer = self._organisation_by_name(groups["org"])
                if employer is not None:
                    person.employer = employer.key
                    if employer.country:
                        country, cue = employer.country, f"works for {employer.name}"
            if not country and official and registry.dateline_country:
                country = registry.dateline_country
                cue = f"the dateline ({self.document.dateline_city})"
            if country:
                person.country = country
                person.why.append(f"country from {cue}")
                if of or demonym or owner in COUNTRY_INDEX.by_name:
                    registry.state(
                        country, position=position, sentence=sentence.index, why=f"named {cue}"
                    )
        return person

    def _organisation_by_name(self, surface):
        registry = self.registry
        return registry.find(surface) or registry.find_by_words(surface.split())

    # --- Names -------------------------------------------------------------------------

    def _names(self, sentence, reading, taken):
        text, base = sentence.text, sentence.start
        tokens = [
            token
            for token in tokenize(text, base)
            if not _overlaps((token.start, token.end), taken)
        ]
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if not token.capitalized or token.based or token.text in STOPWORDS:
                index += 1
                continue
            last = self._extend(tokens, index, text, base)
            chunk = tokens[index : last + 1]
            index = last + 1
            self._classify(chunk, sentence, reading, tokens)

    def _gap_is_space(self, text, base, left, right):
        return text[left.end - base : right.start - base].strip() == ""

    def _extend(self, tokens, index, text, base):
        """The index of the last token of the name that starts at `index`."""
        last = index
        while True:
            current = tokens[last]
            if current.possessive or last + 1 >= len(tokens):
                return last
            following = tokens[last + 1]
            if not self._gap_is_space(text, base, current, following):
                return last
            if following.capitalized and not following.based and following.text not in STOPWORDS:
                last += 1
                continue
            word = following.text
            ahead = last + 2
            if word in {"of", "for"} and current.text in NAME_CONTINUES_AFTER:
                if ahead < len(tokens) and tokens[ahead].text == "the":
                    ahead += 1
                if self._joinable(tokens, last + 1, ahead, text, base):
                    last = ahead
                    continue
            if word in ROMANCE_CONNECTORS and word not in {"y", "e"}:
                if ahead < len(tokens) and tokens[ahead].text in {"la", "las", "los"}:
                    ahead += 1
                if self._joinable(tokens, last + 1, ahead, text, base):
                    last = ahead
                    continue
            if word in {"and", "&", "y", "e"} and self._joins_across_and(
                tokens, index, last, text, base
            ):
                last = ahead
                continue
            return last

    def _joinable(self, tokens, left, right, text, base):
        if right >= len(tokens) or not tokens[right].capitalized:
            return False
        return all(
            self._gap_is_space(text, base, tokens[position], tokens[position + 1])
            for position in range(left - 1, right)
        )

    def _joins_across_and(self, tokens, index, last, text, base):
        """ "Army Weapons and Ammunition Factory" is one name; "Yoon and Boluarte" is two."""
        ahead = last + 2
        if ahead >= len(tokens) or not self._joinable(tokens, last + 1, ahead, text, base):
            return False
        if tokens[last + 1].text == "&":
            return True
        end = ahead
        while (
            end + 1 < len(tokens)
            and tokens[end + 1].capitalized
            and not tokens[end].possessive
            and self._gap_is_space(text, base, tokens[end], tokens[end + 1])
        ):
            end += 1
        heads = COMPANY_HEADS | GOVERNMENT_HEADS | STATE_ENTERPRISE_HEADS | BANK_HEADS
        before = " ".join(token.text for token in tokens[index : last + 1])
        return (
            tokens[end].text in heads
            and tokens[last].text not in heads
            and before not in COUNTRY_INDEX.by_name
            and self.registry.find(before) is None
        )

    def _classify(self, chunk, sentence, reading, tokens):
        text, base = sentence.text, sentence.start
        start, end = chunk[0].start, chunk[-1].end
        possessive = chunk[-1].possessive
        words = [token.text for token in chunk]
        while words and words[-1] in STOPWORDS:
            words.pop()
            chunk = chunk[:-1]
            if not chunk:
                return
            end = chunk[-1].end
        name = text[start - base : end - base]
        after = text[end - base + (2 if possessive else 0) :]
        before = text[: start - base]
        if name in PLACES or words[-1] in PLACE_HEADS or name in INSTRUMENT_ACRONYMS:
            return
        if words[-1] in INSTRUMENT_HEADS:
            reading.instrument_names.append((start, end, name))
            return
        # "…,” Yoon said." and "…, the companies said" attribute; "Kaiyo said it had won" acts.
        attribution = bool(
            (ATTRIBUTION_AFTER_RE.match(after) and re.search(r"[,”\"]\s*(?:the\s+)?$", before))
            or re.search(r"according to\s+(?:the\s+)?$", before)
        )
        preposition = _preceding_word(before)
        # A state, by name or by its capital: "in Manila" is a place, "Tokyo will give" an actor.
        country = COUNTRY_INDEX.by_name.get(name)
        capital = COUNTRY_INDEX.by_capital.get(name)
        if country or capital:
            found = country or capital
            if attribution:
                role = ATTRIBUTION
            elif preposition in LOCATION_WORDS | {"of"}:
                role = LOCATION
            elif possessive:
                role = MODIFIER
            else:
                role = ACTOR
            cue = f"named “{name}”" if country else f"its capital, “{name}”"
            state = self.registry.state(
                found.code, position=start, sentence=sentence.index, why=cue
            )
            reading.mentions.append(
                Mention(start, end, sentence.index, role, entity=state.key, possessive=possessive)
            )
            return
        if name in COUNTRY_INDEX.by_city or name in REGIONAL_ADJECTIVES:
            return
        # A demonym: an adjective ("South Korean companies") or part of a name ("Peruvian Navy").
        demonym, rest = _leading_demonym(words)
        if demonym and not rest:
            return
        role = (
            ATTRIBUTION if attribution else (LOCATION if preposition in LOCATION_WORDS else ACTOR)
        )
        # A party named before.
        known = self.registry.find(name)
        if known is None and len(words) <= 2:
            known = self.registry.find_by_words(words)
        if known is not None:
            reading.mentions.append(
                Mention(start, end, sentence.index, role, entity=known.key, possessive=possessive)
            )
            return
        # A new organisation.
        acronym_match = None if possessive else ACRONYM_AFTER_RE.match(after)
        aliases = []
        why = []
        if acronym_match:
            acronym = acronym_match["acronym"]
            if acronym == name:
                acronym_match = None
            elif (
                acronym_of(name) == acronym.replace(".", "").upper()
                or name in INTERNATIONAL_ORGANIZATIONS
            ):
                aliases.append(acronym)
            else:
                # The acronym of a name in another language: "(FAME)" after "Army Weapons
                # and Ammunition Factory" is Fábrica de Armas y Municiones del Ejército.
                aliases.append(name)
                why.append(f"“{acronym}” does not spell “{name}”: it is the party’s own name")
                name = acronym
        if acronym_match:
            after = after[acronym_match.end() :]
        descriptor = Descriptor.around(before, after)
        kind_source = aliases[0] if aliases and not aliases[0].isupper() else name
        kind, kind_reason = guess_kind(kind_source, descriptor)
        unknown = kind_reason.startswith("no cue")
        if unknown and (role != ACTOR or preposition in TOPIC_WORDS):
            # An unknown name in a place or topic slot ("gateway to Machu Picchu",
            # "cooperate on Typhoon fighter jets") is no party.
            return
        country, country_cue = descriptor.country, descriptor.country_cue
        if not country:
            country, piece = country_in_name(kind_source)
            country_cue = f"“{piece}” in the name" if country else ""
        if kind == STATE and not country:
            return
        entity = self.registry.add(
            name,
            kind,
            position=start,
            sentence=sentence.index,
            country=country,
            aliases=aliases,
            why=[f"kind from {kind_reason}", *why],
        )
        if country:
            entity.why.append(f"country from {country_cue}")
        reading.mentions.append(
            Mention(start, end, sentence.index, role, entity=entity.key, possessive=possessive)
        )


def _preceding_word(before):
    """The last lowercase word before a name, skipping "the" and a possessive ("in Brazil's")."""
    match = re.search(
        r"\b([a-z]+)\s+(?:(?:the|a|an)\s+)?(?:[A-ZÀ-Ý][\w.’'-]*['’]s\s+)?$",
        before,
    )
    return match.group(1) if match else ""


def _leading_demonym(words):
    for size in (2, 1):
        piece = " ".join(words[:size])
        if len(words) >= size and piece in COUNTRY_INDEX.by_demonym:
            return piece, words[size:]
    return "", words


def _overlaps(span, taken):
    return any(span[0] < end and start < span[1] for start, end in taken)
