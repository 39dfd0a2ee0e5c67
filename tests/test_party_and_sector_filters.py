"""The party and sector filters follow every kind of write.

On PostgreSQL they read the arrays of participant and sector ids kept on each agreement by
triggers (agreements 0005); on SQLite they read the join tables. Either way a reader must
see the effect of a write on the next request, whoever made it: the ORM, a bulk insert, a
queryset update or delete, an m2m change, a party merge.
"""

import pytest
from django.db import connection

from agreements.models import Agreement, Participation
from parties.services import party_merge
from tests.factories import make_agreement, make_participation, make_party, make_sector

pytestmark = pytest.mark.django_db


def involving(*parties):
    return set(Agreement.objects.involving(*parties).values_list("title", flat=True))


def in_sectors(*sectors):
    return set(Agreement.objects.in_sectors(sectors).values_list("title", flat=True))


@pytest.fixture
def korea():
    return make_party(name="Republic of Korea", kind="state", country="KR")


@pytest.fixture
def peru():
    return make_party(name="Republic of Peru", kind="state", country="PE")


def test_involving_means_every_party_in_any_role(korea, peru):
    chile = make_party(name="Republic of Chile", kind="state", country="CL")
    make_agreement(title="Both", parties=[korea, (peru, "financier")])
    make_agreement(title="Korea only", parties=[korea, chile])
    make_agreement(title="Peru twice", parties=[peru, (peru, "guarantor")])

    assert involving(korea, peru) == {"Both"}
    assert involving(peru) == {"Both", "Peru twice"}
    assert involving(korea, peru, chile) == set()
    assert Agreement.objects.involving().count() == 3


def test_participations_added_changed_and_removed_are_seen(korea, peru):
    agreement = make_agreement(title="MOU", parties=[korea])
    assert involving(korea, peru) == set()

    participation = make_participation(agreement=agreement, party=peru, role="financier", order=1)
    assert involving(korea, peru) == {"MOU"}

    chile = make_party(name="Republic of Chile", kind="state", country="CL")
    participation.party = chile
    participation.save()
    assert involving(korea, peru) == set()
    assert involving(korea, chile) == {"MOU"}

    Participation.objects.filter(party=chile).update(party=peru)
    assert involving(korea, peru) == {"MOU"}

    Participation.objects.filter(party=peru).delete()
    assert involving(peru) == set()
    assert involving(korea) == {"MOU"}


def test_bulk_inserts_are_seen(korea, peru):
    first = make_agreement(title="First")
    second = make_agreement(title="Second")
    Participation.objects.bulk_create(
        [
            Participation(agreement=first, party=korea, role="party", order=0),
            Participation(agreement=first, party=peru, role="party", order=1),
            Participation(agreement=second, party=peru, role="party", order=0),
        ]
    )
    assert involving(korea, peru) == {"First"}
    assert involving(peru) == {"First", "Second"}


def test_deleting_an_agreement_takes_its_participations_along(korea, peru):
    make_agreement(title="Gone", parties=[korea, peru]).delete()
    make_agreement(title="Kept", parties=[korea, peru])
    assert involving(korea, peru) == {"Kept"}


def test_a_party_merge_moves_its_agreements(korea, peru):
    duplicate = make_party(name="Korea (duplicate)", kind="state", country="KR")
    make_agreement(title="Filed under the duplicate", parties=[duplicate, peru])
    make_agreement(title="Both names", parties=[korea, duplicate])

    party_merge(survivor=korea, merged=[duplicate])

    assert involving(korea, peru) == {"Filed under the duplicate"}
    assert involving(korea) == {"Filed under the duplicate", "Both names"}


def test_sectors_mean_any_of_them_and_follow_m2m_changes(korea):
    mining, defense, energy = (make_sector(name=name) for name in ("Mining", "Defense", "Energy"))
    minerals = make_agreement(title="Minerals", sectors=[mining, defense])
    make_agreement(title="Power", sectors=[energy])
    make_agreement(title="No sector")

    assert in_sectors(mining) == {"Minerals"}
    assert in_sectors(defense, energy) == {"Minerals", "Power"}
    assert Agreement.objects.in_sectors([]).count() == 3

    minerals.sectors.remove(defense)
    assert in_sectors(defense) == set()
    minerals.sectors.add(energy)
    assert in_sectors(energy) == {"Minerals", "Power"}
    minerals.sectors.clear()
    assert in_sectors(mining, energy) == {"Power"}
    minerals.sectors.set([defense])
    assert in_sectors(defense) == {"Minerals"}


def test_filters_combine_with_each_other_and_in_subqueries(korea, peru):
    mining = make_sector(name="Mining")
    wanted = make_agreement(title="Wanted", parties=[korea, peru], sectors=[mining])
    make_agreement(title="Other sector", parties=[korea, peru])

    both = Agreement.objects.involving(korea, peru).in_sectors([mining])
    assert list(both.values_list("title", flat=True)) == ["Wanted"]
    # Used as a subquery, the condition must name the subquery's table, not the outer one.
    outer = Agreement.objects.filter(pk__in=both.values("pk")).exclude(title="Other sector")
    assert list(outer) == [wanted]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the id arrays are PostgreSQL's")
def test_the_arrays_hold_each_id_once_in_order(korea, peru):
    mining, defense = make_sector(name="Mining"), make_sector(name="Defense")
    agreement = make_agreement(
        title="MOU", parties=[peru, korea, (peru, "guarantor")], sectors=[defense, mining]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT party_ids, sector_ids FROM agreements_agreement WHERE id = %s", [agreement.pk]
        )
        party_ids, sector_ids = cursor.fetchone()
    assert party_ids == sorted([korea.pk, peru.pk])
    assert sector_ids == sorted([mining.pk, defense.pk])


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_participants_at_once_both_count():
    """The second writer waits for the first one's lock on the agreement, then must see
    the participant the first one committed meanwhile (agreements 0005 locks first)."""
    if connection.vendor != "postgresql":
        pytest.skip("The id arrays and their row locks are PostgreSQL's.")
    import threading

    from django.db import connections, transaction

    korea, peru, chile = (
        make_party(name=name, kind="state") for name in ("Korea", "Peru", "Chile")
    )
    agreement = make_agreement(title="Contested", parties=[korea])
    first_wrote, let_first_commit = threading.Event(), threading.Event()

    def first_writer():
        try:
            with transaction.atomic():
                make_participation(agreement=agreement, party=peru, order=1)
                first_wrote.set()
                let_first_commit.wait(10)
        finally:
            connections.close_all()

    def second_writer():
        try:
            with transaction.atomic():
                make_participation(agreement=agreement, party=chile, order=2)
        finally:
            connections.close_all()

    first = threading.Thread(target=first_writer)
    first.start()
    assert first_wrote.wait(10)
    second = threading.Thread(target=second_writer)
    second.start()
    second.join(1)
    assert second.is_alive()  # waiting for the first writer's lock on the agreement
    let_first_commit.set()
    first.join(10)
    second.join(10)

    assert involving(korea, peru, chile) == {"Contested"}
