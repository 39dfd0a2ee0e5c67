"""core.db.rows_by_id() and instance_with_rows(): the related rows of lists,
details and cards, and the agreement of an API detail, read by plain statements (prepared
and planned once per connection on PostgreSQL, README "Performance")."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

import core.db
from agreements.api.related_rows import (
    RelatedRows,
    agreement_with_related_rows,
    attach_related_rows,
)
from agreements.models import Agreement
from core.db import instance_with_rows, rows_by_id
from core.models import Publication
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_participation,
    make_party,
    make_relation,
    make_sector,
    make_user,
)

pytestmark = pytest.mark.django_db

SLUGS_OF_SECTORS = """
    SELECT j.agreement_id, s.slug
    FROM agreements_agreement_sectors j JOIN agreements_sector s ON s.id = j.sector_id
    WHERE j.agreement_id {ids}
    ORDER BY s.slug"""
EVENT_NAMES = "SELECT e.id, e.name FROM agreements_event e WHERE e.id {ids}"


def test_each_statement_reads_the_rows_of_its_own_ids():
    energy, trade = make_sector(name="Energy"), make_sector(name="Trade")
    first = make_agreement(sectors=[trade, energy])
    second = make_agreement(sectors=[trade])
    summit = make_event(name="Summit")

    sectors, events, nothing = rows_by_id(
        "default",
        [
            (SLUGS_OF_SECTORS, [first.pk, second.pk]),
            (EVENT_NAMES, {summit.pk}),
            (EVENT_NAMES, []),
        ],
    )

    assert sectors == {first.pk: [["energy"], ["trade"]], second.pk: [["trade"]]}
    assert events == {summit.pk: [["Summit"]]}
    assert nothing == {}


def test_no_ids_sends_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rows_by_id("default", [(SLUGS_OF_SECTORS, []), (EVENT_NAMES, set())]) == [{}, {}]


def test_agreements_sharing_an_event_or_having_none_get_their_own():
    summit = make_event(name="Summit")
    with_event = [make_agreement(event=summit) for _ in range(2)]
    without = make_agreement(parties=[make_party(name="Perú")])
    agreements = list(Agreement.objects.filter(pk__in=[a.pk for a in [*with_event, without]]))

    attach_related_rows(agreements)

    events = {a.pk: a.related_rows.event for a in agreements}
    assert events == {
        with_event[0].pk: [[summit.slug, "Summit"]],
        with_event[1].pk: [[summit.slug, "Summit"]],
        without.pk: [],
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements")
def test_postgresql_plans_the_statements_once_per_connection():
    agreement = make_agreement(sectors=[make_sector(name="Energy")])
    for _ in range(3):
        rows_by_id("default", [(SLUGS_OF_SECTORS, [agreement.pk])])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["%agreements_agreement_sectors j%ORDER BY s.slug%"],
        )
        (generic, custom), *others = cursor.fetchall()
    assert others == []
    assert (generic, custom) == (3, 0)


def test_instance_with_rows_loads_what_the_orm_loads():
    agreement = make_agreement(
        title="Full",
        event=make_event(name="Summit"),
        signed_on=date(2024, 11, 16),
        value_amount=Decimal("463000000.50"),
        value_currency="USD",
        is_synthetic=True,
    )
    expected = Agreement.objects.get(pk=agreement.pk)

    found, nothing = instance_with_rows(Agreement, "default", "slug", agreement.slug, [])

    fields = [field.attname for field in Agreement._meta.concrete_fields]
    assert {name: getattr(found, name) for name in fields} == {
        name: getattr(expected, name) for name in fields
    }
    assert found._state.adding is False and found._state.db == "default"
    assert nothing == []
    assert instance_with_rows(Agreement, "default", "slug", "nothing-here", []) == (None, [])


def test_an_agreement_by_its_slug_comes_with_the_related_rows_a_list_reads():
    korea = make_party(name="Korea")
    envoy = make_party(name="Envoy", kind="person")
    agreement = make_agreement(
        parties=[korea, make_party(name="Perú")],
        sectors=[make_sector(name="Energy"), make_sector(name="Defense")],
        event=make_event(name="Summit"),
    )
    agreement.participations.filter(party=korea).update(representative=envoy)
    make_relation(from_agreement=agreement, to_agreement=make_agreement(title="Later"))
    make_relation(from_agreement=make_agreement(title="Earlier"), to_agreement=agreement)
    make_citation(agreement=agreement)
    listed = Agreement.objects.get(pk=agreement.pk)
    attach_related_rows([listed])

    found = agreement_with_related_rows("default", agreement.slug)

    assert found.pk == agreement.pk and found.title == listed.title
    assert found.related_rows == listed.related_rows
    assert len(found.related_rows.relations) == 2 and found.related_rows.event
    assert agreement_with_related_rows("default", "nothing-here") is None


def test_an_agreement_without_event_or_related_rows_has_empty_ones():
    agreement = make_agreement()

    assert agreement_with_related_rows("default", agreement.slug).related_rows == RelatedRows()


def test_api_detail_reads_its_agreement_and_related_rows_in_one_round_trip(client, monkeypatch):
    agreement = make_agreement(parties=[make_party(name="Korea")], event=make_event(name="Summit"))
    make_participation(agreement=agreement, party=make_party(name="Perú"), order=1)
    round_trips = []
    run_prepared = core.db.run_prepared
    monkeypatch.setattr(
        core.db,
        "run_prepared",
        lambda connection, statements: (
            round_trips.append(len(statements)) or run_prepared(connection, statements)
        ),
    )

    response = client.get(f"/api/v1/agreements/{agreement.slug}/")

    assert response.status_code == 200
    assert [p["party"]["name"] for p in response.json()["participants"]] == ["Korea", "Perú"]
    assert round_trips == [6]  # the agreement, its four kinds of related rows, its event


@pytest.mark.parametrize(
    ("publication", "user", "status"),
    [
        (Publication.PUBLISHED, None, 200),
        (Publication.DRAFT, None, 404),
        (Publication.REVIEW, None, 404),
        (Publication.DRAFT, "staff", 200),
    ],
)
def test_api_detail_shows_drafts_to_staff_only(client, publication, user, status):
    agreement = make_agreement(publication=publication)
    if user:
        client.force_login(make_user(is_staff=True))

    response = client.get(f"/api/v1/agreements/{agreement.slug}/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["slug"] == agreement.slug


def test_api_detail_still_applies_a_filter_in_its_query(client):
    agreement = make_agreement(kind="treaty")

    assert client.get(f"/api/v1/agreements/{agreement.slug}/?kind=treaty").status_code == 200
    assert client.get(f"/api/v1/agreements/{agreement.slug}/?kind=mou").status_code == 404
    assert client.get("/api/v1/agreements/no-such-agreement/").status_code == 404
