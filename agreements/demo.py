"""The Korea–Peru demo of DESIGN.md §7: one news article, modelled faithfully.

The data comes first, as plain structures. Every fact is taken from the seed
article (`korea-peru-summit-2024-11-18.txt`, published Monday 2024-11-18) or
is well-documented context it implies (APEC 2024 was held in Lima); what the
article does not say, such as when the $463 million contract was signed,
stays empty. Every quote is copied verbatim from the article.

`load_demo()` below writes it idempotently: entries are upserted by slug and
only saved when something differs, so a second run changes nothing (not even
`updated_at`).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.models import Publication
from parties.models import Party, PartyAlias

from .models import (
    Agreement,
    AgreementRelation,
    Citation,
    Event,
    Participation,
    Sector,
    Source,
)
from .services import agreement_publication_problems

SUMMIT_DAY = date(2024, 11, 16)  # "during their summit on Saturday", article of Monday 2024-11-18
LIMA = "Lima, Peru"

SOURCE = {
    # The seed text has no headline or publisher: the title describes its lead sentence.
    "title": "South Korea and Peru agree to strengthen defense and minerals cooperation",
    "publisher": "",
    "url": "",
    "published_on": date(2024, 11, 18),
    "language": "en",
}

SECTORS = [
    ("Defense", "Armed forces, military equipment and the defense industry."),
    ("Shipbuilding", "Design and construction of ships and submarines, naval and commercial."),
    ("Aerospace", "Aircraft, their components and maintenance, and space systems."),
    ("Land systems", "Ground equipment for armies: vehicles, weapons and ammunition."),
    ("Critical minerals", "Minerals essential to industrial supply chains, and access to them."),
    ("Mining", "Exploration, extraction and processing of mineral resources."),
    ("Infrastructure", "Airports, roads, ports and other public works."),
    ("Transport", "Moving people and goods: aviation, rail, roads and shipping."),
    ("Diplomacy", "Relations between states: summits, joint statements, strategic partnerships."),
]

# Parents come before their children. Aliases are (name, BCP 47 language); an
# acronym used in any language has no language.
PARTIES = [
    {
        "slug": "republic-of-korea",
        "name": "Republic of Korea",
        "short_name": "South Korea",
        "kind": "state",
        "country": "KR",
        "aliases": [("대한민국", "ko"), ("South Korea", "en"), ("Korea", "en")],
    },
    {
        "slug": "republic-of-peru",
        "name": "Republic of Peru",
        "short_name": "Peru",
        "kind": "state",
        "country": "PE",
        "aliases": [("Perú", "es"), ("República del Perú", "es"), ("Peru", "en")],
    },
    {
        "slug": "yoon-suk-yeol",
        "name": "Yoon Suk Yeol",
        "kind": "person",
        "country": "KR",
        "description": "President of South Korea at the time of the November 2024 summit "
        "with Peru; he took office in May 2022.",
        "aliases": [("윤석열", "ko")],
    },
    {
        "slug": "dina-boluarte",
        "name": "Dina Boluarte",
        "kind": "person",
        "country": "PE",
        "description": "President of Peru at the time of the November 2024 summit "
        "with South Korea.",
    },
    {
        "slug": "hd-hyundai-heavy-industries",
        "name": "HD Hyundai Heavy Industries",
        "short_name": "HD HHI",
        "kind": "company",
        "country": "KR",
        "description": "South Korean shipbuilder.",
        "aliases": [("HD HHI", ""), ("Hyundai Heavy Industries", ""), ("HD현대중공업", "ko")],
    },
    {
        "slug": "sima",
        "name": "SIMA",
        "kind": "state_enterprise",
        "country": "PE",
        "parent": "republic-of-peru",
        "description": "Peru’s state-owned shipyard.",
        "aliases": [("Servicios Industriales de la Marina", "es")],
    },
    {
        "slug": "peruvian-navy",
        "name": "Peruvian Navy",
        "kind": "government_body",
        "country": "PE",
        "parent": "republic-of-peru",
        "aliases": [("Marina de Guerra del Perú", "es")],
    },
    {
        "slug": "korea-aerospace-industries",
        "name": "Korea Aerospace Industries",
        "short_name": "KAI",
        "kind": "company",
        "country": "KR",
        "description": "South Korean aerospace manufacturer, maker of the KF-21 fighter jet.",
        "aliases": [("KAI", ""), ("한국항공우주산업", "ko")],
    },
    {
        "slug": "seman",
        "name": "SEMAN",
        "kind": "state_enterprise",
        "country": "PE",
        "parent": "republic-of-peru",
        "description": "Peru’s state-run aviation agency.",
        "aliases": [("Servicio de Mantenimiento de la Fuerza Aérea del Perú", "es")],
    },
    {
        "slug": "hyundai-rotem",
        "name": "Hyundai Rotem",
        "kind": "company",
        "country": "KR",
        "description": "South Korean maker of defense equipment and rolling stock.",
        "aliases": [("현대로템", "ko")],
    },
    {
        "slug": "fame",
        "name": "FAME",
        "kind": "state_enterprise",
        "country": "PE",
        "parent": "republic-of-peru",
        "description": "Peru’s Army Weapons and Ammunition Factory.",
        "aliases": [
            ("Fábrica de Armas y Municiones del Ejército", "es"),
            ("Army Weapons and Ammunition Factory", "en"),
        ],
    },
]

# Parents come before their children.
EVENTS = [
    {
        "slug": "apec-economic-leaders-week-2024",
        "name": "APEC Economic Leaders' Week 2024",
        "kind": "summit",
        "starts_on": date(2024, 11, 10),
        "ends_on": date(2024, 11, 16),
        "place": LIMA,
        "country": "PE",
        "description": "The 2024 Asia-Pacific Economic Cooperation (APEC) Economic Leaders’ "
        "Week, hosted by Peru in Lima.",
    },
    {
        "slug": "korea-peru-summit-2024",
        "name": "Korea–Peru summit 2024",
        "kind": "summit",
        "starts_on": SUMMIT_DAY,
        "ends_on": SUMMIT_DAY,
        "place": LIMA,
        "country": "PE",
        "parent": "apec-economic-leaders-week-2024",
        "description": "Summit of Presidents Yoon Suk Yeol and Dina Boluarte on the sidelines "
        "of APEC in Lima: the first visit of a South Korean president to Peru in nine years.",
    },
]

_STATES_AT_THE_SUMMIT = [
    ("republic-of-korea", "party", "yoon-suk-yeol", "President"),
    ("republic-of-peru", "party", "dina-boluarte", "President"),
]

# Participants are (party, role, representative, representative title).
AGREEMENTS = [
    {
        "slug": "hd-hhi-peruvian-navy-naval-vessels-contract",
        "title": "HD Hyundai Heavy Industries contract to deliver naval vessels to the Peruvian Navy",
        "kind": "contract",
        "status": "signed",
        "legal_nature": "commercial",
        "value_amount": Decimal("463000000.00"),
        "value_currency": "USD",
        "summary": "HD Hyundai Heavy Industries’ existing $463 million contract to deliver "
        "naval vessels to the Peruvian Navy. The source does not say when it was signed.",
        "sectors": ["defense", "shipbuilding"],
        "participants": [
            ("hd-hyundai-heavy-industries", "contractor", None, ""),
            ("peruvian-navy", "client", None, ""),
        ],
        "quote": "This agreement builds on Hyundai’s existing $463 million contract to deliver "
        "naval vessels to the Peruvian Navy.",
    },
    {
        "slug": "hd-hhi-sima-submarine-mou-2024",
        "title": "HD Hyundai Heavy Industries–SIMA MOU on joint submarine development",
        "kind": "mou",
        "status": "signed",
        "legal_nature": "non_binding",
        "signed_on": SUMMIT_DAY,
        "place": LIMA,
        "event": "korea-peru-summit-2024",
        "summary": "HD Hyundai Heavy Industries and Peru’s state-owned shipyard SIMA signed a "
        "memorandum of understanding for joint submarine development, building on HD Hyundai "
        "Heavy Industries’ existing $463 million contract to deliver naval vessels to the "
        "Peruvian Navy.",
        "sectors": ["defense", "shipbuilding"],
        "participants": [
            ("hd-hyundai-heavy-industries", "party", None, ""),
            ("sima", "party", None, ""),
        ],
        "quote": "HD Hyundai Heavy Industries and Peru’s state-owned shipyard SIMA also took "
        "steps to advance their partnership, signing a memorandum of understanding (MOU) for "
        "joint submarine development. This agreement builds on Hyundai’s existing $463 million "
        "contract to deliver naval vessels to the Peruvian Navy.",
    },
    {
        "slug": "kai-seman-kf21-components-mou-2024",
        "title": "KAI–SEMAN MOU on joint production of KF-21 components",
        "kind": "mou",
        "status": "signed",
        "legal_nature": "non_binding",
        "signed_on": SUMMIT_DAY,
        "place": LIMA,
        "event": "korea-peru-summit-2024",
        "summary": "Korea Aerospace Industries (KAI) and SEMAN, Peru’s state-run aviation "
        "agency, signed a memorandum of understanding for the joint production of KF-21 "
        "fighter jet components.",
        "sectors": ["defense", "aerospace"],
        "participants": [
            ("korea-aerospace-industries", "party", None, ""),
            ("seman", "party", None, ""),
        ],
        "quote": "In another significant development, Korea Aerospace Industries (KAI) signed an "
        "MOU with Peru’s state-run aviation agency, SEMAN, for joint production of KF-21 "
        "fighter jet components.",
    },
    {
        "slug": "hyundai-rotem-fame-cooperation-agreement-2024",
        "title": "Hyundai Rotem–FAME comprehensive cooperation agreement",
        "kind": "cooperation_agreement",
        "status": "signed",
        "legal_nature": "unknown",
        "signed_on": SUMMIT_DAY,
        "place": LIMA,
        "event": "korea-peru-summit-2024",
        "summary": "Hyundai Rotem and Peru’s Army Weapons and Ammunition Factory (FAME) signed "
        "a comprehensive cooperation agreement to strengthen collaboration on ground equipment.",
        "sectors": ["defense", "land-systems"],
        "participants": [
            ("hyundai-rotem", "party", None, ""),
            ("fame", "party", None, ""),
        ],
        "quote": "Hyundai Rotem also inked a comprehensive cooperation agreement with Peru’s "
        "Army Weapons and Ammunition Factory (FAME) to strengthen collaboration on ground "
        "equipment.",
    },
    {
        "slug": "korea-peru-critical-minerals-mou-2024",
        "title": "Korea–Peru MOU on critical minerals",
        "kind": "mou",
        "status": "signed",
        "legal_nature": "non_binding",
        "signed_on": SUMMIT_DAY,
        "place": LIMA,
        "event": "korea-peru-summit-2024",
        "summary": "Presidents Yoon Suk Yeol and Dina Boluarte signed a memorandum of "
        "understanding on critical minerals, aimed at boosting information exchange, joint "
        "geological surveys and technological collaboration.",
        "sectors": ["critical-minerals", "mining"],
        "participants": _STATES_AT_THE_SUMMIT,
        "quote": "The leaders also signed an MOU focusing on critical minerals, aimed at "
        "boosting information exchange, joint geological surveys, and technological "
        "collaboration.",
    },
    {
        "slug": "korea-peru-joint-statement-2024",
        "title": "Korea–Peru joint statement of November 2024",
        "kind": "joint_statement",
        "status": "signed",
        "legal_nature": "non_binding",
        "signed_on": SUMMIT_DAY,
        "place": LIMA,
        "event": "korea-peru-summit-2024",
        "summary": "In a joint statement at their summit, Presidents Yoon Suk Yeol and Dina "
        "Boluarte praised the growing defense partnership as a milestone in advancing the "
        "comprehensive strategic relationship between the two countries, and expressed "
        "concern over ongoing human rights abuses in North Korea.",
        "sectors": ["defense", "diplomacy"],
        "participants": _STATES_AT_THE_SUMMIT,
        "quote": "In a joint statement, Yoon and Boluarte praised the growing defense "
        "partnership, describing it as a “milestone in advancing the comprehensive strategic "
        "relationship.” They also highlighted its potential to further bolster Peru’s defense "
        "industry and enhance mutual capabilities.",
    },
    {
        "slug": "chinchero-airport-infrastructure-pledge-2024",
        "title": "Korea–Peru pledge on joint infrastructure projects, including Chinchero Airport",
        "kind": "pledge",
        "status": "announced",
        "legal_nature": "non_binding",
        "announced_on": SUMMIT_DAY,
        "place": LIMA,
        "event": "korea-peru-summit-2024",
        "summary": "The summit saw pledges for joint infrastructure projects, including the "
        "construction of Chinchero Airport, expected to be a major gateway to Machu Picchu; "
        "both leaders supported greater involvement of Korean companies in Peruvian "
        "infrastructure projects.",
        "sectors": ["infrastructure", "transport"],
        "participants": [
            ("republic-of-korea", "party", None, ""),
            ("republic-of-peru", "party", None, ""),
        ],
        "quote": "The summit also saw pledges for joint infrastructure projects, including the "
        "construction of Chinchero Airport—expected to be a major gateway to Machu Picchu. "
        "Both leaders expressed their support for greater involvement of Korean companies in "
        "Peruvian infrastructure projects.",
    },
]

RELATIONS = [
    ("hd-hhi-sima-submarine-mou-2024", "builds_on", "hd-hhi-peruvian-navy-naval-vessels-contract"),
]


# --- Loading ---------------------------------------------------------------------------


@dataclass
class DemoResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    counts: dict = field(default_factory=dict)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)

    def summary(self):
        counts = ", ".join(f"{number} {label}" for label, number in self.counts.items())
        if not self.changed:
            changes = "already up to date"
        else:
            changes = f"{self.created} rows created, {self.updated} updated, {self.deleted} removed"
        return f"Loaded the Korea–Peru demo: {counts} ({changes})."


@transaction.atomic
@reversion.create_revision()
def load_demo() -> DemoResult:
    """Create or bring up to date every row of the demo. Safe to run any number of times."""
    reversion.set_comment("Loaded from the Korea–Peru summit article (demo)")
    result = DemoResult()
    source = _upsert(result, Source, {"title": SOURCE["title"], "url": SOURCE["url"]}, SOURCE)
    sectors = {}
    for name, description in SECTORS:
        slug = slugify(name)
        sectors[slug] = _upsert(
            result, Sector, {"slug": slug}, {"name": name, "description": description}
        )
    parties = {}
    for data in PARTIES:
        values = {
            "name": data["name"],
            "short_name": data.get("short_name", ""),
            "kind": data["kind"],
            "country": data["country"],
            "parent": parties[data["parent"]] if data.get("parent") else None,
            "description": data.get("description", ""),
        }
        party = _upsert(result, Party, {"slug": data["slug"]}, values, publish=True)
        _sync_aliases(result, party, data.get("aliases", []))
        parties[data["slug"]] = party
    events = {}
    for data in EVENTS:
        values = {key: value for key, value in data.items() if key not in ("slug", "parent")}
        values["parent"] = events[data["parent"]] if data.get("parent") else None
        events[data["slug"]] = _upsert(result, Event, {"slug": data["slug"]}, values)
    agreements = {}
    for data in AGREEMENTS:
        values = {
            "title": data["title"],
            "summary": data["summary"],
            "kind": data["kind"],
            "status": data["status"],
            "legal_nature": data["legal_nature"],
            "announced_on": data.get("announced_on"),
            "signed_on": data.get("signed_on"),
            "signed_on_precision": "day",
            "value_amount": data.get("value_amount"),
            "value_currency": data.get("value_currency", ""),
            "place": data.get("place", ""),
            "event": events[data["event"]] if data.get("event") else None,
        }
        agreement = _upsert(result, Agreement, {"slug": data["slug"]}, values, publish=True)
        _sync_sectors(result, agreement, [sectors[slug] for slug in data["sectors"]])
        _sync_participants(result, agreement, data["participants"], parties)
        _upsert(
            result, Citation, {"agreement": agreement, "source": source}, {"quote": data["quote"]}
        )
        agreements[data["slug"]] = agreement
    _sync_relations(result, agreements)
    for agreement in agreements.values():
        if problems := agreement_publication_problems(agreement=agreement):
            raise ValidationError(problems)
    result.counts = {
        "parties": len(parties),
        "agreements": len(agreements),
        "events": len(events),
        "sectors": len(sectors),
        "source": 1,
    }
    return result


def _upsert(result, model, lookup, values, *, publish=False):
    """Create the row found by `lookup`, or update it only where it differs from `values`.

    Unlike `update_or_create`, an up-to-date row is not saved again, so its `updated_at`
    (and its change history) stays as it was.
    """
    values = {key: value for key, value in values.items() if key not in lookup}
    if publish:
        values["publication"] = Publication.PUBLISHED
    obj = model.objects.select_for_update().filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        stale = list(values)
        result.created += 1
    else:
        stale = [name for name, value in values.items() if _differs(obj, name, value)]
        if not stale:
            return obj
        for name in stale:
            setattr(obj, name, values[name])
        result.updated += 1
    if "publication" in stale:
        obj.published_at = timezone.now()
    obj.full_clean()
    obj.save()
    return obj


def _differs(obj, name, value):
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _sync_aliases(result, party, wanted):
    existing = {(alias.name, alias.language): alias for alias in party.aliases.all()}
    for key, alias in existing.items():
        if key not in wanted:
            alias.delete()
            result.deleted += 1
    for name, language in wanted:
        if (name, language) not in existing:
            alias = PartyAlias(party=party, name=name, language=language)
            alias.full_clean()
            alias.save()
            result.created += 1


def _sync_sectors(result, agreement, wanted):
    current = {sector.pk for sector in agreement.sectors.all()}
    wanted = {sector.pk for sector in wanted}
    if current != wanted:
        agreement.sectors.set(wanted)
        result.created += len(wanted - current)
        result.deleted += len(current - wanted)


def _sync_participants(result, agreement, wanted, parties):
    keys = set()
    for order, (party_slug, role, representative_slug, title) in enumerate(wanted):
        party = parties[party_slug]
        keys.add((party.pk, role))
        representative = parties[representative_slug] if representative_slug else None
        _upsert(
            result,
            Participation,
            {"agreement": agreement, "party": party, "role": role},
            {"representative": representative, "representative_title": title, "order": order},
        )
    for participation in agreement.participations.all():
        if (participation.party_id, participation.role) not in keys:
            participation.delete()
            result.deleted += 1


def _sync_relations(result, agreements):
    """Relations between demo agreements are the demo's; links to other entries are kept."""
    wanted = {
        (agreements[source].pk, kind, agreements[target].pk) for source, kind, target in RELATIONS
    }
    ids = [agreement.pk for agreement in agreements.values()]
    existing = AgreementRelation.objects.filter(from_agreement__in=ids, to_agreement__in=ids)
    found = set()
    for relation in existing:
        key = (relation.from_agreement_id, relation.kind, relation.to_agreement_id)
        if key in wanted:
            found.add(key)
        else:
            relation.delete()
            result.deleted += 1
    for from_id, kind, to_id in sorted(wanted - found):
        relation = AgreementRelation(from_agreement_id=from_id, kind=kind, to_agreement_id=to_id)
        relation.full_clean()
        relation.save()
        result.created += 1
