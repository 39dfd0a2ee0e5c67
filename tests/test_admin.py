"""The admin editors work in: every page answers, within a query budget, and refuses bad edits clearly."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from agreements.models import Agreement, Event, Sector, Source
from core.models import Publication
from parties.models import Party
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_party,
    make_relation,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db

# Queries for one admin page (session, user, permissions, the list, counts, filters).
# The same budget must hold for 3 rows and for 30.
CHANGELIST_QUERY_BUDGET = 14
CHANGE_FORM_QUERY_BUDGET = 40

MODELS = [Party, Agreement, Event, Sector, Source]


def _populate(rows):
    korea = make_party(
        name="Republic of Korea", kind="state", country="KR", aliases=["대한민국:ko"]
    )
    sector = make_sector(name=f"Defense {rows}")
    event = make_event(name="Summit")
    previous = None
    for number in range(rows):
        company = make_party(name=f"Company {number}", parent=korea, aliases=[f"C{number}"])
        agreement = make_agreement(
            title=f"Agreement {number}",
            parties=[korea, (company, "contractor")],
            sectors=[sector],
            event=event,
        )
        make_citation(agreement=agreement)
        if previous:
            make_relation(from_agreement=agreement, to_agreement=previous)
        previous = agreement


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("rows", [3, 30])
def test_changelist_answers_within_a_budget_independent_of_rows(
    staff_client, django_assert_max_num_queries, model, rows
):
    _populate(rows)
    with django_assert_max_num_queries(CHANGELIST_QUERY_BUDGET):
        response = staff_client.get(_admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_add_and_change_pages_answer_within_a_budget(
    staff_client, django_assert_max_num_queries, model
):
    _populate(5)
    with django_assert_max_num_queries(CHANGE_FORM_QUERY_BUDGET):
        assert staff_client.get(_admin_url(model, "add")).status_code == 200
    obj = model.objects.order_by("pk").last()
    with django_assert_max_num_queries(CHANGE_FORM_QUERY_BUDGET):
        assert staff_client.get(_admin_url(model, "change", obj.pk)).status_code == 200


def test_party_search_finds_aliases_in_any_script(staff_client):
    make_party(name="Republic of Korea", kind="state", country="KR", aliases=["대한민국:ko"])
    make_party(name="Republic of Peru", kind="state", country="PE")
    response = staff_client.get(_admin_url(Party, "changelist"), {"q": "대한민국"})
    assert "Republic of Korea" in response.text
    assert "Republic of Peru" not in response.text


def test_agreement_search_finds_by_party_name(staff_client):
    rotem = make_party(name="Hyundai Rotem")
    make_agreement(title="Ground equipment cooperation", parties=[rotem])
    make_agreement(title="Unrelated accord", parties=[make_party(name="Someone else")])
    response = staff_client.get(_admin_url(Agreement, "changelist"), {"q": "Rotem"})
    assert "Ground equipment cooperation" in response.text
    assert "Unrelated accord" not in response.text


def test_agreement_changelist_filters_by_participant_country(staff_client):
    peru = make_party(name="Republic of Peru", kind="state", country="PE")
    make_agreement(title="Peruvian accord", parties=[peru])
    make_agreement(title="Korean accord", parties=[make_party(country="KR")])
    response = staff_client.get(_admin_url(Agreement, "changelist"), {"country": "PE"})
    assert "Peruvian accord" in response.text
    assert "Korean accord" not in response.text


def _agreement_form(**overrides):
    data = {
        "title": "A new accord",
        "slug": "a-new-accord",
        "kind": "contract",
        "status": "signed",
        "legal_nature": "commercial",
        "summary": "",
        "description": "",
        "signed_on_precision": "day",
        "value_note": "",
        "place": "",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "relations_out-TOTAL_FORMS": "0",
        "relations_out-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"value_amount": "-5", "value_currency": "USD"},
            "value_amount",
            "greater than or equal to 0",
        ),
        ({"value_amount": "463000000"}, "value_currency", "Give the currency"),
        ({"value_currency": "USD"}, "value_amount", "A currency needs an amount"),
        (
            {"value_amount": "1", "value_currency": "XYZ"},
            "value_currency",
            "not one of the available choices",
        ),
        (
            {"signed_on": "2024-11-16", "expires_on": "2024-01-01"},
            "expires_on",
            "cannot expire before it is signed",
        ),
    ],
)
def test_admin_refuses_an_invalid_agreement_with_a_readable_error(
    staff_client, overrides, field, message
):
    response = staff_client.post(_admin_url(Agreement, "add"), _agreement_form(**overrides))
    assert response.status_code == 200, "the form is shown again, not saved"
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Agreement.objects.filter(slug="a-new-accord").exists()


def test_admin_refuses_an_event_that_ends_before_it_starts(staff_client):
    response = staff_client.post(
        _admin_url(Event, "add"),
        {
            "name": "Backwards",
            "slug": "backwards",
            "kind": "summit",
            "starts_on": "2024-11-16",
            "ends_on": "2024-11-10",
        },
    )
    assert "cannot end before it starts" in " ".join(
        response.context["adminform"].form.errors["ends_on"]
    )
    assert not Event.objects.filter(slug="backwards").exists()


def test_admin_refuses_a_representative_who_is_not_a_person(staff_client):
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    company = make_party(name="A company")
    response = staff_client.post(
        _admin_url(Agreement, "add"),
        _agreement_form(
            **{
                "participations-TOTAL_FORMS": "1",
                "participations-0-order": "0",
                "participations-0-party": str(korea.pk),
                "participations-0-role": "party",
                "participations-0-representative": str(company.pk),
                "participations-0-representative_title": "",
            }
        ),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text or "must be a party of kind" in response.text
    assert not Agreement.objects.filter(slug="a-new-accord").exists()


def test_admin_creates_an_agreement_with_participants_and_records_who(staff_client, staff_user):
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    yoon = make_party(name="Yoon Suk Yeol", kind="person")
    source = make_source(title="Seed article")
    response = staff_client.post(
        _admin_url(Agreement, "add"),
        _agreement_form(
            **{
                "value_amount": "463000000",
                "value_currency": "USD",
                "participations-TOTAL_FORMS": "1",
                "participations-0-order": "0",
                "participations-0-party": str(korea.pk),
                "participations-0-role": "party",
                "participations-0-representative": str(yoon.pk),
                "participations-0-representative_title": "President",
                "citations-TOTAL_FORMS": "1",
                "citations-0-source": str(source.pk),
                "citations-0-quote": "The leaders also signed an MOU.",
            }
        ),
    )
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    agreement = Agreement.objects.get(slug="a-new-accord")
    assert agreement.publication == Publication.DRAFT
    assert agreement.created_by == staff_user and agreement.updated_by == staff_user
    participation = agreement.participations.get()
    assert participation.representative == yoon
    assert agreement.citations.get().quote == "The leaders also signed an MOU."


def test_publish_action_refuses_an_agreement_with_an_unpublished_party_and_says_why(staff_client):
    draft_party = make_party(name="Unvetted Holdings", publication=Publication.DRAFT)
    blocked = make_agreement(
        title="Blocked accord", parties=[draft_party], publication=Publication.DRAFT
    )
    ready = make_agreement(
        title="Ready accord", parties=[make_party()], publication=Publication.DRAFT
    )
    response = staff_client.post(
        _admin_url(Agreement, "changelist"),
        {"action": "publish", "_selected_action": [blocked.pk, ready.pk]},
        follow=True,
    )
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Published 1: Ready accord" in text for text in texts)
    assert any(
        "Blocked accord" in text and "Unvetted Holdings is not published" in text for text in texts
    )
    blocked.refresh_from_db()
    ready.refresh_from_db()
    assert blocked.publication == Publication.DRAFT
    assert ready.publication == Publication.PUBLISHED


def test_unpublish_party_action_refuses_while_a_published_agreement_names_it(staff_client):
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    make_agreement(title="Public accord", parties=[korea])
    response = staff_client.post(
        _admin_url(Party, "changelist"),
        {"action": "unpublish", "_selected_action": [korea.pk]},
        follow=True,
    )
    texts = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "Public accord" in texts and "cannot be unpublished" in texts
    korea.refresh_from_db()
    assert korea.publication == Publication.PUBLISHED


def test_deleting_a_referenced_party_in_the_admin_is_refused(staff_client):
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    make_agreement(title="Holding accord", parties=[korea])
    response = staff_client.post(_admin_url(Party, "delete", korea.pk), {"post": "yes"})
    assert response.status_code == 200
    assert "Holding accord" in response.text or "protected" in response.text.lower()
    assert Party.objects.filter(pk=korea.pk).exists()


def test_autocomplete_for_representative_offers_only_people(staff_client):
    make_party(name="Yoon Suk Yeol", kind="person")
    make_party(name="Yoonsung Shipping", kind="company")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Yoon",
            "app_label": "agreements",
            "model_name": "participation",
            "field_name": "representative",
        },
    )
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["Yoon Suk Yeol"]


def test_view_on_site_links_to_the_public_page(staff_client):
    agreement = make_agreement(title="Visible accord")
    response = staff_client.get(_admin_url(Agreement, "change", agreement.pk))
    assert "View on site" in response.text
