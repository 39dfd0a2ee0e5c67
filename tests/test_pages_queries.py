"""A pinned query budget per public page, the same with 2 agreements and with 27: an N+1
is fixed by prefetching, never by raising the number."""

import pytest

from agreements.models import Agreement, Event, Participation, Sector
from core.models import Publication
from parties.models import Party
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_party,
    make_relation,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db

PUBLISHED = {"publication": Publication.PUBLISHED}

# Each count includes the savepoint and its release around the request (ATOMIC_REQUESTS).

HOME_QUERIES = 10
AGREEMENT_LIST_QUERIES = 11
AGREEMENT_DETAIL_QUERIES = 8
PARTY_LIST_QUERIES = 5
PARTY_DETAIL_QUERIES = 16
RELATIONSHIP_QUERIES = 12
EVENT_LIST_QUERIES = 5
EVENT_DETAIL_QUERIES = 10
SECTOR_LIST_QUERIES = 3
SECTOR_DETAIL_QUERIES = 8
SEARCH_QUERIES = 8
NETWORK_QUERIES = 4
FEED_QUERIES = 4
PARTY_FEED_QUERIES = 8
SITEMAP_QUERIES = 10
SITEMAP_SECTION_QUERIES = 4

BUDGETS = [
    ("/", HOME_QUERIES),
    ("/agreements/", AGREEMENT_LIST_QUERIES),
    ("/agreements/?party=korea&party=peru&sector=defense&ordering=title", AGREEMENT_LIST_QUERIES),
    ("/agreements/first-accord/", AGREEMENT_DETAIL_QUERIES),
    ("/parties/", PARTY_LIST_QUERIES),
    ("/parties/?q=korea", PARTY_LIST_QUERIES),
    ("/parties/peru/", PARTY_DETAIL_QUERIES),
    ("/parties/korea/with/peru/", RELATIONSHIP_QUERIES),
    ("/events/", EVENT_LIST_QUERIES),
    ("/events/summit/", EVENT_DETAIL_QUERIES),
    ("/sectors/", SECTOR_LIST_QUERIES),
    ("/sectors/defense/", SECTOR_DETAIL_QUERIES),
    ("/search/?q=korea", SEARCH_QUERIES),
    ("/network/", NETWORK_QUERIES),
    ("/feeds/agreements/", FEED_QUERIES),
    ("/feeds/parties/peru/", PARTY_FEED_QUERIES),
    ("/sitemap.xml", SITEMAP_QUERIES),
    ("/sitemap-agreements.xml", SITEMAP_SECTION_QUERIES),
    ("/sitemap-parties.xml", SITEMAP_SECTION_QUERIES),
]


def _grow(start, count):
    """Agreements `start`…`start + count - 1` between Korea, Peru, Peru's navy's shipyard and
    a new company each, with a representative, sectors, an event, a citation and relations;
    each also adds a participant, a sector, a source and relations to "First accord", so
    every page has more to show."""
    korea, _ = Party.objects.get_or_create(
        slug="korea", defaults={"name": "Korea", "kind": "state", "country": "KR", **PUBLISHED}
    )
    peru, _ = Party.objects.get_or_create(
        slug="peru", defaults={"name": "Peru", "kind": "state", "country": "PE", **PUBLISHED}
    )
    if start == 0:
        navy = make_party(
            name="Navy", slug="navy", kind="government_body", country="PE", parent=peru
        )
        make_party(name="Shipyard", slug="shipyard", country="PE", parent=navy)
        make_party(name="President", slug="president", kind="person", country="KR")
        make_sector(name="Defense", slug="defense")
        make_event(name="Summit", slug="summit", parent=make_event(name="APEC", slug="apec"))
    shipyard, president = Party.objects.get(slug="shipyard"), Party.objects.get(slug="president")
    defense, summit = Sector.objects.get(slug="defense"), Event.objects.get(slug="summit")
    first = Agreement.objects.filter(slug="first-accord").first()
    for number in range(start, start + count):
        company = make_party(name=f"Company {number}", aliases=[f"Korea Co {number}:en"])
        sector = make_sector(name=f"Sector {number}")
        event = make_event(name=f"Meeting {number}", parent=summit)
        agreement = make_agreement(
            title="First accord" if number == 0 else f"Accord {number}",
            slug="first-accord" if number == 0 else None,
            parties=[korea, peru, (shipyard, "client"), (company, "contractor")],
            sectors=[defense, sector],
            event=summit if number % 2 else event,
            signed_on=f"{1990 + number}-01-01",
            value_amount=number * 1000,
            value_currency="USD",
        )
        agreement.participations.filter(party=korea).update(representative=president)
        make_citation(agreement=agreement, source=make_source())
        if first is None:
            first = agreement
            continue
        make_relation(from_agreement=agreement, to_agreement=first)
        make_relation(from_agreement=first, to_agreement=agreement, kind="related")
        make_citation(agreement=first, source=make_source())
        first.sectors.add(sector)
        Participation.objects.create(agreement=first, party=company, role="observer")


@pytest.mark.parametrize(("url", "budget"), BUDGETS)
def test_page_stays_within_its_query_budget_whatever_the_number_of_rows(
    client, django_assert_max_num_queries, url, budget
):
    _grow(0, 2)
    with django_assert_max_num_queries(budget) as few:
        assert client.get(url).status_code == 200
    _grow(2, 25)
    with django_assert_max_num_queries(budget) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), url
