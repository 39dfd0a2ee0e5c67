"""Search is written for speed (README "Performance"): its conditions as SQL rather than
UNIONed querysets, its hits built directly rather than by DRF's serializers. Both must
give exactly what the straightforward versions give: the same rows in the same order,
the same counts, the same JSON."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from agreements.api.serializers import AgreementHitSerializer, PartyHitSerializer
from agreements.models import Agreement, Event, Participation
from core.models import Publication
from core.search import fold, search_terms
from parties.models import Party, PartyAlias
from tests.factories import make_agreement, make_event, make_party, make_user

pytestmark = pytest.mark.django_db


# --- The straightforward versions (the ORM search as first written) -------------------


def reference_party_search(queryset, query):
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    for term in terms:
        matching = (
            Party.objects.filter(name__fold__contains=term)
            .values("pk")
            .union(
                Party.objects.filter(short_name__fold__contains=term).values("pk"),
                Party.objects.filter(slug__contains=term).values("pk"),
                PartyAlias.objects.filter(name__fold__contains=term).values("party"),
            )
        )
        queryset = queryset.filter(pk__in=matching)
    whole = fold(" ".join(query.split()))
    exact_alias = PartyAlias.objects.filter(party=OuterRef("pk"), name__fold=whole)
    return queryset.annotate(
        search_rank=Case(
            When(
                Q(name__fold=whole) | Q(short_name__fold=whole) | Exists(exact_alias),
                then=Value(3),
            ),
            When(
                Q(name__fold__startswith=whole) | Q(short_name__fold__startswith=whole),
                then=Value(2),
            ),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("-search_rank", "name")


def reference_agreement_search(queryset, query):
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    rank = Value(0)
    for term in terms:
        parties = (
            Party.objects.filter(name__fold__contains=term)
            .values("pk")
            .union(
                Party.objects.filter(short_name__fold__contains=term).values("pk"),
                PartyAlias.objects.filter(name__fold__contains=term).values("party"),
            )
        )
        matching = (
            Agreement.objects.filter(title__fold__contains=term)
            .values("pk")
            .union(
                Agreement.objects.filter(summary__fold__contains=term).values("pk"),
                Agreement.objects.filter(
                    event__in=Event.objects.filter(name__fold__contains=term).values("pk")
                ).values("pk"),
                Participation.objects.filter(party__in=parties).values("agreement"),
            )
        )
        queryset = queryset.filter(pk__in=matching)
        rank = rank + Case(When(Q(title__fold__contains=term), then=Value(2)), default=Value(0))
    return queryset.annotate(search_rank=rank).order_by(
        "-search_rank", F("signed_on").desc(nulls_last=True), "title"
    )


# --- A register with the awkward cases ------------------------------------------------


@pytest.fixture
def register():
    korea = make_party(
        name="Republic of Korea", short_name="South Korea", slug="rok", aliases=["대한민국:ko"]
    )
    peru = make_party(name="República del Perú", short_name="Peru", aliases=["Perú:es", "PE"])
    make_party(name="Korea Aerospace Industries", slug="kai", aliases=["KAI"])
    make_party(name="Koreanische Werft", slug="kw-korea-2")
    hidden = make_party(name="Hidden Korea Works", slug="hidden", publication=Publication.DRAFT)
    odd = make_party(name="50% Holdings_Ltd", slug="fifty", aliases=["back\\slash"])
    make_party(name="Peruvian Navy", slug="navy", aliases=["Marina de Guerra del Perú"])
    summit = make_event(name="Korea–Peru Summit")
    make_agreement(title="Korea–Peru minerals MOU", parties=[korea, peru], signed_on="2024-11-16")
    make_agreement(title="Peru fisheries accord", parties=[peru], signed_on="2024-11-16")
    make_agreement(title="Lima port deal", parties=[peru, odd], signed_on="2019-05-01")
    make_agreement(title="Undated Korea note", parties=[korea])
    make_agreement(title="Another undated note", parties=[korea, peru])
    make_agreement(title="Summit communiqué", event=summit, signed_on="2023-01-01")
    make_agreement(title="Côte d'Ivoire – Corée", summary="Accord with KOREA on énergie")
    make_agreement(title="Hidden works contract", parties=[hidden], signed_on="2022-02-02")
    make_agreement(title="Draft Korea pact", parties=[korea], publication=Publication.DRAFT)
    make_agreement(title="Review Peru pact", parties=[peru], publication=Publication.REVIEW)
    make_agreement(title="100% owned_by nobody", signed_on="2021-01-01")


QUERIES = [
    "korea",
    "KOREA peru",
    "perú",
    "peru korea summit",
    "대한민국",
    "kai",
    "kw-korea",
    "orea-2",
    "ifty",
    "énergie",
    "corée",
    "50%",
    "%",
    "_",
    "holdings_ltd",
    "back\\slash",
    "works",
    "note",
    "republic of korea",
    "south korea",
    "pe",
    "nothing-matches-this",
    "a b c d e f g h i j",
]


@pytest.mark.parametrize("visible", ["published", "all"])
def test_search_finds_and_orders_what_the_orm_version_did(register, visible):
    for query in QUERIES:
        for model, reference in (
            (Party, reference_party_search),
            (Agreement, reference_agreement_search),
        ):
            base = getattr(model.objects, visible)()
            fast, slow = base.search(query), reference(base, query)
            assert list(fast.values_list("pk", flat=True)) == list(
                slow.values_list("pk", flat=True)
            ), (model.__name__, query)
            assert fast.count() == slow.count(), (model.__name__, query)
            assert [row.search_rank for row in fast] == [row.search_rank for row in slow]


def test_search_composes_with_other_filters_and_orderings(register):
    fast = Agreement.objects.published().search("korea").filter(signed_on__isnull=False)
    slow = reference_agreement_search(Agreement.objects.published(), "korea").filter(
        signed_on__isnull=False
    )
    assert list(fast.order_by("title")) == list(slow.order_by("title"))
    assert list(fast.select_related("event")) == list(slow.select_related("event"))
    inner = Party.objects.filter(pk__in=Party.objects.search("korea").values("pk"))
    assert set(inner) == set(reference_party_search(Party.objects.all(), "korea"))


@pytest.mark.parametrize("staff", [False, True])
def test_the_direct_hits_equal_the_serializers(register, staff):
    client = APIClient()
    request = Request(APIRequestFactory().get("/api/v1/search/"))
    request.user = AnonymousUser()
    if staff:
        request.user = make_user(username="staff", is_staff=True)
        client.force_authenticate(request.user)
    for query in QUERIES:
        for params in ({}, {"page_size": 3}, {"page_size": 3, "page": 2}):
            response = client.get(reverse("api:search"), {"q": query, **params})
            if response.status_code == 404:  # a page past the end
                continue
            assert response.status_code == 200
            hits = response.json()["results"]
            for hit in hits:
                serializer, model = {
                    "party": (PartyHitSerializer, Party),
                    "agreement": (AgreementHitSerializer, Agreement),
                }[hit["type"]]
                instance = model.objects.get(slug=hit["slug"])
                generic = serializer(instance, context={"request": request}).data
                # Equal, keys in the same order (the JSON text is the same).
                assert json.dumps(hit) == json.dumps(generic), (query, hit)


def test_search_pages_are_the_chained_reference_lists(register):
    client = APIClient()
    parties = list(
        reference_party_search(Party.objects.published(), "korea").values_list("slug", flat=True)
    )
    agreements = list(
        reference_agreement_search(Agreement.objects.published(), "korea").values_list(
            "slug", flat=True
        )
    )
    expected = [("party", slug) for slug in parties] + [("agreement", slug) for slug in agreements]
    seen, page = [], 1
    while True:
        response = client.get(reverse("api:search"), {"q": "korea", "page_size": 2, "page": page})
        if response.status_code == 404:
            break
        body = response.json()
        assert body["count"] == len(expected)
        seen += [(hit["type"], hit["slug"]) for hit in body["results"]]
        page += 1
    assert seen == expected


def test_cached_search_counts_depend_on_the_words_and_the_callers_visibility(register, settings):
    settings.COUNT_CACHE = True
    anonymous, staff = APIClient(), APIClient()
    staff.force_authenticate(make_user(username="staff", is_staff=True))

    def count(client, query):
        return client.get(reverse("api:search"), {"q": query}).json()["count"]

    public = Party.objects.published().search("korea").count()
    public += Agreement.objects.published().search("korea").count()
    everything = Party.objects.search("korea").count() + Agreement.objects.search("korea").count()
    assert public < everything
    for _ in range(2):  # computed, then read from the cache
        assert count(anonymous, "korea") == public
        assert count(staff, "korea") == everything
        assert count(anonymous, "KORÉA") == public
        assert count(anonymous, "korea peru") < public
    make_agreement(title="Korea late addition")  # a change: the next count is fresh
    assert count(anonymous, "korea") == public + 1
