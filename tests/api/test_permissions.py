"""Who may do what: anonymous callers read; signed-in users without permissions read;
Editors (model permissions add/change/view) write drafts; Publishers also publish and
delete; superusers do everything."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from reversion.models import Version

from agreements.models import Agreement
from core.models import Publication
from parties.models import Party

pytestmark = pytest.mark.django_db

CALLERS = ["anon", "member_client", "editor_client", "publisher_client", "superuser_client"]


def new_agreement(slug):
    return {"slug": slug, "title": slug.title(), "kind": "mou"}


def new_party(slug):
    return {"slug": slug, "name": slug.title(), "kind": "company", "country": "KR"}


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("anon", 401),
        ("member_client", 403),
        ("editor_client", 201),
        ("publisher_client", 201),
        ("superuser_client", 201),
    ],
)
def test_who_may_create(request, world, caller, expected):
    client = request.getfixturevalue(caller)

    agreement = client.post(reverse("api:agreement-list"), new_agreement("x"), format="json")
    party = client.post(reverse("api:party-list"), new_party("y"), format="json")
    sector = client.post(reverse("api:sector-list"), {"slug": "z", "name": "Z"}, format="json")

    assert (agreement.status_code, party.status_code, sector.status_code) == (expected,) * 3
    assert Agreement.objects.filter(slug="x").exists() == (expected == 201)
    if expected == 401:
        assert agreement["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("anon", 401),
        ("member_client", 403),
        ("editor_client", 200),
        ("publisher_client", 200),
        ("superuser_client", 200),
    ],
)
def test_who_may_change(request, world, caller, expected):
    client = request.getfixturevalue(caller)
    url = reverse("api:agreement-detail", kwargs={"slug": "submarine-mou"})

    response = client.patch(url, {"summary": "Changed."}, format="json")

    assert response.status_code == expected
    changed = Agreement.objects.get(slug="submarine-mou").summary == "Changed."
    assert changed == (expected == 200)


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("anon", 401),
        ("member_client", 403),
        ("editor_client", 403),
        ("publisher_client", 204),
        ("superuser_client", 204),
    ],
)
def test_who_may_delete(request, world, caller, expected):
    client = request.getfixturevalue(caller)

    response = client.delete(reverse("api:agreement-detail", kwargs={"slug": "submarine-mou"}))

    assert response.status_code == expected
    assert Agreement.objects.filter(slug="submarine-mou").exists() == (expected != 204)


@pytest.mark.parametrize(
    ("caller", "expected"),
    [("editor_client", 403), ("publisher_client", 200), ("superuser_client", 200)],
)
def test_only_publishers_publish_and_unpublish(request, world, caller, expected):
    client = request.getfixturevalue(caller)

    publish_party = client.patch(
        reverse("api:party-detail", kwargs={"slug": "secret-shipyard"}),
        {"publication": "published"},
        format="json",
    )
    unpublish = client.patch(
        reverse("api:agreement-detail", kwargs={"slug": "critical-minerals-mou"}),
        {"publication": "draft"},
        format="json",
    )

    assert publish_party.status_code == expected
    assert unpublish.status_code == expected
    if expected == 403:
        assert "Publisher" in unpublish.json()["detail"]
    assert Party.objects.get(slug="secret-shipyard").is_published == (expected == 200)
    assert Agreement.objects.get(slug="critical-minerals-mou").is_published == (expected != 200)


def test_editors_may_send_drafts_to_review_but_not_create_published_entries(editor_client, world):
    review = editor_client.patch(
        reverse("api:agreement-detail", kwargs={"slug": "draft-shipyard-deal"}),
        {"publication": "review"},
        format="json",
    )
    published = editor_client.post(
        reverse("api:agreement-list"),
        {**new_agreement("straight-out"), "publication": "published"},
        format="json",
    )

    assert review.status_code == 200
    assert Agreement.objects.get(slug="draft-shipyard-deal").publication == Publication.REVIEW
    assert published.status_code == 403
    assert not Agreement.objects.filter(slug="straight-out").exists()


@pytest.mark.parametrize("caller", CALLERS)
def test_everyone_may_read_published_entries(request, world, caller):
    client = request.getfixturevalue(caller)

    assert client.get(reverse("api:agreement-list")).status_code == 200
    assert (
        client.get(reverse("api:party-detail", kwargs={"slug": "republic-of-korea"})).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("caller", "sees_drafts"),
    [
        ("anon", False),
        ("member_client", False),
        ("editor_client", True),
        ("publisher_client", True),
        ("superuser_client", True),
    ],
)
def test_only_staff_see_drafts(request, world, caller, sees_drafts):
    client = request.getfixturevalue(caller)

    slugs = {item["slug"] for item in client.get(reverse("api:agreement-list")).json()["results"]}

    assert ("draft-shipyard-deal" in slugs) == sees_drafts


def test_api_writes_are_recorded_in_the_history_in_the_writers_name(publisher_client, world):
    publisher_client.patch(
        reverse("api:agreement-detail", kwargs={"slug": "submarine-mou"}),
        {"summary": "Revised."},
        format="json",
    )

    version = Version.objects.get_for_object(world["mou"]).first()
    assert version.revision.user.username == "publisher"
    assert version.revision.get_comment() == "Changed through the API"
    assert version.field_dict["summary"] == "Revised."


def test_a_write_with_a_bad_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get(reverse("api:agreement-list"))

    assert response.status_code == 401
