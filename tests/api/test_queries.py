"""Each list answers in a fixed number of SQL queries, whatever the page size: a pinned
budget per endpoint, checked with 5 rows and with 50."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_participation,
    make_party,
    make_relation,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db

# With ATOMIC_REQUESTS each request is a transaction: inside the test's own transaction
# that is a SAVEPOINT and its RELEASE, counted in every budget below.
REQUEST_TRANSACTION = 2 if settings.DATABASES["default"].get("ATOMIC_REQUESTS") else 0
# count + page + sectors + participations (with party and representative) + outgoing
# relations + incoming relations + citations (with source)
AGREEMENT_LIST_QUERIES = REQUEST_TRANSACTION + 7
# count + page (with parent and the agreement count subquery) + aliases
PARTY_LIST_QUERIES = REQUEST_TRANSACTION + 3
# count + page (with parent)
EVENT_LIST_QUERIES = REQUEST_TRANSACTION + 2
SECTOR_LIST_QUERIES = REQUEST_TRANSACTION + 2
SOURCE_LIST_QUERIES = REQUEST_TRANSACTION + 2
# parties: count + page; agreements: count + page
SEARCH_QUERIES = REQUEST_TRANSACTION + 4


def rich_register(rows):
    """`rows` agreements, parties, events, sectors and sources, each with everything its
    representation shows (so a missing prefetch would cost a query per row)."""
    person = make_party(name="Envoy", kind="person", slug="envoy")
    state = make_party(name="State", kind="state", country="PE", slug="state")
    previous = None
    for number in range(rows):
        parent = make_event(name=f"Week {number}")
        event = make_event(name=f"Match summit {number}", parent=parent)
        sector = make_sector(name=f"Sector {number}")
        party = make_party(
            name=f"Match party {number}", parent=state, aliases=[f"Alias {number}:es"]
        )
        agreement = make_agreement(title=f"Match agreement {number}", event=event, sectors=[sector])
        make_participation(agreement=agreement, party=party, representative=person)
        make_participation(agreement=agreement, party=state, role="guarantor", order=1)
        make_citation(agreement=agreement, source=make_source(title=f"Source {number}"))
        if previous is not None:
            make_relation(from_agreement=agreement, to_agreement=previous)
        previous = agreement


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("api:agreement-list", AGREEMENT_LIST_QUERIES),
        ("api:party-list", PARTY_LIST_QUERIES),
        ("api:event-list", EVENT_LIST_QUERIES),
        ("api:sector-list", SECTOR_LIST_QUERIES),
        ("api:source-list", SOURCE_LIST_QUERIES),
    ],
)
def test_lists_answer_in_a_fixed_number_of_queries(
    anon, django_assert_max_num_queries, rows, name, budget
):
    rich_register(rows)

    with django_assert_max_num_queries(budget):
        response = anon.get(reverse(name), {"page_size": rows})

    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows


@pytest.mark.parametrize("rows", [5, 50])
def test_staff_lists_answer_in_the_same_number_of_queries(
    publisher, django_assert_max_num_queries, rows
):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(publisher)
    rich_register(rows)

    with django_assert_max_num_queries(AGREEMENT_LIST_QUERIES):
        response = client.get(reverse("api:agreement-list"), {"page_size": rows})

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_search_answers_in_a_fixed_number_of_queries(anon, django_assert_max_num_queries, rows):
    rich_register(rows)

    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = anon.get(reverse("api:search"), {"q": "match", "page_size": 2 * rows})

    assert response.json()["count"] == 2 * rows
    assert len(response.json()["results"]) == 2 * rows
