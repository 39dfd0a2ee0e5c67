"""The parties and sectors a filter names are found once per generation and reader's
visibility (core.filters.KeptChoicesFilter): the list must still follow every publish,
rename and unpublish on the next request, refuse what the reader may not see, and never
hand a reader a draft a staff member's request found."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.models import Publication
from core.services import publishable_set_publication
from tests.factories import make_agreement, make_party, make_sector, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("values_kept")]

LIST = "/api/v1/agreements/"


@pytest.fixture
def register():
    korea = make_party(name="Republic of Korea", slug="korea")
    peru = make_party(name="Republic of Peru", slug="peru")
    shipyard = make_party(name="Hidden Shipyard", slug="shipyard", publication=Publication.DRAFT)
    defense = make_sector(name="Defense", slug="defense")
    make_agreement(title="Submarines", parties=[korea, peru], sectors=[defense])
    make_agreement(title="Frigates", parties=[korea, shipyard], sectors=[defense])
    return {"korea": korea, "peru": peru, "shipyard": shipyard}


@pytest.fixture
def staff():
    client = APIClient()
    client.force_authenticate(make_user(username="editor", is_staff=True))
    return client


def titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return sorted(agreement["title"] for agreement in response.json()["results"])


def test_a_repeated_filter_finds_its_parties_and_sector_without_a_query(register):
    client = APIClient()
    params = {"party": ["korea", "peru"], "sector": "defense"}
    assert titles(client, **params) == ["Submarines"]
    with CaptureQueriesContext(connection) as first:
        assert titles(client, **params) == ["Submarines"]
    lookups = [q["sql"] for q in first if 'FROM "parties_party"' in q["sql"].split("WHERE")[0]]
    assert lookups == []
    assert not [q for q in first if 'FROM "agreements_sector"' in q["sql"].split("WHERE")[0]]


def test_a_draft_party_found_for_staff_is_still_refused_to_readers(register, staff):
    assert titles(staff, party="shipyard") == ["Frigates"]
    reader = APIClient()
    response = reader.get(LIST, {"party": "shipyard"})
    assert response.status_code == 400
    assert "party" in response.json()
    assert titles(staff, party="shipyard") == ["Frigates"]


def test_a_published_or_unpublished_party_filters_accordingly_on_the_next_request(register):
    reader = APIClient()
    assert reader.get(LIST, {"party": "shipyard"}).status_code == 400
    publishable_set_publication(entry=register["shipyard"], publication=Publication.PUBLISHED)
    assert titles(reader, party="shipyard") == ["Frigates"]
    publishable_set_publication(entry=register["peru"], publication=Publication.DRAFT)
    assert reader.get(LIST, {"party": "peru"}).status_code == 400


def test_a_renamed_slug_filters_under_its_new_name_only(register):
    reader = APIClient()
    assert titles(reader, party="peru") == ["Submarines"]
    peru = register["peru"]
    peru.slug = "republic-of-peru"
    peru.save()
    assert reader.get(LIST, {"party": "peru"}).status_code == 400
    assert titles(reader, party="republic-of-peru") == ["Submarines"]


def test_the_list_page_keeps_the_same_choices(register, client):
    page = client.get("/agreements/", {"party": "peru", "sector": "defense"})
    assert page.status_code == 200
    assert "Submarines" in page.text and "Frigates" not in page.text
    again = client.get("/agreements/", {"party": "peru", "sector": "defense"})
    assert "Submarines" in again.text and "Frigates" not in again.text
    refused = client.get("/agreements/", {"party": "shipyard"})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.text
