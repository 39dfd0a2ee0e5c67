"""The API filters are the shared FilterSets: every filter name of DESIGN.md §4, pagination
caps and field-keyed 400s for invalid values."""

import pytest
from django.urls import reverse

from tests.factories import make_agreement, make_party

pytestmark = pytest.mark.django_db


def slugs(client, params, *, name="api:agreement-list"):
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content
    return sorted(item["slug"] for item in response.json()["results"])


def test_party_repeated_means_all_of_them(anon, world):
    assert slugs(anon, {"party": ["republic-of-korea"]}) == [
        "critical-minerals-mou",
        "submarine-mou",
    ]
    assert slugs(anon, {"party": ["republic-of-korea", "republic-of-peru"]}) == [
        "critical-minerals-mou",
        "submarine-mou",
    ]
    assert slugs(anon, {"party": ["hd-hhi"]}) == ["naval-vessels-contract", "submarine-mou"]
    assert slugs(anon, {"party": ["hd-hhi", "peruvian-navy"]}) == ["naval-vessels-contract"]
    assert slugs(anon, {"party": ["hd-hhi", "republic-of-peru"]}) == ["submarine-mou"]


def test_bilateral_filter_excludes_agreements_with_only_one_of_the_parties(anon, world):
    chile = make_party(name="Chile", kind="state", country="CL", slug="chile")
    make_agreement(title="Korea–Chile pact", slug="korea-chile", parties=[world["korea"], chile])

    assert "korea-chile" in slugs(anon, {"party": "republic-of-korea"})
    assert "korea-chile" not in slugs(anon, {"party": ["republic-of-korea", "republic-of-peru"]})


def test_country_repeated_means_all_of_them(anon, world):
    assert slugs(anon, {"country": "KR"}) == [
        "critical-minerals-mou",
        "naval-vessels-contract",
        "submarine-mou",
    ]
    assert slugs(anon, {"country": ["KR", "PE"]}) == [
        "critical-minerals-mou",
        "naval-vessels-contract",
        "submarine-mou",
    ]
    chile = make_party(name="Chile", kind="state", country="CL", slug="chile")
    make_agreement(title="Korea–Chile pact", slug="korea-chile", parties=[world["korea"], chile])
    assert slugs(anon, {"country": ["KR", "CL"]}) == ["korea-chile"]


def test_kind_status_role_and_currency(anon, world):
    assert slugs(anon, {"kind": "contract"}) == ["naval-vessels-contract"]
    assert slugs(anon, {"kind": ["contract", "mou"]}) == [
        "critical-minerals-mou",
        "naval-vessels-contract",
        "submarine-mou",
    ]
    make_agreement(title="Old treaty", slug="old-treaty", kind="treaty", status="expired")
    assert slugs(anon, {"status": "expired"}) == ["old-treaty"]
    assert slugs(anon, {"role": "client"}) == ["naval-vessels-contract"]
    assert slugs(anon, {"currency": "EUR"}) == ["critical-minerals-mou"]


def test_a_filtered_list_keeps_the_default_order_and_ignores_unknown_parameters(anon, world):
    # The API builds only the filters a query names (config.api.FilterBackend).
    make_agreement(title="Older MOU", slug="older-mou", signed_on="1999-01-01")
    response = anon.get(reverse("api:agreement-list"), {"kind": "mou", "unknown": "x"})

    assert response.status_code == 200
    ordered = [item["slug"] for item in response.json()["results"]]
    assert sorted(ordered) == ["critical-minerals-mou", "older-mou", "submarine-mou"]
    assert ordered[-1] == "older-mou"  # newest signed first, as without a filter
    assert ordered == [
        item["slug"]
        for item in anon.get(reverse("api:agreement-list")).json()["results"]
        if item["slug"] in ordered
    ]


def test_sector_and_event_by_slug(anon, world):
    assert slugs(anon, {"sector": "defense"}) == ["naval-vessels-contract", "submarine-mou"]
    assert slugs(anon, {"sector": ["mining", "shipbuilding"]}) == [
        "critical-minerals-mou",
        "naval-vessels-contract",
    ]
    assert slugs(anon, {"event": "korea-peru-summit"}) == [
        "critical-minerals-mou",
        "submarine-mou",
    ]


def test_signed_date_bounds_are_inclusive(anon, world):
    assert slugs(anon, {"signed_after": "2024-11-16"}) == [
        "critical-minerals-mou",
        "submarine-mou",
    ]
    assert slugs(anon, {"signed_before": "2024-11-16"}) == [
        "critical-minerals-mou",
        "naval-vessels-contract",
        "submarine-mou",
    ]
    assert slugs(anon, {"signed_before": "2024-11-15"}) == ["naval-vessels-contract"]
    assert slugs(anon, {"signed_after": "2022-12-01", "signed_before": "2022-12-01"}) == [
        "naval-vessels-contract"
    ]


def test_value_range_is_inclusive(anon, world):
    assert slugs(anon, {"value_min": "463000000"}) == ["naval-vessels-contract"]
    assert slugs(anon, {"value_max": "1000.50"}) == ["critical-minerals-mou"]
    assert slugs(anon, {"value_min": "1000.50", "value_max": "463000000"}) == [
        "critical-minerals-mou",
        "naval-vessels-contract",
    ]
    assert slugs(anon, {"value_min": "1000.51", "value_max": "462999999.99"}) == []


def test_q_searches_titles_and_participant_aliases(anon, world):
    assert slugs(anon, {"q": "submarine"}) == ["submarine-mou"]
    assert slugs(anon, {"q": "대한민국"}) == ["critical-minerals-mou", "submarine-mou"]
    assert slugs(anon, {"q": "PERÚ minerals"}) == ["critical-minerals-mou"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("signed_on", ["naval-vessels-contract", "critical-minerals-mou", "submarine-mou"]),
        ("-signed_on", ["critical-minerals-mou", "submarine-mou", "naval-vessels-contract"]),
        ("title", ["critical-minerals-mou", "naval-vessels-contract", "submarine-mou"]),
        ("-value_amount", ["naval-vessels-contract", "critical-minerals-mou", "submarine-mou"]),
    ],
)
def test_ordering(anon, world, ordering, expected):
    response = anon.get(reverse("api:agreement-list"), {"ordering": f"{ordering},title"})
    order = [item["slug"] for item in response.json()["results"]]

    if ordering == "-value_amount":
        # Where NULLs sort differs between databases; the valued ones come in order.
        order = [slug for slug in order if slug != "submarine-mou"]
        expected = expected[:2]
    assert order == expected


def test_ordering_by_last_update(anon, world):
    world["contract"].save()  # touched last
    response = anon.get(reverse("api:agreement-list"), {"ordering": "-updated_at"})

    assert response.json()["results"][0]["slug"] == "naval-vessels-contract"


def test_party_filters(anon, world):
    assert slugs(anon, {"kind": "state"}, name="api:party-list") == [
        "republic-of-korea",
        "republic-of-peru",
    ]
    assert slugs(anon, {"country": "PE"}, name="api:party-list") == [
        "peruvian-navy",
        "republic-of-peru",
    ]
    assert slugs(anon, {"parent": "republic-of-peru"}, name="api:party-list") == ["peruvian-navy"]
    assert slugs(anon, {"q": "perú"}, name="api:party-list") == [
        "peruvian-navy",
        "republic-of-peru",
    ]
    assert slugs(anon, {"q": "대한민국"}, name="api:party-list") == ["republic-of-korea"]


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"signed_after": "16/11/2024"}, "signed_after"),
        ({"signed_before": "2024-13-01"}, "signed_before"),
        ({"value_min": "lots"}, "value_min"),
        ({"value_max": "-5"}, "value_max"),
        ({"kind": "alliance"}, "kind"),
        ({"status": "dead"}, "status"),
        ({"role": "king"}, "role"),
        ({"currency": "XXXX"}, "currency"),
        ({"country": "ZZ"}, "country"),
        ({"party": "nobody"}, "party"),
        ({"sector": "nothing"}, "sector"),
        ({"event": "nowhere"}, "event"),
        ({"ordering": "price"}, "ordering"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_invalid_agreement_filters_are_400_keyed_by_parameter(anon, world, params, key):
    response = anon.get(reverse("api:agreement-list"), params)

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [key]
    assert isinstance(body[key][0], str) and body[key][0]


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"kind": "alien"}, "kind"),
        ({"country": "ZZ"}, "country"),
        ({"parent": "nobody"}, "parent"),
    ],
)
def test_invalid_party_filters_are_400_keyed_by_parameter(anon, world, params, key):
    response = anon.get(reverse("api:party-list"), params)

    assert response.status_code == 400
    assert list(response.json()) == [key]


def test_anonymous_cannot_filter_by_a_draft_party(anon, publisher_client, world):
    assert anon.get(reverse("api:agreement-list"), {"party": "secret-shipyard"}).status_code == 400
    assert slugs(publisher_client, {"party": "secret-shipyard"}) == ["draft-shipyard-deal"]


def test_publication_filter_is_for_staff_only(anon, publisher_client, world):
    assert slugs(publisher_client, {"publication": "draft"}) == ["draft-shipyard-deal"]
    # Ignored for anonymous callers, who only ever see published rows.
    assert "draft-shipyard-deal" not in slugs(anon, {"publication": "draft"})


def test_page_size_is_capped_at_100(anon, db):
    for number in range(105):
        make_agreement(title=f"Agreement {number:03}", slug=f"agreement-{number:03}")

    default = anon.get(reverse("api:agreement-list")).json()
    capped = anon.get(reverse("api:agreement-list"), {"page_size": 1000}).json()
    small = anon.get(reverse("api:agreement-list"), {"page_size": 5, "page": 3}).json()

    assert default["count"] == 105 and len(default["results"]) == 20
    assert capped["count"] == 105 and len(capped["results"]) == 100
    assert capped["next"] is not None
    assert len(small["results"]) == 5
    assert small["previous"] is not None and "page=2" in small["previous"]
    assert anon.get(reverse("api:agreement-list"), {"page": 99}).status_code == 404
