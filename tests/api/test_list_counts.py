"""A list's `count` is kept per generation (speed, see README "Performance"), under the
list's address and whether the caller sees drafts: it must stay the number of rows that
caller would get, for every filter, page and reader, and follow every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.models import Publication
from core.services import publishable_set_publication
from tests.factories import make_agreement, make_party, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("values_kept")]

LIST = "/api/v1/agreements/"


@pytest.fixture
def register():
    korea = make_party(name="Republic of Korea", slug="korea")
    peru = make_party(name="Republic of Peru", slug="peru")
    for number in range(3):
        make_agreement(title=f"Korea {number}", parties=[korea])
    make_agreement(title="Both", parties=[korea, peru])
    draft = make_agreement(title="Draft", parties=[peru], publication=Publication.DRAFT)
    return draft


def count(client, query=""):
    response = client.get(f"{LIST}{query}")
    assert response.status_code == 200, response.content
    return response.json()["count"]


def test_each_filter_has_its_own_count_whatever_the_page(client, register):
    assert count(client) == 4
    assert count(client, "?party=korea") == 4
    assert count(client, "?party=peru") == 1
    assert count(client, "?party=korea&party=peru") == 1
    assert count(client, "?page_size=2&page=2") == 4
    assert count(client, "?party=korea&page_size=1&page=3") == 4


def test_staff_and_readers_count_what_each_sees(client, register):
    staff = APIClient()
    staff.force_authenticate(make_user(username="editor", is_staff=True))
    assert count(client, "?party=peru") == 1
    assert count(staff, "?party=peru") == 2
    assert count(client, "?party=peru") == 1


def test_a_publish_or_a_new_entry_changes_the_count_at_once(client, register):
    assert count(client, "?party=peru") == 1
    publishable_set_publication(entry=register, publication=Publication.PUBLISHED)
    assert count(client, "?party=peru") == 2
    make_agreement(title="Another", parties=[make_party(name="Chile", slug="chile")])
    assert count(client) == 6


def test_a_cached_count_is_read_without_counting(client, register):
    first = client.get(f"{LIST}?party=korea").json()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(f"{LIST}?party=korea").json()
    assert again == first
    assert captured.captured_queries  # the page itself is read
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)


def page_count(client, path, query=""):
    response = client.get(f"{path}{query}")
    assert response.status_code == 200, response.status_code
    return response.context["page_obj"].paginator.count


def test_the_pages_count_per_filter_and_reader_too(client, register):
    staff_client = type(client)()
    staff_client.force_login(make_user(username="staff", is_staff=True))
    assert page_count(client, "/agreements/") == 4
    assert page_count(client, "/agreements/", "?party=peru") == 1
    assert page_count(client, "/agreements/", "?party=peru&page=2") == 1
    assert page_count(staff_client, "/agreements/", "?party=peru") == 2
    assert page_count(client, "/agreements/", "?party=peru") == 1
    publishable_set_publication(entry=register, publication=Publication.PUBLISHED)
    assert page_count(client, "/agreements/", "?party=peru") == 2
    assert page_count(client, "/search/", "?q=korea") >= 1


def test_the_order_of_a_repeated_parameter_is_part_of_the_list(client):
    # A filter of one value reads the last one given: these are two different lists.
    for number in range(3):
        make_agreement(title=f"Alpha {number}")
    make_agreement(title="Beta")
    assert count(client, "?q=beta&q=alpha") == 3
    assert count(client, "?q=alpha&q=beta") == 1
    assert count(client, "?q=beta&q=alpha") == 3
