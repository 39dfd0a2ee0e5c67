"""The public pages answer with the demo's content (DESIGN.md §3), with what readers and
machines expect of each page: dates to their precision, values with currency, relations
in both directions, sources with quotes, <title>, description, canonical, OpenGraph,
JSON-LD, feeds, sitemap and robots.txt."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.module_loading import import_string

import config.urls
from agreements.models import Agreement
from tests.factories import make_agreement, make_party, make_user

pytestmark = pytest.mark.django_db

SIMA_MOU = "hd-hhi-sima-submarine-mou-2024"
NAVY_CONTRACT = "hd-hhi-peruvian-navy-naval-vessels-contract"
CRITICAL_MINERALS = "Korea–Peru MOU on critical minerals"
JOINT_STATEMENT = "Korea–Peru joint statement of November 2024"
PLEDGE = "Korea–Peru pledge on joint infrastructure projects, including Chinchero Airport"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', response.text, re.S
    )
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def _card_titles(response):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.text)


def _unescape(text):
    return text.replace("&#x27;", "'").replace("&amp;", "&")


def test_home_says_what_this_is_with_counts_latest_sectors_and_a_search_box(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    assert "7 agreements between 11 parties" in response.text
    assert {_unescape(t) for t in _card_titles(response)} == set(
        Agreement.objects.values_list("title", flat=True)
    )
    sectors = re.findall(
        r'<a href="/sectors/([^/]+)/">[^<]+<span class="tag-count">', response.text
    )
    assert sectors == sorted(sectors) and "defense" in sectors
    assert f'action="{reverse("core:search")}"' in response.text
    assert _json_ld(response)["@type"] == "WebSite"


def test_agreement_list_shows_every_demo_agreement_and_export_links_of_the_filter(client, demo):
    response = client.get("/agreements/", {"sector": "defense", "ordering": "title"})
    assert response.status_code == 200
    titles = [_unescape(t) for t in _card_titles(response)]
    assert titles == sorted(
        Agreement.objects.filter(sectors__slug="defense").values_list("title", flat=True)
    )
    api = reverse("api:agreement-list")
    assert f'href="{api}?sector=defense&amp;ordering=title&amp;format=csv"' in response.text
    assert f'href="{api}?sector=defense&amp;ordering=title&amp;format=json"' in response.text


def test_agreement_page_shows_parties_dates_value_event_relations_sources_and_update(client, demo):
    response = client.get(f"/agreements/{SIMA_MOU}/")
    assert response.status_code == 200
    text = response.text
    for expected in (
        "HD Hyundai Heavy Industries",
        "SIMA",
        "16 November 2024",
        "Not legally binding",
        "Lima, Peru",
        'href="/events/korea-peru-summit-2024/"',
        "Builds on",
        f'href="/agreements/{NAVY_CONTRACT}/"',
        "signing a memorandum of understanding (MOU) for joint submarine development",
        "18 November 2024",
        "Last updated",
        f'href="/agreements/{SIMA_MOU}/history/"',
    ):
        assert expected in text, expected
    contract = client.get(f"/agreements/{NAVY_CONTRACT}/").text
    assert "Built upon by" in contract
    assert f'href="/agreements/{SIMA_MOU}/"' in contract
    assert "USD 463,000,000" in contract
    assert "Contractor" in contract and "Client" in contract
    assert "Not given by the sources" in contract  # the article gives no signing date


def test_agreement_page_has_title_description_canonical_opengraph_and_json_ld(client, demo):
    agreement = Agreement.objects.get(slug=SIMA_MOU)
    response = client.get(f"/agreements/{SIMA_MOU}/?utm_source=x")
    text = response.text
    assert f"<title>{agreement.title} · Accords</title>" in text
    assert '<meta name="description" content="HD Hyundai Heavy Industries and Peru' in text
    assert f'<link rel="canonical" href="http://testserver/agreements/{SIMA_MOU}/">' in text
    assert '<meta property="og:type" content="article">' in text
    assert f'<meta property="og:title" content="{agreement.title}">' in text
    data = _json_ld(response)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == agreement.title
    assert data["dateCreated"] == "2024-11-16"
    assert {party["name"] for party in data["contributor"]} == {
        "HD Hyundai Heavy Industries",
        "SIMA",
    }
    assert data["citation"][0]["datePublished"] == "2024-11-18"


def test_json_ld_cannot_be_broken_out_of_and_carries_the_csp_nonce(client):
    hostile = 'Accord </script><script>alert("x")</script> & <!-- more'
    agreement = make_agreement(title=hostile, parties=[make_party()])
    response = client.get(agreement.get_absolute_url())
    assert "<script>alert" not in response.text
    assert _json_ld(response)["name"] == hostile
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.text


def test_dates_are_shown_to_their_precision(client):
    agreement = make_agreement(
        title="Loan of December 2022",
        parties=[make_party()],
        signed_on="2022-12-01",
        signed_on_precision="month",
    )
    for url in (agreement.get_absolute_url(), "/agreements/"):
        text = client.get(url).text
        assert '<time datetime="2022-12">December 2022</time>' in text
        assert "1 December 2022" not in text


def test_party_page_gathers_sub_entities_counterparties_and_a_chart_per_year(client, demo):
    response = client.get("/parties/republic-of-peru/")
    assert response.status_code == 200
    text = response.text
    assert "7 agreements of Peru and its sub-entities" in text
    for alias in ("Perú", "República del Perú"):
        assert alias in text
    for child in ("sima", "peruvian-navy", "seman", "fame"):
        assert f'href="/parties/{child}/"' in text
    ranked = re.findall(
        r'<li class="ranked__row">.*?href="/parties/([^/]+)/".*?'
        r'<span class="ranked__count"><a href="([^"]+)"[^>]*>(\d+)</a>',
        text,
        re.S,
    )
    assert ranked[0] == (
        "republic-of-korea",
        "/parties/republic-of-peru/with/republic-of-korea/",
        "3",
    )
    assert (ranked[1][0], ranked[1][2]) == ("hd-hyundai-heavy-industries", "2")
    # The bar for 2024 counts the six dated agreements; the contract has no date.
    assert re.search(r'<rect class="chart__bar"[^>]*><title>2024: 6 agreements</title>', text)
    assert "1 more without a known date" in text
    # The network: Peru in the middle, sub-entities and counterparties linked.
    assert "SIMA – HD HHI: 1 agreement" in text or "HD HHI – SIMA: 1 agreement" in text
    assert 'href="/feeds/parties/republic-of-peru/"' in text
    data = _json_ld(response)
    assert data["@type"] == "Country"
    assert {"Perú", "República del Perú"} <= set(data["alternateName"])


def test_party_page_lists_its_sub_entities_with_drafts_for_staff_only(staff_client):
    state = make_party(name="Republic of Chile", slug="chile", kind="state", country="CL")
    make_party(name="Ministry of Mining", short_name="MinMinería", slug="mining", parent=state)
    make_party(name="Navy <Chile>", slug="navy", parent=state, publication="review")
    includes = re.compile(r"<dt>Includes</dt><dd>(.*?)</dd>", re.S)

    public = includes.search(Client().get("/parties/chile/").text).group(1)
    assert public == '<a href="/parties/mining/">MinMinería</a>'

    staff = includes.search(staff_client.get("/parties/chile/").text).group(1)
    assert staff == (
        '<a href="/parties/mining/">MinMinería</a>, <a href="/parties/navy/">Navy &lt;Chile&gt;'
        '</a> <span class="badge badge--draft">In review</span>'
    )


def test_a_draft_party_and_its_draft_parent_are_shown_to_staff_only(staff_client):
    state = make_party(name="Republic of Chile", slug="chile", kind="state", country="CL")
    navy = make_party(name="Chilean Navy", slug="navy", parent=state, publication="draft")
    make_party(name="Shipyard", slug="shipyard", parent=navy, aliases=["ASMAR:es"])
    part_of = '<dt>Part of</dt><dd><a href="/parties/navy/">Chilean Navy</a></dd>'

    assert Client().get("/parties/navy/").status_code == 404
    draft = staff_client.get("/parties/navy/")
    assert draft.status_code == 200
    assert '<a href="/parties/chile/">Republic of Chile</a>' in draft.text
    assert '<a href="/parties/shipyard/">Shipyard</a>' in draft.text

    public = Client().get("/parties/shipyard/").text
    assert part_of not in public and "/parties/navy/" not in public
    assert '<span lang="es">ASMAR</span>' in public
    assert part_of in staff_client.get("/parties/shipyard/").text


def test_person_page_lists_what_they_signed_for_others(client, demo):
    response = client.get("/parties/yoon-suk-yeol/")
    assert response.status_code == 200
    assert {_unescape(t) for t in _card_titles(response)} == {CRITICAL_MINERALS, JOINT_STATEMENT}


def test_relationship_page_is_a_timeline_of_everything_between_two_parties(client, demo):
    response = client.get("/parties/republic-of-korea/with/republic-of-peru/")
    assert response.status_code == 200
    assert {_unescape(t) for t in _card_titles(response)} == {
        CRITICAL_MINERALS,
        JOINT_STATEMENT,
        PLEDGE,
    }
    assert '<ol class="timeline">' in response.text
    assert '<time datetime="2024-11-16">16 November 2024</time>' in response.text
    # Sub-entities count: Peru's shipyard and navy with HD HHI.
    with_hhi = client.get("/parties/republic-of-peru/with/hd-hyundai-heavy-industries/")
    assert {_unescape(t) for t in _card_titles(with_hhi)} == set(
        Agreement.objects.filter(slug__in=[SIMA_MOU, NAVY_CONTRACT]).values_list("title", flat=True)
    )
    # Both orders are one relationship, with one canonical address.
    canonical = (
        '<link rel="canonical" href="http://testserver'
        '/parties/republic-of-korea/with/republic-of-peru/">'
    )
    assert canonical in response.text
    assert canonical in client.get("/parties/republic-of-peru/with/republic-of-korea/").text


def test_relationship_with_itself_redirects_and_with_nobody_is_404(client, demo):
    response = client.get("/parties/republic-of-peru/with/republic-of-peru/")
    assert response.status_code == 302
    assert response["Location"] == "/parties/republic-of-peru/"
    assert client.get("/parties/republic-of-peru/with/atlantis/").status_code == 404


def test_party_list_filters_and_counts_published_agreements(client, demo):
    response = client.get("/parties/", {"country": "PE", "kind": "state_enterprise"})
    assert response.status_code == 200
    names = re.findall(r'class="party-list__name" href="[^"]+">([^<]+)</a>', response.text)
    assert names == ["FAME", "SEMAN", "SIMA"]
    korea = client.get("/parties/", {"q": "대한민국"}).text
    assert "Republic of Korea" in korea and "3 agreements" in korea


def test_events_list_and_an_event_shows_what_was_agreed_there_and_inside_it(client, demo):
    events = client.get("/events/")
    assert events.status_code == 200
    assert "APEC Economic Leaders&#x27; Week 2024" in events.text
    assert "Korea–Peru summit 2024</a> (6 agreements)" in events.text
    apec = client.get("/events/apec-economic-leaders-week-2024/")
    assert apec.status_code == 200
    summit_titles = set(
        Agreement.objects.filter(event__slug="korea-peru-summit-2024").values_list(
            "title", flat=True
        )
    )
    assert len(summit_titles) == 6
    assert {_unescape(t) for t in _card_titles(apec)} == summit_titles
    assert _json_ld(apec)["subEvent"][0]["name"] == "Korea–Peru summit 2024"


def test_sectors_index_and_a_sector_page(client, demo):
    index = client.get("/sectors/")
    assert index.status_code == 200
    names = re.findall(r'<h2><a href="/sectors/[^/]+/">([^<]+)</a></h2>', index.text)
    assert len(names) == 9 and names == sorted(names)
    assert re.search(
        r'href="/sectors/defense/">Defense</a></h2>\s*<p class="muted">5 agreements', index.text
    )
    defense = client.get("/sectors/defense/")
    assert defense.status_code == 200
    assert {_unescape(t) for t in _card_titles(defense)} == set(
        Agreement.objects.filter(sectors__slug="defense").values_list("title", flat=True)
    )
    assert 'href="/feeds/sectors/defense/"' in defense.text


def test_network_page_draws_parties_linked_by_shared_agreements(client, demo):
    response = client.get("/network/")
    assert response.status_code == 200
    assert "Peru – South Korea: 3 agreements" in response.text or (
        "South Korea – Peru: 3 agreements" in response.text
    )
    assert response.text.count('class="network__node ') == 9  # the persons only represent


def _xml(response):
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own response


def _atom_entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = _xml(response)
    return {entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")}


def test_atom_feeds_of_all_agreements_of_a_party_and_of_a_sector(client, demo):
    assert _atom_entries(client.get("/feeds/agreements/")) == set(
        Agreement.objects.values_list("title", flat=True)
    )
    assert _atom_entries(client.get("/feeds/parties/republic-of-korea/")) == {
        CRITICAL_MINERALS,
        JOINT_STATEMENT,
        PLEDGE,
    }
    assert _atom_entries(client.get("/feeds/sectors/infrastructure/")) == {PLEDGE}
    assert client.get("/feeds/parties/atlantis/").status_code == 404


def _sitemap_locations(client):
    """Every address in the sitemap: the index at /sitemap.xml, then each section."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    locations = set()
    for section in _xml(index).iter(f"{SITEMAP}loc"):
        response = client.get(section.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        locations |= {element.text for element in _xml(response).iter(f"{SITEMAP}loc")}
    return locations


def test_sitemap_lists_pages_agreements_parties_events_and_sectors(client, demo):
    locations = _sitemap_locations(client)
    assert f"http://testserver/agreements/{SIMA_MOU}/" in locations
    assert "http://testserver/parties/republic-of-peru/" in locations
    assert "http://testserver/events/korea-peru-summit-2024/" in locations
    assert "http://testserver/sectors/defense/" in locations
    assert "http://testserver/" in locations


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_not_found_is_a_friendly_page_with_a_search_box(client):
    response = client.get("/agreements/no-such-thing/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert 'name="q"' in response.text


def test_server_error_page_is_friendly():
    handler = import_string(config.urls.handler500)
    request = RequestFactory().get("/agreements/")
    try:
        raise ValueError("boom")
    except ValueError:
        response = handler(request)
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"boom" not in response.content


def test_pages_carry_no_inline_style_or_script(client, demo):
    pages = [
        "/",
        "/agreements/",
        f"/agreements/{SIMA_MOU}/",
        "/parties/",
        "/parties/republic-of-peru/",
        "/parties/republic-of-korea/with/republic-of-peru/",
        "/events/apec-economic-leaders-week-2024/",
        "/sectors/defense/",
        "/network/",
        "/search/?q=peru",
    ]
    for url in pages:
        text = client.get(url).text
        assert " style=" not in text and "<style" not in text, url
        scripts = re.findall(r"<script[^>]*>", text)
        assert all('type="application/ld+json"' in tag for tag in scripts), url


def test_staff_responses_are_private_and_not_stored(client, demo):
    public = client.get("/agreements/")
    assert "private" not in public.get("Cache-Control", "")
    client.force_login(make_user(is_staff=True))
    for url in ("/", "/agreements/", f"/agreements/{SIMA_MOU}/", "/parties/republic-of-peru/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url
