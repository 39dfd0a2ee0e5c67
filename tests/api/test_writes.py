"""Writes: the round trip of a new entry, validation identical to the admin's (model
full_clean and the publishing services), nested lists replaced wholesale, 409 on
protected deletes."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from agreements import services as agreement_services
from agreements.models import Agreement, AgreementRelation, Citation, Participation, Source
from core.models import Publication
from parties import services as party_services
from parties.models import Party
from tests.factories import make_member, make_party

pytestmark = pytest.mark.django_db


def agreements_url():
    return reverse("api:agreement-list")


def agreement_url(slug):
    return reverse("api:agreement-detail", kwargs={"slug": slug})


def party_url(slug):
    return reverse("api:party-detail", kwargs={"slug": slug})


NEW_PARTIES = [
    {
        "slug": "kai",
        "name": "Korea Aerospace Industries",
        "short_name": "KAI",
        "kind": "company",
        "country": "KR",
        "parent": None,
        "aliases": [
            {"name": "KAI", "language": ""},
            {"name": "한국항공우주산업", "language": "ko"},
        ],
        "description": "Maker of the KF-21.",
        "website": "https://www.koreaaero.com/",
        "wikidata_id": "Q485447",
    },
    {
        "slug": "seman",
        "name": "SEMAN Perú",
        "short_name": "SEMAN",
        "kind": "state_enterprise",
        "country": "PE",
        "parent": "republic-of-peru",
        "aliases": [{"name": "Servicio de Mantenimiento", "language": "es"}],
        "description": "",
        "website": "",
        "wikidata_id": "",
    },
]

NEW_AGREEMENT = {
    "slug": "kai-seman-kf21-mou",
    "title": "KAI–SEMAN KF-21 components MOU",
    "kind": "mou",
    "status": "signed",
    "summary": "KAI and SEMAN will cooperate on KF-21 components.",
    "description": "Signed at the summit.",
    "announced_on": None,
    "signed_on": "2024-11-16",
    "signed_on_precision": "day",
    "effective_on": None,
    "expires_on": None,
    "value": {"amount": "12000000.00", "currency": "USD", "note": "Estimated."},
    "place": "Lima, Peru",
    "event": "korea-peru-summit",
    "sectors": ["defense"],
    "participants": [
        {
            "party": "kai",
            "role": "party",
            "representative": "yoon-suk-yeol",
            "representative_title": "Witnessed by the President",
        },
        {"party": "seman", "role": "party", "representative": None, "representative_title": ""},
    ],
    "relations": [
        {"kind": "related", "direction": "outgoing", "agreement": "submarine-mou"},
        {"kind": "builds_on", "direction": "incoming", "agreement": "critical-minerals-mou"},
    ],
    "legal_nature": "non_binding",
    "sources": [
        {
            "title": "Korea, Peru sign deals",
            "url": "https://news.example/korea-peru",
            "publisher": "Example News",
            "published_on": "2024-11-18",
            "quote": "KAI and SEMAN signed an MOU on KF-21 components.",
        },
        {
            "title": "Press release",
            "url": "",
            "publisher": "KAI",
            "published_on": None,
            "quote": "",
        },
    ],
    "publication": "draft",
}


def as_written(read):
    """The write shape of a read representation: references become slugs again."""
    return {
        **{key: read[key] for key in NEW_AGREEMENT},
        "event": read["event"] and read["event"]["slug"],
        "participants": [
            {
                **participant,
                "party": participant["party"]["slug"],
                "representative": participant["representative"]
                and participant["representative"]["slug"],
            }
            for participant in read["participants"]
        ],
        "relations": [
            {**relation, "agreement": relation["agreement"]["slug"]}
            for relation in read["relations"]
        ],
    }


def test_round_trip_create_read_publish_find(publisher_client, anon, world):
    for party in NEW_PARTIES:
        response = publisher_client.post(reverse("api:party-list"), party, format="json")
        assert response.status_code == 201, response.json()
        assert {key: response.json()[key] for key in party} == party
        assert response.json()["publication"] == "draft"

    created = publisher_client.post(agreements_url(), NEW_AGREEMENT, format="json")
    assert created.status_code == 201, created.json()
    assert created["Location"] == "http://testserver" + agreement_url("kai-seman-kf21-mou")
    read = publisher_client.get(agreement_url("kai-seman-kf21-mou"))
    assert read.status_code == 200
    assert read.json() == created.json()
    assert as_written(read.json()) == NEW_AGREEMENT

    # The relations were stored in the right direction, the article was reused.
    agreement = Agreement.objects.get(slug="kai-seman-kf21-mou")
    assert agreement.created_by.username == "publisher"
    assert AgreementRelation.objects.filter(
        from_agreement=world["minerals"], kind="builds_on", to_agreement=agreement
    ).exists()
    assert Source.objects.filter(url="https://news.example/korea-peru").count() == 1
    assert anon.get(agreement_url("kai-seman-kf21-mou")).status_code == 404

    # Publishing is refused while the new parties are drafts …
    refused = publisher_client.patch(
        agreement_url("kai-seman-kf21-mou"), {"publication": "published"}, format="json"
    )
    assert refused.status_code == 400
    assert list(refused.json()) == ["publication"]
    assert "Korea Aerospace Industries is not published yet" in " ".join(
        refused.json()["publication"]
    )
    # … and allowed once they are published.
    for party in NEW_PARTIES:
        response = publisher_client.patch(
            party_url(party["slug"]), {"publication": "published"}, format="json"
        )
        assert response.status_code == 200, response.json()
    published = publisher_client.patch(
        agreement_url("kai-seman-kf21-mou"), {"publication": "published"}, format="json"
    )
    assert published.status_code == 200, published.json()
    assert published.json()["publication"] == "published"
    assert as_written(published.json()) == {**NEW_AGREEMENT, "publication": "published"}

    found = anon.get(agreements_url(), {"party": ["kai", "seman"], "sector": "defense"}).json()
    assert [item["slug"] for item in found["results"]] == ["kai-seman-kf21-mou"]
    assert anon.get(agreement_url("kai-seman-kf21-mou")).status_code == 200
    public_page = anon.get(published.json()["url"])
    assert public_page.status_code == 200
    assert "KAI–SEMAN KF-21 components MOU" in public_page.content.decode()


def test_create_with_publication_published_goes_through_the_service(
    publisher_client, world, monkeypatch
):
    calls = []
    real = agreement_services.agreement_publish

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr("agreements.api.writes.agreement_publish", spy)
    payload = {
        "slug": "quick",
        "title": "Quick",
        "kind": "pledge",
        "participants": [{"party": "republic-of-korea"}],
        "publication": "published",
    }

    response = publisher_client.post(agreements_url(), payload, format="json")

    assert response.status_code == 201, response.json()
    assert [call["agreement"].slug for call in calls] == ["quick"]
    agreement = Agreement.objects.get(slug="quick")
    assert agreement.publication == Publication.PUBLISHED
    assert agreement.published_at is not None


def test_unpublishing_goes_through_the_service(publisher_client, world, monkeypatch):
    calls = []
    real = agreement_services.agreement_unpublish
    monkeypatch.setattr(
        "agreements.api.writes.agreement_unpublish",
        lambda **kwargs: calls.append(kwargs) or real(**kwargs),
    )

    response = publisher_client.patch(
        agreement_url("submarine-mou"), {"publication": "draft"}, format="json"
    )

    assert response.status_code == 200
    assert [call["agreement"].slug for call in calls] == ["submarine-mou"]
    assert Agreement.objects.get(slug="submarine-mou").publication == Publication.DRAFT


def test_party_publication_goes_through_the_services(publisher_client, world, monkeypatch):
    published, unpublished = [], []
    real_publish, real_unpublish = party_services.party_publish, party_services.party_unpublish
    monkeypatch.setattr(
        "parties.api.writes.party_publish",
        lambda **kwargs: published.append(kwargs["party"].slug) or real_publish(**kwargs),
    )
    monkeypatch.setattr(
        "parties.api.writes.party_unpublish",
        lambda **kwargs: unpublished.append(kwargs["party"].slug) or real_unpublish(**kwargs),
    )

    assert (
        publisher_client.patch(
            party_url("secret-shipyard"), {"publication": "published"}, format="json"
        ).status_code
        == 200
    )
    assert (
        publisher_client.patch(
            party_url("secret-unit"), {"publication": "review"}, format="json"
        ).status_code
        == 200
    )

    assert published == ["secret-shipyard"]
    assert unpublished == ["secret-unit"]
    assert Party.objects.get(slug="secret-unit").publication == Publication.REVIEW


def test_party_named_by_a_published_agreement_cannot_be_unpublished(publisher_client, world):
    response = publisher_client.patch(
        party_url("republic-of-korea"), {"publication": "draft"}, format="json"
    )

    assert response.status_code == 400
    assert "Submarine MOU" in response.json()["publication"][0]
    assert Party.objects.get(slug="republic-of-korea").is_published


def test_a_published_agreement_cannot_take_a_draft_participant(publisher_client, world):
    response = publisher_client.patch(
        agreement_url("submarine-mou"),
        {"participants": [{"party": "secret-shipyard"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "Secret Shipyard is not published yet" in response.json()["participants"][0]
    assert world["mou"].participations.count() == 3  # nothing was written


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"value": {"amount": "-1", "currency": "USD"}}, {"value": {"amount"}}),
        ({"value": {"amount": "10", "currency": "XYZ"}}, {"value": {"currency"}}),
        ({"value": {"amount": "10", "currency": ""}}, {"value": {"currency"}}),
        ({"signed_on": "2024-11-16", "expires_on": "2020-01-01"}, {"expires_on": None}),
        ({"kind": "alliance"}, {"kind": None}),
        ({"slug": "submarine-mou"}, {"slug": None}),
        ({"slug": "not a slug"}, {"slug": None}),
        ({"event": "nowhere"}, {"event": None}),
        ({"sectors": ["nothing"]}, {"sectors": None}),
        ({"participants": [{"party": "nobody"}]}, {"participants": None}),
        (
            {
                "participants": [
                    {"party": "republic-of-korea", "representative": "republic-of-peru"}
                ]
            },
            {"participants": None},
        ),
        (
            {"participants": [{"party": "republic-of-korea"}, {"party": "republic-of-korea"}]},
            {"participants": None},
        ),
        ({"relations": [{"kind": "amends", "agreement": "nowhere"}]}, {"relations": None}),
        # A NUL in a reference: PostgreSQL cannot even compare it (it was a 500 there).
        ({"event": "summit\x00"}, {"event": None}),
        ({"sectors": ["energy\x00"]}, {"sectors": None}),
        ({"participants": [{"party": "republic-of-korea\x00"}]}, {"participants": None}),
        ({"relations": [{"kind": "amends", "agreement": "\x00"}]}, {"relations": None}),
        ({"sources": [{"title": "No URL", "url": "not a url"}]}, {"sources": None}),
        ({"title": ""}, {"title": None}),
    ],
)
def test_invalid_agreements_are_refused_with_field_keyed_errors(
    publisher_client, world, change, expected
):
    payload = {"slug": "new-one", "title": "New one", "kind": "mou", **change}

    response = publisher_client.post(agreements_url(), payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == set(expected)
    for field, subfields in expected.items():
        if subfields is not None:
            assert set(body[field]) == subfields
    assert not Agreement.objects.filter(slug="new-one").exists()


def test_model_clean_messages_reach_the_caller(publisher_client, world):
    negative = publisher_client.post(
        agreements_url(),
        {"slug": "a", "title": "A", "kind": "mou", "value": {"amount": "-5", "currency": "USD"}},
        format="json",
    )
    expires = publisher_client.post(
        agreements_url(),
        {
            "slug": "a",
            "title": "A",
            "kind": "mou",
            "signed_on": "2024-01-02",
            "expires_on": "2024-01-01",
        },
        format="json",
    )
    representative = publisher_client.post(
        agreements_url(),
        {
            "slug": "b",
            "title": "B",
            "kind": "mou",
            "participants": [{"party": "republic-of-korea", "representative": "republic-of-peru"}],
        },
        format="json",
    )
    duplicate = publisher_client.post(
        agreements_url(),
        {
            "slug": "c",
            "title": "C",
            "kind": "mou",
            "participants": [{"party": "republic-of-korea"}, {"party": "republic-of-korea"}],
        },
        format="json",
    )

    assert negative.json()["value"]["amount"]
    assert expires.json() == {"expires_on": ["An agreement cannot expire before it is signed."]}
    assert "must be a party of kind “person”" in representative.json()["participants"][0]
    assert duplicate.json()["participants"][0].startswith(
        "Participant 2 (republic-of-korea, party)"
    )


def test_an_agreement_cannot_relate_to_itself(publisher_client, world):
    response = publisher_client.patch(
        agreement_url("submarine-mou"),
        {"relations": [{"kind": "amends", "agreement": "submarine-mou"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "cannot relate to itself" in response.json()["relations"][0]
    assert world["mou"].relations_out.count() == 1


def test_nested_lists_are_replaced_wholesale_when_given_and_kept_otherwise(publisher_client, world):
    url = agreement_url("submarine-mou")
    kept = publisher_client.patch(url, {"summary": "New summary."}, format="json").json()
    assert len(kept["participants"]) == 3
    assert len(kept["relations"]) == 2
    assert len(kept["sources"]) == 1
    assert kept["sectors"] == ["defense"]

    replaced = publisher_client.patch(
        url,
        {
            "participants": [{"party": "republic-of-peru", "role": "beneficiary"}],
            "relations": [],
            "sources": [{"title": "Another", "publisher": "Someone", "quote": "Yes."}],
            "sectors": ["mining", "defense"],
            "value": None,
        },
        format="json",
    ).json()

    assert [(p["party"]["slug"], p["role"]) for p in replaced["participants"]] == [
        ("republic-of-peru", "beneficiary")
    ]
    assert replaced["relations"] == []
    assert [s["title"] for s in replaced["sources"]] == ["Another"]
    assert replaced["sectors"] == ["defense", "mining"]
    assert replaced["value"] is None
    assert Participation.objects.filter(agreement=world["mou"]).count() == 1
    # The incoming relation from the draft went too: both directions are replaced.
    assert not AgreementRelation.objects.filter(to_agreement=world["mou"]).exists()
    # The source that is no longer cited is kept for others to cite.
    assert Source.objects.filter(pk=world["article"].pk).exists()


def test_sources_are_upserted_by_url_else_by_title_and_publisher(publisher_client, world):
    url = agreement_url("critical-minerals-mou")
    publisher_client.patch(
        url,
        {
            "sources": [
                {
                    "title": "Renamed article",
                    "url": "https://news.example/korea-peru",
                    "quote": "Q1",
                },
                {"title": "Briefing", "publisher": "Ministry", "quote": "Q2"},
            ]
        },
        format="json",
    )
    publisher_client.patch(
        agreement_url("naval-vessels-contract"),
        {"sources": [{"title": "Briefing", "publisher": "Ministry", "published_on": "2024-11-19"}]},
        format="json",
    )

    assert Source.objects.filter(url="https://news.example/korea-peru").get().title == (
        "Renamed article"
    )
    briefing = Source.objects.get(title="Briefing", publisher="Ministry")
    assert str(briefing.published_on) == "2024-11-19"
    assert Citation.objects.filter(source=briefing).count() == 2


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        ({"kind": "state", "country": ""}, "country"),
        ({"wikidata_id": "884"}, "wikidata_id"),
        ({"country": "ZZ"}, "country"),
        ({"slug": "republic-of-korea"}, "slug"),
        ({"parent": "nobody"}, "parent"),
        ({"parent": "republic-of-peru\x00"}, "parent"),
        ({"aliases": [{"name": "X", "language": "not a tag!"}]}, "aliases"),
        (
            {"aliases": [{"name": "X", "language": "es"}, {"name": "X", "language": "es"}]},
            "aliases",
        ),
        ({"website": "nowhere"}, "website"),
    ],
)
def test_invalid_parties_are_refused_with_field_keyed_errors(publisher_client, world, payload, key):
    body = {"slug": "new-party", "name": "New party", "kind": "company", "country": "KR", **payload}

    response = publisher_client.post(reverse("api:party-list"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [key]
    assert not Party.objects.filter(name="New party").exists()


def test_a_party_cannot_become_its_own_ancestor(publisher_client, world):
    response = publisher_client.patch(
        party_url("republic-of-peru"), {"parent": "peruvian-navy"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["parent"]


def test_invalid_events_and_sources_are_refused(publisher_client, world):
    event = publisher_client.post(
        reverse("api:event-list"),
        {"slug": "e", "name": "E", "starts_on": "2024-01-02", "ends_on": "2024-01-01"},
        format="json",
    )
    source = publisher_client.post(
        reverse("api:source-list"),
        {"title": "Copy", "url": "https://news.example/korea-peru"},
        format="json",
    )

    assert event.status_code == 400 and list(event.json()) == ["ends_on"]
    assert source.status_code == 400 and list(source.json()) == ["url"]


def test_deleting_a_party_that_agreements_hold_is_a_409_naming_them(publisher_client, world):
    response = publisher_client.delete(party_url("hd-hhi"))

    assert response.status_code == 409
    body = response.json()
    assert body["agreements"] == ["naval-vessels-contract", "submarine-mou"]
    assert "Naval vessels contract" in body["detail"]
    assert "Submarine MOU" in body["detail"]
    assert Party.objects.filter(slug="hd-hhi").exists()


def test_deleting_a_representative_or_a_parent_is_refused_too(publisher_client, world):
    representative = publisher_client.delete(party_url("yoon-suk-yeol"))
    parent = publisher_client.delete(party_url("secret-shipyard"))

    assert representative.status_code == 409
    assert representative.json()["agreements"] == ["submarine-mou"]
    assert parent.status_code == 409
    assert "Secret Unit" in parent.json()["detail"]


def test_deleting_unreferenced_rows(publisher_client, world):
    lonely = make_party(name="Lonely", slug="lonely")

    assert publisher_client.delete(party_url("lonely")).status_code == 204
    assert not Party.objects.filter(pk=lonely.pk).exists()
    assert publisher_client.delete(agreement_url("submarine-mou")).status_code == 204
    assert not Agreement.objects.filter(slug="submarine-mou").exists()
    event = reverse("api:event-detail", kwargs={"slug": "korea-peru-summit"})
    assert publisher_client.delete(event).status_code == 409  # the minerals MOU is still there


def test_token_and_session_authentication(world):
    user = make_member(role="Publisher", username="tokenuser")
    user.set_password("s3cret-pass-phrase")
    user.save()
    client = APIClient()

    wrong = client.post(
        reverse("api:token"), {"username": "tokenuser", "password": "nope"}, format="json"
    )
    token = client.post(
        reverse("api:token"),
        {"username": "tokenuser", "password": "s3cret-pass-phrase"},
        format="json",
    )
    assert wrong.status_code == 400
    assert token.status_code == 200
    key = token.json()["token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    created = client.post(
        agreements_url(), {"slug": "t", "title": "T", "kind": "mou"}, format="json"
    )
    assert created.status_code == 201
    assert client.get(agreement_url("draft-shipyard-deal")).status_code == 200

    session = APIClient(enforce_csrf_checks=True)
    session.force_login(user)
    assert session.get(agreement_url("draft-shipyard-deal")).status_code == 200
    # A session write without the CSRF token is refused.
    assert session.delete(agreement_url("t")).status_code == 403
    assert Agreement.objects.filter(slug="t").exists()
