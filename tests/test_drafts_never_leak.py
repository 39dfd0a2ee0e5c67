"""Drafts never leak: an anonymous reader finds no trace of an unpublished party or
agreement on any public surface — pages, lists, search, counts, charts, counterparty
lists, feeds, sitemap — while staff may preview them, clearly marked."""

import re

import pytest

from agreements.models import Participation
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_party,
    make_relation,
    make_sector,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

MARKER = "ZZDRAFTMARKER"


@pytest.fixture
def world():
    korea = make_party(name="Republic of Korea", slug="korea", kind="state", country="KR")
    peru = make_party(name="Republic of Peru", slug="peru", kind="state", country="PE")
    # A draft sub-entity of Peru, with an alias, in a draft agreement with Korea.
    secret = make_party(
        name=f"{MARKER} Holdings",
        slug="secret-holdings",
        parent=peru,
        country="PE",
        publication="draft",
        aliases=[f"{MARKER} alias:es"],
    )
    # A published agency whose parent is still a draft.
    draft_parent = make_party(
        name=f"{MARKER} Ministry", slug="ministry", country="PE", publication="review"
    )
    agency = make_party(name="Port Agency", slug="port-agency", country="PE", parent=draft_parent)
    # A draft person wrongly named as a representative (the publishing services forbid it;
    # the pages must not show it even so).
    envoy = make_party(
        name=f"{MARKER} Envoy", slug="envoy", kind="person", country="KR", publication="draft"
    )
    summit = make_event(name="Lima summit", slug="lima-summit")
    defense = make_sector(name="Defense", slug="defense")
    public = make_agreement(
        title="Public accord",
        slug="public-accord",
        parties=[korea, peru, agency],
        sectors=[defense],
        event=summit,
        signed_on="2024-11-16",
    )
    Participation.objects.filter(agreement=public, party=korea).update(representative=envoy)
    make_citation(agreement=public, source=make_source(title="Public source"))
    hidden = make_agreement(
        title=f"{MARKER} secret MOU",
        slug="secret-mou",
        summary=f"{MARKER} summary",
        parties=[korea, secret],
        sectors=[defense],
        event=summit,
        signed_on="2019-05-01",
        value_amount=31415926,
        value_currency="EUR",
        publication="draft",
    )
    make_citation(agreement=hidden, source=make_source(title=f"{MARKER} source"))
    make_relation(from_agreement=hidden, to_agreement=public, kind="builds_on")
    make_agreement(
        title=f"{MARKER} accord in review",
        slug="review-accord",
        parties=[korea, peru],
        publication="review",
        signed_on="2018-01-01",
    )
    return {"hidden": hidden, "secret": secret}


PUBLIC_SURFACES = [
    "/",
    "/agreements/",
    "/agreements/?page=2",
    "/agreements/?q=zzdraftmarker",
    "/agreements/?party=korea",
    "/agreements/?party=korea&party=peru",
    "/agreements/?country=KR&country=PE",
    "/agreements/?sector=defense",
    "/agreements/?event=lima-summit",
    "/agreements/?ordering=-value_amount",
    "/agreements/?publication=draft",
    "/agreements/?party=secret-holdings",
    "/agreements/public-accord/",
    "/parties/",
    "/parties/?q=zzdraftmarker",
    "/parties/?parent=peru",
    "/parties/?country=PE",
    "/parties/korea/",
    "/parties/peru/",
    "/parties/port-agency/",
    "/parties/korea/with/peru/",
    "/parties/peru/with/korea/",
    "/events/",
    "/events/lima-summit/",
    "/sectors/",
    "/sectors/defense/",
    "/network/",
    "/search/?q=zzdraftmarker",
    "/search/?q=secret",
    "/search/?q=holdings",
    "/search/?q=korea",
    "/feeds/agreements/",
    "/feeds/parties/korea/",
    "/feeds/parties/peru/",
    "/feeds/sectors/defense/",
    "/sitemap.xml",
    "/sitemap-agreements.xml",
    "/sitemap-parties.xml",
]
HIDDEN_ADDRESSES = [
    "/agreements/secret-mou/",
    "/agreements/review-accord/",
    "/parties/secret-holdings/",
    "/parties/ministry/",
    "/parties/envoy/",
    "/parties/korea/with/secret-holdings/",
    "/parties/secret-holdings/with/korea/",
    "/feeds/parties/secret-holdings/",
]


@pytest.mark.parametrize("url", PUBLIC_SURFACES)
def test_no_public_surface_shows_a_draft(client, world, url):
    response = client.get(url)
    assert response.status_code in (200, 400), response.status_code
    content = response.content.decode()
    assert MARKER not in content
    assert "secret-mou" not in content and "/parties/secret-holdings/" not in content
    assert "2019" not in content  # the draft's year is in no chart or count
    assert "31415926" not in content and "31,415,926" not in content


@pytest.mark.parametrize("url", HIDDEN_ADDRESSES)
def test_a_draft_address_is_not_found(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert MARKER not in response.content.decode()


def test_counts_charts_and_counterparties_count_published_rows_only(client, world):
    home = client.get("/").text
    assert "1 agreement between 3 parties" in home
    korea = client.get("/parties/korea/").text
    assert "1 agreement" in korea
    assert re.search(r"<title>2024: 1 agreement</title>", korea)
    counterparties = re.findall(r'class="ranked__name"><a href="/parties/([^/]+)/"', korea)
    assert sorted(counterparties) == ["peru", "port-agency"]
    events = client.get("/events/").text
    assert "1 agreement" in events and "2 agreements" not in events
    sectors = client.get("/sectors/").text
    assert "1 agreement" in sectors


def test_staff_preview_drafts_clearly_marked_and_never_cached(client, world):
    client.force_login(make_user(is_staff=True))
    draft = client.get("/agreements/secret-mou/")
    assert draft.status_code == 200
    assert f"{MARKER} secret MOU" in draft.text
    assert "Draft — not public" in draft.text
    assert "no-store" in draft["Cache-Control"] and "private" in draft["Cache-Control"]
    assert client.get("/parties/secret-holdings/").status_code == 200
    korea = client.get("/parties/korea/").text
    assert f"{MARKER} secret MOU" in korea and "card--draft" in korea
    listing = client.get("/agreements/?publication=draft").text
    assert f"{MARKER} secret MOU" in listing and "Public accord" not in listing
    assert MARKER in client.get("/search/?q=zzdraftmarker").text
    assert "Staff preview" in korea
    # Feeds and the sitemap are read by machines and cached: published only, for everyone.
    for url in ("/feeds/agreements/", "/feeds/parties/korea/", "/sitemap-agreements.xml"):
        response = client.get(url)
        assert response.status_code == 200 and "public-accord" in response.content.decode(), url
        assert MARKER not in response.content.decode(), url
