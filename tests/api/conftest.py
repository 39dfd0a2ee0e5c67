"""Fixtures for the API tests: clients for each kind of caller and a small register."""

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_member,
    make_participation,
    make_party,
    make_relation,
    make_sector,
    make_source,
    make_user,
)


def throttle_rates(settings, *, anon=None, user=None):
    """Set the API throttle rates for this test (None disables a throttle)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
    }


@pytest.fixture(autouse=True)
def _fresh_throttles(settings, empty_cache):
    """No throttling unless a test asks for it, and no throttle history from other tests
    (the cache may be a shared Redis)."""
    throttle_rates(settings)


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def publisher(db):
    """Staff in the Publisher role: edits, publishes and deletes."""
    return make_member(role="Publisher", username="publisher")


@pytest.fixture
def publisher_client(publisher):
    client = APIClient()
    client.force_authenticate(publisher)
    return client


@pytest.fixture
def editor_client(db):
    """Staff in the Editor role: creates and edits drafts, cannot publish or delete."""
    client = APIClient()
    client.force_authenticate(make_member(role="Editor", username="editor"))
    return client


@pytest.fixture
def superuser_client(db):
    client = APIClient()
    client.force_authenticate(make_user(username="root", is_superuser=True))
    return client


@pytest.fixture
def member_client(db):
    """Logged in, but no permissions and not staff."""
    client = APIClient()
    client.force_authenticate(make_user(username="member"))
    return client


@pytest.fixture
def world(db):
    """Korea and Peru with sub-entities, a person, published and draft agreements that
    refer to each other, an event inside another, sectors and sources."""
    korea = make_party(
        name="Republic of Korea",
        short_name="South Korea",
        kind="state",
        country="KR",
        slug="republic-of-korea",
        aliases=["대한민국:ko"],
        wikidata_id="Q884",
        website="https://www.korea.net/",
        description="An East Asian state.",
    )
    peru = make_party(
        name="Republic of Peru",
        kind="state",
        country="PE",
        slug="republic-of-peru",
        aliases=["Perú:es"],
    )
    navy = make_party(
        name="Peruvian Navy",
        kind="government_body",
        country="PE",
        slug="peruvian-navy",
        parent=peru,
    )
    hhi = make_party(name="HD Hyundai Heavy Industries", country="KR", slug="hd-hhi")
    yoon = make_party(name="Yoon Suk Yeol", kind="person", country="KR", slug="yoon-suk-yeol")
    secret = make_party(
        name="Secret Shipyard", country="KR", slug="secret-shipyard", publication="draft"
    )
    secret_unit = make_party(name="Secret Unit", country="KR", slug="secret-unit", parent=secret)
    apec = make_event(
        name="APEC Leaders' Week 2024",
        slug="apec-2024",
        kind="conference",
        starts_on="2024-11-10",
        ends_on="2024-11-16",
        place="Lima, Peru",
        country="PE",
    )
    summit = make_event(
        name="Korea–Peru summit",
        slug="korea-peru-summit",
        kind="summit",
        starts_on="2024-11-16",
        ends_on="2024-11-16",
        place="Lima, Peru",
        country="PE",
        parent=apec,
    )
    defense = make_sector(name="Defense", slug="defense")
    shipbuilding = make_sector(name="Shipbuilding", slug="shipbuilding")
    mining = make_sector(name="Mining", slug="mining")
    article = make_source(
        title="Korea, Peru sign deals",
        url="https://news.example/korea-peru",
        publisher="Example News",
        published_on="2024-11-18",
    )
    draft_only_source = make_source(title="Leaked memo", publisher="Nobody")

    contract = make_agreement(
        title="Naval vessels contract",
        slug="naval-vessels-contract",
        kind="contract",
        status="signed",
        legal_nature="commercial",
        parties=[(hhi, "contractor"), (navy, "client")],
        sectors=[defense, shipbuilding],
        value_amount="463000000.00",
        value_currency="USD",
        value_note="For four vessels.",
        signed_on="2022-12-01",
        signed_on_precision="month",
    )
    mou = make_agreement(
        title="Submarine MOU",
        slug="submarine-mou",
        kind="mou",
        legal_nature="non_binding",
        summary="Cooperation on submarines.",
        description="**Markdown** text.",
        sectors=[defense],
        signed_on="2024-11-16",
        place="Lima, Peru",
        event=summit,
    )
    make_participation(
        agreement=mou,
        party=korea,
        representative=yoon,
        representative_title="President",
        order=0,
    )
    make_participation(agreement=mou, party=peru, order=1)
    make_participation(agreement=mou, party=hhi, role="contractor", order=2)
    make_relation(from_agreement=mou, to_agreement=contract, kind="builds_on")
    make_citation(agreement=mou, source=article, quote="The MOU builds on the contract.")
    minerals = make_agreement(
        title="Critical minerals MOU",
        slug="critical-minerals-mou",
        parties=[korea, peru],
        sectors=[mining],
        signed_on="2024-11-16",
        event=summit,
        value_amount="1000.50",
        value_currency="EUR",
    )
    draft = make_agreement(
        title="Draft shipyard deal",
        slug="draft-shipyard-deal",
        publication="draft",
        parties=[korea, secret],
        sectors=[shipbuilding],
        signed_on="2024-11-17",
        value_amount="5000000000.00",
        value_currency="USD",
    )
    make_relation(from_agreement=draft, to_agreement=mou, kind="implements")
    make_citation(agreement=draft, source=draft_only_source, quote="Secret.")
    return {
        "korea": korea,
        "peru": peru,
        "navy": navy,
        "hhi": hhi,
        "yoon": yoon,
        "secret": secret,
        "secret_unit": secret_unit,
        "apec": apec,
        "summit": summit,
        "defense": defense,
        "shipbuilding": shipbuilding,
        "mining": mining,
        "article": article,
        "draft_only_source": draft_only_source,
        "contract": contract,
        "mou": mou,
        "minerals": minerals,
        "draft": draft,
    }
