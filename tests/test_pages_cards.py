"""The agreement list and the party page draw their cards from plain values
(`agreements.views.agreement_cards()` and partials/agreement_cards.html): the same markup,
byte for byte, as partials/agreement_card.html, which the other pages include per row."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from agreements.models import Agreement
from agreements.views import agreement_cards, agreement_cards_by_id, slug_url_builder
from core.models import Publication
from tests.factories import make_agreement, make_event, make_party, make_sector, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(db):
    korea = make_party(name="Republic of Korea", short_name="Korea", kind="state", country="KR")
    peru = make_party(name="Perú & <Co>", kind="state", country="PE")
    hidden = make_party(name="Draft company", publication=Publication.DRAFT)
    defense, trade = make_sector(name="Defense"), make_sector(name="Trade & aid")
    make_agreement(
        title="Signed to the month",
        parties=[korea, peru, (hidden, "contractor")],
        sectors=[defense, trade],
        signed_on=date(2022, 12, 1),
        signed_on_precision="month",
        event=make_event(name="APEC <week>"),
        value_amount=Decimal("463000000.00"),
        value_currency="USD",
    )
    make_agreement(
        title="Announced only",
        status="announced",
        parties=[(korea, "client"), (peru, "observer")],
        announced_on=date(2024, 11, 16),
        value_amount=Decimal("0"),
        value_currency="EUR",
    )
    make_agreement(title="Undated draft", publication=Publication.DRAFT, parties=[peru])
    make_agreement(
        title="Nobody", kind="contract", value_amount=Decimal("12.5"), value_currency="KRW"
    )


@pytest.mark.parametrize("staff", [False, True])
def test_cards_from_plain_values_render_as_the_card_partial(agreements, staff):
    user = make_user(username="editor", is_staff=True) if staff else AnonymousUser()
    rows = list(Agreement.objects.visible_to(user).with_listing_data())
    request = RequestFactory().get("/agreements/")
    request.user = user
    card = get_template("partials/agreement_card.html")
    expected = "".join(card.render({"agreement": a, "user": user}, request) for a in rows)
    cards = get_template("partials/agreement_cards.html")
    queryset = Agreement.objects.visible_to(user)
    rendered = cards.render({"cards": agreement_cards(queryset, user)}, request)
    assert rendered == expected
    assert ("Draft company" in rendered) is staff
    assert ("Undated draft" in rendered) is staff


@pytest.mark.parametrize("staff", [False, True])
def test_cards_read_by_id_are_those_of_the_query_in_the_order_of_the_ids(agreements, staff):
    """The party page's cards, read by id: the same values (dates, amounts and the event
    converted as the ORM converts them), the reader's drafts only, in the given order."""
    user = make_user(username="editor", is_staff=True) if staff else AnonymousUser()
    ids = list(Agreement.objects.order_by("-title").values_list("pk", flat=True))
    expected = agreement_cards(
        Agreement.objects.visible_to(user).filter(pk__in=ids).order_by("-title"), user
    )
    by_id = agreement_cards_by_id("default", [*ids, 10**9], user)  # an id gone meanwhile
    assert by_id == expected
    assert len(by_id) == (4 if staff else 3)
    assert {"USD 463,000,000", "EUR 0", "KRW 12.50"} <= {card["value"] for card in by_id}


def test_a_slug_outside_the_plain_characters_is_reversed_as_usual():
    url = slug_url_builder("parties:detail")
    assert url("republic-of-korea") == reverse("parties:detail", args=["republic-of-korea"])
    with pytest.raises(NoReverseMatch):
        url("perú")
