"""Anonymous callers see published rows only: in lists, details, nested objects, counts,
search and CSV. Staff see drafts too."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DRAFT_MARKERS = ("draft-shipyard-deal", "Draft shipyard deal", "secret-shipyard", "Secret Shipyard")


def everything_anonymous_can_read(client, world):
    """The bodies of every list, detail, search and export an anonymous caller can ask for."""
    bodies = []
    for name in ("agreement", "party", "event", "sector", "source"):
        listing = client.get(reverse(f"api:{name}-list"), {"page_size": 100})
        assert listing.status_code == 200
        bodies.append(listing.content.decode())
        for item in listing.json()["results"]:
            lookup = {"id": item["id"]} if name == "source" else {"slug": item["slug"]}
            detail = client.get(reverse(f"api:{name}-detail", kwargs=lookup))
            assert detail.status_code == 200
            bodies.append(detail.content.decode())
        export = client.get(reverse(f"api:{name}-list"), {"format": "csv"})
        bodies.append(b"".join(export.streaming_content).decode())
    for query in ("shipyard", "secret", "draft", "korea"):
        bodies.append(client.get(reverse("api:search"), {"q": query}).content.decode())
    return "\n".join(bodies)


def test_drafts_appear_nowhere_for_anonymous_callers(anon, world):
    text = everything_anonymous_can_read(anon, world)

    for marker in DRAFT_MARKERS:
        assert marker not in text
    assert "Leaked memo" not in text  # cited by the draft only
    assert "5000000000" not in text


def test_the_same_reads_show_drafts_to_staff(publisher_client, world):
    text = everything_anonymous_can_read(publisher_client, world)

    for marker in DRAFT_MARKERS:
        assert marker in text
    assert "Leaked memo" in text


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("api:agreement-detail", {"slug": "draft-shipyard-deal"}),
        ("api:party-detail", {"slug": "secret-shipyard"}),
    ],
)
def test_draft_details_are_404_for_anonymous_and_200_for_staff(
    anon, publisher_client, member_client, world, name, kwargs
):
    assert anon.get(reverse(name, kwargs=kwargs)).status_code == 404
    assert member_client.get(reverse(name, kwargs=kwargs)).status_code == 404
    assert publisher_client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_source_cited_only_by_a_draft_is_hidden_from_anonymous(anon, publisher_client, world):
    url = reverse("api:source-detail", kwargs={"id": world["draft_only_source"].pk})

    assert anon.get(url).status_code == 404
    assert publisher_client.get(url).status_code == 200


def test_counts_exclude_drafts(anon, publisher_client, world):
    assert anon.get(reverse("api:agreement-list")).json()["count"] == 3
    assert publisher_client.get(reverse("api:agreement-list")).json()["count"] == 4
    korea = reverse("api:party-detail", kwargs={"slug": "republic-of-korea"})
    # agreement_count counts published agreements only, whoever asks.
    assert anon.get(korea).json()["agreement_count"] == 2
    assert publisher_client.get(korea).json()["agreement_count"] == 2
    assert anon.get(reverse("api:search"), {"q": "korea"}).json()["count"] == 3
    assert publisher_client.get(reverse("api:search"), {"q": "korea"}).json()["count"] == 4


def test_agreement_count_is_what_the_party_filter_lists(anon, world):
    for party in anon.get(reverse("api:party-list")).json()["results"]:
        listed = anon.get(reverse("api:agreement-list"), {"party": party["slug"]}).json()
        assert party["agreement_count"] == listed["count"], party["slug"]


def test_parent_that_is_a_draft_reads_as_null_for_anonymous(anon, publisher_client, world):
    url = reverse("api:party-detail", kwargs={"slug": "secret-unit"})

    assert anon.get(url).json()["parent"] is None
    assert publisher_client.get(url).json()["parent"] == "secret-shipyard"


def test_nested_draft_participants_and_representatives_are_left_out(anon, publisher_client, world):
    # An inconsistent row (the services would refuse it): a published agreement naming a
    # draft party, represented by a draft person.
    from tests.factories import make_agreement, make_participation, make_party

    ghost = make_party(name="Ghost Person", kind="person", slug="ghost", publication="draft")
    leaky = make_agreement(title="Leaky", slug="leaky", parties=[world["korea"]])
    make_participation(agreement=leaky, party=world["secret"], order=1)
    leaky.participations.filter(party=world["korea"]).update(representative=ghost)
    url = reverse("api:agreement-detail", kwargs={"slug": "leaky"})

    anonymous = anon.get(url).json()["participants"]
    staff = publisher_client.get(url).json()["participants"]

    assert [p["party"]["slug"] for p in anonymous] == ["republic-of-korea"]
    assert anonymous[0]["representative"] is None
    assert [p["party"]["slug"] for p in staff] == ["republic-of-korea", "secret-shipyard"]
    assert staff[0]["representative"] == {"slug": "ghost", "name": "Ghost Person"}
    csv_text = b"".join(
        anon.get(reverse("api:agreement-list"), {"format": "csv"}).streaming_content
    ).decode()
    row = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["slug"] == "leaky")
    assert row["participants"] == "republic-of-korea:party"


def test_relations_to_drafts_are_shown_to_staff_only(anon, publisher_client, world):
    url = reverse("api:agreement-detail", kwargs={"slug": "submarine-mou"})

    anonymous = [
        (r["direction"], r["agreement"]["slug"]) for r in anon.get(url).json()["relations"]
    ]
    staff = [
        (r["direction"], r["agreement"]["slug"])
        for r in publisher_client.get(url).json()["relations"]
    ]

    assert anonymous == [("outgoing", "naval-vessels-contract")]
    assert staff == [("outgoing", "naval-vessels-contract"), ("incoming", "draft-shipyard-deal")]
