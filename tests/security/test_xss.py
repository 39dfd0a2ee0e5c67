"""Untrusted text stays inert. Every payload of an XSS corpus is put into every text
field a reader sees — party name, description and alias; agreement title, summary and
description; event, sector and source; citation quote — and every page that shows it
(home, lists, details, the change log, the relationship, network, search, feeds,
JSON-LD) is read like
a browser would: no script but our own, no event handler, no `javascript:`/`data:`
URL, no frame or inline style; the JSON-LD still parses with the text intact."""

from urllib.parse import quote
from xml.etree import ElementTree

import pytest
import reversion

from parties.models import PartyAlias
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_party,
    make_sector,
    make_source,
)
from tests.security.inert import csp_nonce, inspect_html

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "'><img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
    "<svg><script>alert(5)</script></svg>",
    "[click](javascript:alert(6))",
    '<a href="javascript:alert(7)">link</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)",
    "</script><script>alert(9)</script>",
    '<iframe src="javascript:alert(10)"></iframe>',
    "<body onload=alert(11)>",
    "<!--<script>alert(12)</script>-->",
    '![img](x" onerror="alert(13))',
    '<a href="&#106;avascript:alert(14)">entity</a>',
    "[mixed](JaVaScRiPt:alert(15))",
    "[tab](java\tscript:alert(16))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(17)>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(18))">styled</div>',
    "<a href='https://example.org' onclick='alert(19)'>click</a>",
    "<object data='data:text/html,<script>alert(20)</script>'></object>",
    "javascript:alert(21)",
    "<</script>script>alert(22)<</script>/script>",
    "\u2028\u2029</script><!--",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def strings(document):
    """Every string in a JSON document."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for value in document.values():
            yield from strings(value)
    elif isinstance(document, list):
        for value in document:
            yield from strings(value)


@pytest.fixture(params=range(len(PAYLOADS)), ids=[f"payload{i}" for i in range(len(PAYLOADS))])
def hostile(request, db):
    """One register in which every field a reader sees carries the payload."""
    n, payload = request.param, PAYLOADS[request.param]
    korea = make_party(
        name=f"Alpha{n} {payload}",
        slug=f"alpha-{n}",
        kind="state",
        country="KR",
        description=f"AlphaText{n} {payload}\n\n{payload}",
    )
    PartyAlias.objects.create(party=korea, name=f"Alias{n} {payload}", language="ko")
    peru = make_party(name=f"Beta{n} {payload}", slug=f"beta-{n}", kind="state", country="PE")
    sector = make_sector(
        name=f"Sector{n} {payload}"[:100],
        slug=f"sector-{n}",
        description=f"SectorText{n} {payload}",
    )
    event = make_event(
        name=f"Event{n} {payload}",
        slug=f"event-{n}",
        kind="summit",
        starts_on="2024-11-16",
        ends_on="2024-11-16",
        description=f"EventText{n} {payload}\n\n{payload}",
    )
    agreement = make_agreement(
        title=f"Title{n} {payload}",
        slug=f"title-{n}",
        summary=f"Summary{n} {payload}",
        description=f"Description{n} {payload}\n\n{payload}",
        parties=[korea, peru],
        sectors=[sector],
        event=event,
        signed_on="2024-11-16",
        place=f"Place{n} {payload}"[:200],
    )
    source = make_source(title=f"Source{n} {payload}", publisher=f"Publisher{n} {payload}")
    make_citation(agreement=agreement, source=source, quote=f"Quote{n} {payload}")
    with reversion.create_revision():  # a version for the public change log, with a comment
        reversion.set_comment(f"Comment{n} {payload}")
        agreement.refresh_from_db()
        agreement.save()
    return {
        "n": n,
        "payload": payload,
        "korea": korea,
        "peru": peru,
        "agreement": agreement,
        "event": event,
        "sector": sector,
    }


def pages(n):
    """Each page and the words of the register's text that it must show."""
    return {
        "/": [f"Title{n}"],
        "/agreements/": [f"Title{n}", f"Alpha{n}"],
        f"/agreements/title-{n}/": [
            f"Title{n}",
            f"Summary{n}",
            f"Description{n}",
            f"Alpha{n}",
            f"Beta{n}",
            f"Event{n}",
            f"Sector{n}",
            f"Source{n}",
            f"Quote{n}",
        ],
        f"/agreements/title-{n}/history/": [f"Title{n}", f"Comment{n}"],
        "/parties/": [f"Alpha{n}", f"Beta{n}"],
        f"/parties/alpha-{n}/": [
            f"Alpha{n}",
            f"AlphaText{n}",
            f"Alias{n}",
            f"Title{n}",
            f"Beta{n}",
        ],
        f"/parties/alpha-{n}/with/beta-{n}/": [f"Alpha{n}", f"Beta{n}", f"Title{n}"],
        "/events/": [f"Event{n}"],
        f"/events/event-{n}/": [f"Event{n}", f"EventText{n}", f"Title{n}"],
        "/sectors/": [f"Sector{n}", f"SectorText{n}"],
        f"/sectors/sector-{n}/": [f"Sector{n}", f"SectorText{n}", f"Title{n}"],
        "/network/": [f"Alpha{n}", f"Beta{n}"],
        f"/search/?q=Alpha{n}": [f"Alpha{n}"],
        f"/search/?q=Alias{n}": [f"Alpha{n}"],
        f"/search/?q=Title{n}": [f"Title{n}"],
    }


def assert_inert(response, *, shows=()):
    path = response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", "")
    assert response.status_code in (200, 400), (path, response.status_code)
    html = response.content.decode()
    problems, documents = inspect_html(html, nonce=csp_nonce(response))
    assert problems == [], path
    for word in shows:
        assert word in html, f"{path} does not show {word}"
    return documents


def test_register_text_is_inert_on_every_page(client, hostile):
    for path, shows in pages(hostile["n"]).items():
        assert_inert(client.get(path), shows=shows)


def test_json_ld_parses_with_the_text_intact(client, hostile):
    agreement, korea, event = hostile["agreement"], hostile["korea"], hostile["event"]
    for path, expected in [
        (agreement.get_absolute_url(), [agreement.title, korea.name]),
        (korea.get_absolute_url(), [korea.name]),
        (event.get_absolute_url(), [event.name]),
    ]:
        documents = assert_inert(client.get(path))
        found = {text for document in documents for text in strings(document)}
        for text in expected:
            assert text in found, f"{path}: {text!r} not in its JSON-LD"


def test_query_strings_are_reflected_inert(client, hostile):
    payload = quote(hostile["payload"])
    for path in [
        f"/search/?q={payload}",
        f"/agreements/?q={payload}",
        f"/parties/?q={payload}",
        f"/agreements/?party={payload}",
        f"/agreements/?kind={payload}",
        f"/agreements/?signed_after={payload}",
        f"/agreements/?ordering={payload}",
        f"/agreements/?country={payload}",
        f"/parties/?kind={payload}",
        f"/agreements/?page={payload}",
    ]:
        assert_inert(client.get(path))


def test_feeds_carry_the_text_as_text(client, hostile):
    n, agreement = hostile["n"], hostile["agreement"]
    for path in ["/feeds/agreements/", f"/feeds/parties/alpha-{n}/", f"/feeds/sectors/sector-{n}/"]:
        response = client.get(path)
        assert response.status_code == 200
        feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
        (entry,) = feed.iter(f"{ATOM}entry")
        title = entry.find(f"{ATOM}title")
        assert title.get("type", "text") == "text"
        assert title.text == agreement.title
        for element in feed.iter():
            if element.get("type") == "html":
                # A feed reader renders this as HTML: it must be inert there too.
                problems, documents = inspect_html(element.text or "")
                assert problems == [] and documents == [], (path, element.tag, element.text)
                assert f"Summary{n}" in element.text
        for category in entry.iter(f"{ATOM}category"):
            assert category.get("term") == hostile["sector"].name


def test_markdown_links_get_nofollow_noopener(client, db):
    make_party(
        name="Linked",
        slug="linked",
        description="See [the ministry](https://example.org/ministry) and <https://example.org/>.",
    )
    html = client.get("/parties/linked/").content.decode()
    assert '<a href="https://example.org/ministry" rel="nofollow noopener">' in html
    assert '<a href="https://example.org/" rel="nofollow noopener">' in html
