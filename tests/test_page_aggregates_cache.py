"""A party page's aggregates (counterparties, agreements per year, the network's pair
counts) are kept per generation (core.cache.cached_per_generation): a publish or an edit
shows on the next request, and staff, who see drafts, never share the readers' values."""

import re
from datetime import date

import pytest
from django.db.models import F

from agreements.models import Agreement
from core.cache import cached_per_generation
from core.models import Publication
from core.services import publishable_set_publication
from tests.factories import make_agreement, make_party, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("values_kept")]


def without_nonce(response):
    return re.sub(rb'nonce="[^"]*"', b"", response.content)


@pytest.fixture
def peru(db):
    peru = make_party(name="Peru", slug="peru", kind="state", country="PE")
    korea = make_party(name="Korea", slug="korea", kind="state", country="KR")
    make_agreement(title="Old accord", parties=[peru, korea], signed_on=date(2001, 5, 1))
    return peru


def test_a_value_is_computed_once_per_generation():
    calls = []

    def compute():
        calls.append(1)
        return [(1, 2)]

    assert cached_per_generation(("test", 1), compute) == [(1, 2)]
    assert cached_per_generation(("test", 1), compute) == [(1, 2)]
    assert len(calls) == 1
    make_party()  # any save replaces the generation
    assert cached_per_generation(("test", 1), compute) == [(1, 2)]
    assert len(calls) == 2


def test_a_repeated_party_page_reads_its_aggregates_from_the_cache(
    client, peru, django_assert_max_num_queries
):
    first = client.get("/parties/peru/")
    # The party, its parent, sub-entities and aliases; the page's agreements, their
    # sectors and participants (the ids, counts and counterparties come from the cache).
    with django_assert_max_num_queries(7):
        second = client.get("/parties/peru/")
    assert without_nonce(second) == without_nonce(first)


def test_a_published_agreement_appears_in_the_cached_aggregates_on_the_next_request(client, peru):
    page = client.get("/parties/peru/").content.decode()
    assert "Chile" not in page
    assert "2019" not in page
    chile = make_party(name="Chile", slug="chile", kind="state", country="CL")
    accord = make_agreement(
        title="New accord",
        parties=[peru, chile],
        signed_on=date(2019, 3, 1),
        publication=Publication.DRAFT,
    )
    page = client.get("/parties/peru/").content.decode()
    assert "Chile" not in page  # a draft stays out of the readers' counts
    publishable_set_publication(entry=accord, publication=Publication.PUBLISHED)
    page = client.get("/parties/peru/").content.decode()
    assert 'aria-labelledby="counterparties-title"' in page
    assert "/parties/peru/with/chile/" in page  # counterparties, ranked
    assert "2019: 1 agreement" in page  # the per-year chart
    assert "Peru – Chile: 1 agreement" in page  # the network


def test_an_edit_is_visible_in_the_cached_aggregates_on_the_next_request(client, peru):
    chile = make_party(name="Chile", slug="chile", kind="state", country="CL")
    accord = make_agreement(title="Accord", parties=[peru, chile], signed_on=date(2019, 3, 1))
    assert "2019: 1 agreement" in client.get("/parties/peru/").content.decode()
    accord.signed_on = date(2021, 3, 1)
    accord.save()
    page = client.get("/parties/peru/").content.decode()
    assert "2019: 1 agreement" not in page
    assert "2021: 1 agreement" in page


def card_titles(response):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_the_party_pages_list_their_agreements_in_order_from_the_kept_ids(client, peru):
    """Every agreement once, in the list's order (date, then title, then id), across pages,
    with the same titles and dates on several agreements."""
    korea = peru.participations.first().agreement.participations.exclude(party=peru).get().party
    for number in range(24):
        make_agreement(
            title=f"Accord {number % 5}",
            parties=[peru, korea],
            signed_on=date(2010 + number % 3, 1, 1) if number % 4 else None,
        )
    undated_last = F("signed_on").desc(nulls_last=True)  # PostgreSQL puts NULLs first
    expected = [
        agreement.title
        for agreement in Agreement.objects.filter(participations__party=peru).order_by(
            undated_last, "title", "pk"
        )
    ]
    pages = [client.get("/parties/peru/", {"page": number}) for number in (1, 2)]
    assert [len(card_titles(page)) for page in pages] == [20, 5]
    assert card_titles(pages[0]) + card_titles(pages[1]) == expected
    assert "25 agreements" in pages[0].text
    # A page past the end shows the last one, as on every list.
    assert card_titles(client.get("/parties/peru/", {"page": 9})) == card_titles(pages[1])


def test_a_publish_or_unpublish_shows_in_the_party_pages_list_on_the_next_request(client, peru):
    chile = make_party(name="Chile", slug="chile", kind="state", country="CL")
    draft = make_agreement(
        title="Fisheries accord",
        parties=[peru, chile],
        signed_on=date(2020, 3, 1),
        publication=Publication.DRAFT,
    )
    page = client.get("/parties/peru/")
    assert card_titles(page) == ["Old accord"]
    assert "1 agreement" in page.text
    staff = client.__class__()
    staff.force_login(make_user(username="editor", is_staff=True))
    assert card_titles(staff.get("/parties/peru/")) == ["Fisheries accord", "Old accord"]
    publishable_set_publication(entry=draft, publication=Publication.PUBLISHED)
    page = client.get("/parties/peru/")
    assert card_titles(page) == ["Fisheries accord", "Old accord"]
    assert "2 agreements" in page.text
    publishable_set_publication(entry=draft, publication=Publication.DRAFT)
    assert card_titles(client.get("/parties/peru/")) == ["Old accord"]


def test_staff_and_readers_never_share_cached_aggregates(client, peru):
    chile = make_party(name="Chile", slug="chile", kind="state", country="CL")
    make_agreement(
        title="Draft accord",
        parties=[peru, chile],
        signed_on=date(2019, 3, 1),
        publication=Publication.DRAFT,
    )
    staff = client.__class__()
    staff.force_login(make_user(username="editor", is_staff=True))
    assert "/parties/peru/with/chile/" in staff.get("/parties/peru/").content.decode()
    assert "/parties/peru/with/chile/" not in client.get("/parties/peru/").content.decode()
    assert "/parties/peru/with/chile/" in staff.get("/parties/peru/").content.decode()


def test_the_agreement_list_shows_an_edit_or_a_publish_on_the_next_request(
    client, peru, django_assert_max_num_queries
):
    from tests.test_pages_queries import AGREEMENT_LIST_QUERIES

    assert "Old accord" in client.get("/agreements/").content.decode()
    with django_assert_max_num_queries(AGREEMENT_LIST_QUERIES - 2):
        client.get("/agreements/")  # its choices and count come from the cache, not its cards
    accord = Agreement.objects.get(title="Old accord")
    accord.title = "Old accord, renamed"
    accord.save()
    assert "Old accord, renamed" in client.get("/agreements/").content.decode()
    company = make_party(name="Hidden Shipyard", slug="hidden-shipyard")
    draft = make_agreement(
        title="Shipyard deal", parties=[peru, company], publication=Publication.DRAFT
    )
    page = client.get("/agreements/").content.decode()
    assert "Shipyard deal" not in page
    assert "hidden-shipyard" not in page
    publishable_set_publication(entry=draft, publication=Publication.PUBLISHED)
    page = client.get("/agreements/").content.decode()
    assert "Shipyard deal" in page
    assert '<option value="hidden-shipyard">Hidden Shipyard</option>' in page
