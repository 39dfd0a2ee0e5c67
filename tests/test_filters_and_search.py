"""The shared FilterSets and search: the semantics both the pages and the API rely on."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from agreements.filters import AgreementFilterSet
from agreements.models import Agreement
from parties.filters import PartyFilterSet
from parties.models import Party
from tests.factories import make_agreement, make_party, make_sector, make_user

pytestmark = pytest.mark.django_db


def _filter(params, *, user=None, filterset_class=AgreementFilterSet, queryset=None):
    request = RequestFactory().get("/", params)
    request.user = user or AnonymousUser()
    model = filterset_class._meta.model
    base = queryset if queryset is not None else model.objects.visible_to(request.user)
    filterset = filterset_class(request.GET, queryset=base, request=request)
    return filterset


def _titles(filterset):
    assert filterset.is_valid(), filterset.errors
    return sorted(agreement.title for agreement in filterset.qs)


@pytest.fixture
def world():
    korea = make_party(
        name="Republic of Korea",
        kind="state",
        country="KR",
        slug="republic-of-korea",
        aliases=["대한민국:ko"],
    )
    peru = make_party(
        name="Republic of Peru",
        kind="state",
        country="PE",
        slug="republic-of-peru",
        aliases=["Perú:es"],
    )
    chile = make_party(
        name="Republic of Chile", kind="state", country="CL", slug="republic-of-chile"
    )
    kai = make_party(name="Korea Aerospace Industries", country="KR", slug="kai", aliases=["KAI"])
    defense = make_sector(name="Defense", slug="defense")
    mining = make_sector(name="Mining", slug="mining")
    make_agreement(
        title="Korea–Peru minerals MOU",
        parties=[korea, peru],
        sectors=[mining, defense],
        signed_on="2024-11-16",
        value_amount=463000000,
        value_currency="USD",
    )
    make_agreement(
        title="Korea–Chile trade pact",
        kind="treaty",
        parties=[korea, chile],
        signed_on="2020-01-01",
    )
    make_agreement(
        title="Peru–Chile border accord",
        parties=[(peru, "party"), (chile, "guarantor")],
        sectors=[defense],
        signed_on="2024-11-17",
    )
    make_agreement(
        title="KF-21 components MOU",
        parties=[kai, (peru, "client")],
        sectors=[defense],
        signed_on="2024-11-16",
        value_amount=1000,
        value_currency="EUR",
    )
    make_agreement(title="Secret Korea–Peru draft", parties=[korea, peru], publication="draft")


def test_repeated_party_means_all_of_them(world):
    filterset = _filter({"party": ["republic-of-korea", "republic-of-peru"]})
    assert _titles(filterset) == ["Korea–Peru minerals MOU"]


def test_staff_see_drafts_in_the_bilateral_filter_but_anonymous_do_not(world):
    staff = make_user(is_staff=True)
    filterset = _filter({"party": ["republic-of-korea", "republic-of-peru"]}, user=staff)
    assert _titles(filterset) == ["Korea–Peru minerals MOU", "Secret Korea–Peru draft"]


def test_repeated_country_means_all_of_them(world):
    assert _titles(_filter({"country": ["PE", "CL"]})) == ["Peru–Chile border accord"]


def test_repeated_sector_means_any_without_duplicates(world):
    titles = _titles(_filter({"sector": ["defense", "mining"]}))
    assert titles == ["KF-21 components MOU", "Korea–Peru minerals MOU", "Peru–Chile border accord"]


def test_date_bounds_are_inclusive(world):
    filterset = _filter({"signed_after": "2024-11-16", "signed_before": "2024-11-16"})
    assert _titles(filterset) == ["KF-21 components MOU", "Korea–Peru minerals MOU"]


def test_value_range_and_currency(world):
    assert _titles(_filter({"value_min": "1000", "value_max": "1000"})) == ["KF-21 components MOU"]
    assert _titles(_filter({"currency": "USD"})) == ["Korea–Peru minerals MOU"]


def test_role_and_kind(world):
    assert _titles(_filter({"role": "guarantor"})) == ["Peru–Chile border accord"]
    assert _titles(_filter({"kind": "treaty"})) == ["Korea–Chile trade pact"]


def test_ordering_by_value_descending(world):
    filterset = _filter({"ordering": "-value_amount", "currency": "", "value_min": "0"})
    assert [a.title for a in filterset.qs] == ["Korea–Peru minerals MOU", "KF-21 components MOU"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"signed_after": "16/11/2024"}, "signed_after"),
        ({"value_min": "lots"}, "value_min"),
        ({"value_min": "-1"}, "value_min"),
        ({"party": "no-such-party"}, "party"),
        ({"country": "XX"}, "country"),
        ({"kind": "alliance"}, "kind"),
        ({"currency": "ZZZ"}, "currency"),
        ({"ordering": "secret_field"}, "ordering"),
        ({"sector": "astrology"}, "sector"),
    ],
)
def test_invalid_values_are_errors_keyed_by_the_parameter(world, params, field):
    filterset = _filter(params)
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_anonymous_cannot_filter_on_a_draft_party(world):
    make_party(name="Hidden Holdings", slug="hidden-holdings", publication="draft")
    assert "party" in _filter({"party": "hidden-holdings"}).errors


def test_publication_filter_is_for_staff_only(world):
    staff = make_user(is_staff=True)
    assert _titles(_filter({"publication": "draft"}, user=staff)) == ["Secret Korea–Peru draft"]
    anonymous = _filter({"publication": "draft"})
    assert "Secret Korea–Peru draft" not in _titles(anonymous)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("KAI", "Korea Aerospace Industries"),
        ("kai", "Korea Aerospace Industries"),
        ("perú", "Republic of Peru"),
        ("PERU", "Republic of Peru"),
        ("대한민국", "Republic of Korea"),
    ],
)
def test_party_search_is_case_and_accent_insensitive_through_aliases(world, query, expected):
    assert Party.objects.published().search(query).first().name == expected


def test_agreement_search_matches_participant_aliases_and_ranks_titles_first(world):
    results = list(Agreement.objects.published().search("peru"))
    assert results[0].title in {"Korea–Peru minerals MOU", "Peru–Chile border accord"}
    assert "KF-21 components MOU" in [a.title for a in results]  # Peru is a participant
    assert [a.title for a in Agreement.objects.published().search("대한민국 chile")] == [
        "Korea–Chile trade pact"
    ]


def test_search_never_returns_drafts_to_the_public(world):
    assert "Secret Korea–Peru draft" not in [
        a.title for a in Agreement.objects.published().search("secret")
    ]


def test_party_filterset_by_kind_country_and_parent(world):
    korea = Party.objects.get(slug="republic-of-korea")
    make_party(
        name="Korean Navy", kind="government_body", country="KR", parent=korea, slug="korean-navy"
    )
    names = sorted(
        p.name for p in _filter({"parent": "republic-of-korea"}, filterset_class=PartyFilterSet).qs
    )
    assert names == ["Korean Navy"]
    names = sorted(
        p.name
        for p in _filter({"kind": "state", "country": "PE"}, filterset_class=PartyFilterSet).qs
    )
    assert names == ["Republic of Peru"]
