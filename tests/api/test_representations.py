"""Every key of every representation of DESIGN.md §4, as an anonymous caller reads it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

AGREEMENT_KEYS = [
    "slug",
    "title",
    "kind",
    "status",
    "summary",
    "description",
    "announced_on",
    "signed_on",
    "signed_on_precision",
    "effective_on",
    "expires_on",
    "value",
    "place",
    "event",
    "sectors",
    "participants",
    "relations",
    "legal_nature",
    "sources",
    "publication",
    "url",
    "api_url",
    "created_at",
    "updated_at",
]
PARTY_KEYS = [
    "slug",
    "name",
    "short_name",
    "kind",
    "country",
    "parent",
    "aliases",
    "description",
    "website",
    "wikidata_id",
    "agreement_count",
    "publication",
    "url",
    "api_url",
    "updated_at",
]
EVENT_KEYS = [
    "slug",
    "name",
    "kind",
    "starts_on",
    "ends_on",
    "place",
    "country",
    "parent",
    "description",
    "url",
    "api_url",
]


def test_agreement_detail_has_every_key_of_the_contract(anon, world):
    response = anon.get(reverse("api:agreement-detail", kwargs={"slug": "submarine-mou"}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert list(data) == AGREEMENT_KEYS
    mou = world["mou"]
    assert data["slug"] == "submarine-mou"
    assert data["title"] == "Submarine MOU"
    assert data["kind"] == "mou"
    assert data["status"] == "signed"
    assert data["summary"] == "Cooperation on submarines."
    assert data["description"] == "**Markdown** text."
    assert data["announced_on"] is None
    assert data["signed_on"] == "2024-11-16"
    assert data["signed_on_precision"] == "day"
    assert data["effective_on"] is None
    assert data["expires_on"] is None
    assert data["value"] is None
    assert data["place"] == "Lima, Peru"
    assert data["event"] == {"slug": "korea-peru-summit", "name": "Korea–Peru summit"}
    assert data["sectors"] == ["defense"]
    assert data["participants"] == [
        {
            "party": {
                "slug": "republic-of-korea",
                "name": "Republic of Korea",
                "kind": "state",
                "country": "KR",
            },
            "role": "party",
            "representative": {"slug": "yoon-suk-yeol", "name": "Yoon Suk Yeol"},
            "representative_title": "President",
        },
        {
            "party": {
                "slug": "republic-of-peru",
                "name": "Republic of Peru",
                "kind": "state",
                "country": "PE",
            },
            "role": "party",
            "representative": None,
            "representative_title": "",
        },
        {
            "party": {
                "slug": "hd-hhi",
                "name": "HD Hyundai Heavy Industries",
                "kind": "company",
                "country": "KR",
            },
            "role": "contractor",
            "representative": None,
            "representative_title": "",
        },
    ]
    # The draft that implements this MOU is not shown to anonymous callers.
    assert data["relations"] == [
        {
            "kind": "builds_on",
            "direction": "outgoing",
            "agreement": {"slug": "naval-vessels-contract", "title": "Naval vessels contract"},
        }
    ]
    assert data["legal_nature"] == "non_binding"
    assert data["sources"] == [
        {
            "title": "Korea, Peru sign deals",
            "url": "https://news.example/korea-peru",
            "publisher": "Example News",
            "published_on": "2024-11-18",
            "quote": "The MOU builds on the contract.",
        }
    ]
    assert data["publication"] == "published"
    assert data["url"] == "http://testserver/agreements/submarine-mou/"
    assert data["api_url"] == "http://testserver/api/v1/agreements/submarine-mou/"
    mou.refresh_from_db()
    assert data["created_at"] == mou.created_at.isoformat().replace("+00:00", "Z")
    assert data["updated_at"] == mou.updated_at.isoformat().replace("+00:00", "Z")


def test_agreement_value_is_a_decimal_string_with_currency_and_note(anon, world):
    data = anon.get(
        reverse("api:agreement-detail", kwargs={"slug": "naval-vessels-contract"})
    ).json()

    assert data["value"] == {
        "amount": "463000000.00",
        "currency": "USD",
        "note": "For four vessels.",
    }
    assert data["signed_on"] == "2022-12-01"
    assert data["signed_on_precision"] == "month"
    assert data["event"] is None
    assert data["sectors"] == ["defense", "shipbuilding"]
    assert [(p["party"]["slug"], p["role"]) for p in data["participants"]] == [
        ("hd-hhi", "contractor"),
        ("peruvian-navy", "client"),
    ]


def test_relations_read_both_ways_with_a_direction(anon, world):
    data = anon.get(
        reverse("api:agreement-detail", kwargs={"slug": "naval-vessels-contract"})
    ).json()

    assert data["relations"] == [
        {
            "kind": "builds_on",
            "direction": "incoming",
            "agreement": {"slug": "submarine-mou", "title": "Submarine MOU"},
        }
    ]


def test_list_items_have_the_same_representation_as_details(anon, world):
    listing = anon.get(reverse("api:agreement-list")).json()

    assert list(listing) == ["count", "next", "previous", "results"]
    for item in listing["results"]:
        detail = anon.get(item["api_url"]).json()
        assert item == detail


def test_party_detail_has_every_key_of_the_contract(anon, world):
    data = anon.get(reverse("api:party-detail", kwargs={"slug": "republic-of-korea"})).json()

    assert list(data) == PARTY_KEYS
    korea = world["korea"]
    korea.refresh_from_db()
    assert data == {
        "slug": "republic-of-korea",
        "name": "Republic of Korea",
        "short_name": "South Korea",
        "kind": "state",
        "country": "KR",
        "parent": None,
        "aliases": [{"name": "대한민국", "language": "ko"}],
        "description": "An East Asian state.",
        "website": "https://www.korea.net/",
        "wikidata_id": "Q884",
        "agreement_count": 2,  # the MOU and the minerals MOU; not the draft
        "publication": "published",
        "url": "http://testserver/parties/republic-of-korea/",
        "api_url": "http://testserver/api/v1/parties/republic-of-korea/",
        "updated_at": korea.updated_at.isoformat().replace("+00:00", "Z"),
    }


def test_party_parent_is_a_slug(anon, world):
    data = anon.get(reverse("api:party-detail", kwargs={"slug": "peruvian-navy"})).json()

    assert data["parent"] == "republic-of-peru"
    assert data["agreement_count"] == 1


def test_event_has_every_key_of_the_contract(anon, world):
    data = anon.get(reverse("api:event-detail", kwargs={"slug": "korea-peru-summit"})).json()

    assert data == {
        "slug": "korea-peru-summit",
        "name": "Korea–Peru summit",
        "kind": "summit",
        "starts_on": "2024-11-16",
        "ends_on": "2024-11-16",
        "place": "Lima, Peru",
        "country": "PE",
        "parent": "apec-2024",
        "description": "",
        "url": "http://testserver/events/korea-peru-summit/",
        "api_url": "http://testserver/api/v1/events/korea-peru-summit/",
    }
    assert list(data) == EVENT_KEYS


def test_sector_has_slug_name_and_description(anon, world):
    data = anon.get(reverse("api:sector-detail", kwargs={"slug": "mining"})).json()

    assert data == {"slug": "mining", "name": "Mining", "description": ""}


def test_sources_are_looked_up_by_id(anon, world):
    article = world["article"]
    data = anon.get(reverse("api:source-detail", kwargs={"id": article.pk})).json()

    assert data == {
        "id": article.pk,
        "title": "Korea, Peru sign deals",
        "url": "https://news.example/korea-peru",
        "publisher": "Example News",
        "published_on": "2024-11-18",
        "language": "en",
        "api_url": f"http://testserver/api/v1/sources/{article.pk}/",
    }


def test_search_returns_typed_mixed_results(anon, world):
    response = anon.get(reverse("api:search"), {"q": "peru"})

    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["count", "next", "previous", "results"]
    parties = [hit for hit in data["results"] if hit["type"] == "party"]
    agreements = [hit for hit in data["results"] if hit["type"] == "agreement"]
    assert {hit["slug"] for hit in parties} == {"republic-of-peru", "peruvian-navy"}
    assert {hit["slug"] for hit in agreements} == {
        "submarine-mou",
        "critical-minerals-mou",
        "naval-vessels-contract",
    }
    assert data["count"] == 5
    assert parties[0] == {
        "type": "party",
        "slug": "republic-of-peru",
        "name": "Republic of Peru",
        "url": "http://testserver/parties/republic-of-peru/",
        "api_url": "http://testserver/api/v1/parties/republic-of-peru/",
    }
    minerals = next(hit for hit in agreements if hit["slug"] == "critical-minerals-mou")
    assert minerals == {
        "type": "agreement",
        "slug": "critical-minerals-mou",
        "title": "Critical minerals MOU",
        "url": "http://testserver/agreements/critical-minerals-mou/",
        "api_url": "http://testserver/api/v1/agreements/critical-minerals-mou/",
    }


def test_search_pages_across_both_kinds_of_result(anon, world):
    first = anon.get(reverse("api:search"), {"q": "peru", "page_size": 3}).json()
    second = anon.get(first["next"]).json()

    slugs = [hit["slug"] for hit in first["results"] + second["results"]]
    assert len(first["results"]) == 3
    assert len(second["results"]) == 2
    assert second["next"] is None
    assert len(set(slugs)) == 5
    assert [hit["type"] for hit in first["results"] + second["results"]] == [
        "party",
        "party",
        "agreement",
        "agreement",
        "agreement",
    ]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_search_without_words_is_a_400_keyed_by_q(anon, world, params):
    response = anon.get(reverse("api:search"), params)

    assert response.status_code == 400
    assert list(response.json()) == ["q"]


def test_search_page_size_is_capped_and_a_missing_page_is_404(anon, db):
    from tests.factories import make_party

    for number in range(101):
        make_party(name=f"Capybara Holdings {number}")

    capped = anon.get(reverse("api:search"), {"q": "capybara", "page_size": 1000}).json()

    assert capped["count"] == 101
    assert len(capped["results"]) == 100 and capped["next"] is not None
    assert anon.get(reverse("api:search"), {"q": "capybara", "page": 9}).status_code == 404
