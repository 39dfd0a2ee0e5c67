"""The admin's "New from article" page: paste, review, create drafts in one step."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, Citation, Participation, Source
from core.models import Publication
from parties.models import Party
from tests.factories import make_user

from .conftest import EDITOR_PERMISSIONS

pytestmark = pytest.mark.django_db

URL = reverse("admin:agreements_agreement_intake")
ARTICLE = {
    "title": "South Korea and Peru agree to strengthen defense and minerals cooperation",
    "url": "https://news.example/2024/11/18/korea-peru",
    "publisher": "Example News",
    "published_on": "2024-11-18",
    "language": "en",
}


def _read(client, seed_text):
    response = client.post(URL, {**ARTICLE, "text": seed_text})
    assert response.status_code == 200
    assert "review" in response.context, (
        response.context.get("form") and response.context["form"].errors
    )
    return response


def _value(bound):
    value = bound.value()
    return "" if value is None else str(value)


def _post_data(response, *, keep_agreements=None, untick_parties=()):
    """What the browser sends back from the review page, with some boxes unticked."""
    data = {"action": "create"}
    review = response.context["review"]
    for name in review.fields:
        data[review[name].html_name] = _value(review[name])
    for formset in (response.context["party_forms"], response.context["agreement_forms"]):
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = _value(management[name])
        for form in formset.forms:
            for name in form.fields:
                bound = form[name]
                value = bound.value()
                if name == "keep":
                    title = form["title"].value() if "title" in form.fields else None
                    party = form["name"].value() if "name" in form.fields else None
                    keep = value and not (
                        (
                            keep_agreements is not None
                            and title is not None
                            and not any(k in title for k in keep_agreements)
                        )
                        or party in untick_parties
                    )
                    if keep:
                        data[bound.html_name] = "on"
                elif isinstance(value, list):
                    data[bound.html_name] = [str(item) for item in value]
                else:
                    data[bound.html_name] = _value(bound)
    return data


def test_an_editor_gets_the_page(editor_client):
    response = editor_client.get(URL)
    assert response.status_code == 200
    assert "Read the article" in response.text
    assert "css/intake-admin.css" in response.text


def test_without_permission_to_add_agreements_the_page_is_forbidden(client):
    viewer = make_user(is_staff=True, permissions=["agreements.view_agreement"])
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {**ARTICLE, "text": "Peru signed."}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_agreement_list_links_to_the_page(editor_client):
    response = editor_client.get(reverse("admin:agreements_agreement_changelist"))
    assert response.status_code == 200
    assert URL in response.text and "New from article" in response.text


def test_the_page_has_no_inline_style_or_script(editor_client, seed_text):
    for response in (editor_client.get(URL), _read(editor_client, seed_text)):
        assert "<style" not in response.text
        assert " style=" not in response.text
        for line in response.text.splitlines():
            if "<script" in line:
                assert "src=" in line, line


def test_posting_a_text_shows_the_proposals_with_their_sentences(editor_client, seed_text):
    response = _read(editor_client, seed_text)
    assert len(response.context["party_forms"].forms) == 11
    assert len(response.context["agreement_forms"].forms) == 7
    for text in (
        "Korea Aerospace Industries",
        "Peruvian Navy",
        "HD Hyundai Heavy Industries–SIMA MOU",
        "463000000",
        "2024-11-16",
        "for joint submarine development",
    ):
        assert text in response.text, text
    assert not Source.objects.exists(), "reading proposes; it saves nothing"


def test_an_invalid_article_form_is_shown_again(editor_client):
    response = editor_client.post(URL, {**ARTICLE, "published_on": "", "text": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"text", "published_on"}


def test_creating_a_ticked_subset_makes_drafts_with_participations_and_citations(
    editor_client, editor, seed_text
):
    review = _read(editor_client, seed_text)
    data = _post_data(
        review, keep_agreements=["contract", "SIMA MOU"], untick_parties=["Hyundai Rotem"]
    )
    response = editor_client.post(URL, data)
    assert response.status_code == 302, response.context and response.context["review"].errors
    assert "publication__exact=draft" in response["Location"]
    source = Source.objects.get()
    assert (source.url, source.publisher) == (ARTICLE["url"], "Example News")
    agreements = Agreement.objects.order_by("title")
    assert [a.kind for a in agreements] == ["contract", "mou"]
    assert all(a.publication == Publication.DRAFT and a.created_by == editor for a in agreements)
    contract = agreements.get(kind="contract")
    assert (contract.value_amount, contract.value_currency, contract.signed_on) == (
        463000000,
        "USD",
        None,
    )
    assert set(contract.participations.values_list("party__name", "role")) == {
        ("HD Hyundai Heavy Industries", "contractor"),
        ("Peruvian Navy", "client"),
    }
    mou = agreements.get(kind="mou")
    assert str(mou.signed_on) == "2024-11-16"
    assert mou.relations_out.get().to_agreement == contract
    assert Citation.objects.filter(source=source).count() == 2
    assert "Hyundai’s existing $463 million contract" in contract.citations.get().quote
    assert not Party.objects.filter(name="Hyundai Rotem").exists(), "unticked"
    assert Party.objects.filter(name="SIMA", publication=Publication.DRAFT).exists()
    assert not Agreement.objects.published().exists()
    assert not Party.objects.published().exists()


def test_creating_the_same_article_twice_does_not_duplicate_the_source(editor_client, seed_text):
    review = _read(editor_client, seed_text)
    data = _post_data(review)
    assert editor_client.post(URL, data).status_code == 302
    counts = (Source.objects.count(), Agreement.objects.count(), Party.objects.count())
    assert counts == (1, 7, 11)
    assert Participation.objects.count() == 14
    assert editor_client.post(URL, data).status_code == 302
    assert (Source.objects.count(), Agreement.objects.count(), Party.objects.count()) == counts


def test_after_the_demo_existing_parties_are_used_not_created(editor_client, demo, seed_text):
    parties_before = Party.objects.count()
    review = _read(editor_client, seed_text)
    assert all(form["matched"].value() for form in review.context["party_forms"].forms)
    assert "/admin/parties/party/" in review.text
    data = _post_data(review, keep_agreements=["critical minerals"])
    data["url"] = "https://news.example/other-copy"
    assert editor_client.post(URL, data).status_code == 302
    assert Party.objects.count() == parties_before
    created = Agreement.objects.get(citations__source__url="https://news.example/other-copy")
    assert created.publication == Publication.DRAFT
    assert set(created.parties.values_list("slug", flat=True)) == {
        "republic-of-korea",
        "republic-of-peru",
    }


def test_a_participant_left_unticked_is_refused_with_a_message(editor_client, seed_text):
    review = _read(editor_client, seed_text)
    data = _post_data(review, keep_agreements=["Hyundai Rotem"], untick_parties=["FAME"])
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert "Tick FAME above" in response.text
    assert not Agreement.objects.exists() and not Source.objects.exists()


def test_an_editor_who_may_not_add_parties_cannot_create_new_ones(client, seed_text):
    permissions = [p for p in EDITOR_PERMISSIONS if p != "parties.add_party"]
    client.force_login(make_user(is_staff=True, permissions=permissions))
    review = _read(client, seed_text)
    response = client.post(URL, _post_data(review))
    assert response.status_code == 200
    assert "You may not create parties" in response.text
    assert not Party.objects.exists()


def test_edits_made_on_the_review_page_are_what_gets_created(editor_client, seed_text):
    review = _read(editor_client, seed_text)
    data = _post_data(review, keep_agreements=["contract"])
    index = next(
        i
        for i, form in enumerate(review.context["agreement_forms"].forms)
        if form["kind"].value() == "contract"
    )
    data[f"agreement-{index}-title"] = "Naval vessels for the Peruvian Navy"
    data[f"agreement-{index}-value_currency"] = "usd"
    assert editor_client.post(URL, data).status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.title, agreement.value_currency) == (
        "Naval vessels for the Peruvian Navy",
        "USD",
    )


def test_a_currency_without_an_amount_is_refused(editor_client, seed_text):
    review = _read(editor_client, seed_text)
    data = _post_data(review, keep_agreements=["contract"])
    index = next(
        i
        for i, form in enumerate(review.context["agreement_forms"].forms)
        if form["kind"].value() == "contract"
    )
    data[f"agreement-{index}-value_amount"] = ""
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert "A currency needs an amount" in response.text
    assert not Agreement.objects.exists()
