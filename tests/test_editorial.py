"""Editorial workflow in the admin: roles, history with revert, no lost updates, merge, duplicates."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from agreements.models import Agreement, Participation
from core.models import Publication
from core.roles import EDITOR, PUBLISHER
from parties.models import Party, PartyRedirect
from tests.admin_forms import admin_form_data
from tests.factories import make_agreement, make_party, make_user

pytestmark = pytest.mark.django_db


def _member_of(group_name, username):
    user = make_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return user, client


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# --- roles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "can_publish", "can_delete"),
    [(EDITOR, False, False), (PUBLISHER, True, True)],
)
def test_roles_decide_who_may_publish_and_delete(group, can_publish, can_delete):
    user, client = _member_of(group, "member")
    assert user.has_perm("agreements.add_agreement") and user.has_perm(
        "agreements.change_agreement"
    )
    assert user.has_perm("agreements.publish_agreement") is can_publish
    assert user.has_perm("parties.publish_party") is can_publish
    assert user.has_perm("agreements.delete_agreement") is can_delete

    response = client.get(_changelist_url(Agreement))
    assert response.status_code == 200
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert ("publish" in actions) is can_publish
    assert "send_to_review" in actions


def test_an_editor_cannot_publish_even_by_posting_the_action():
    _, client = _member_of(EDITOR, "editor")
    agreement = make_agreement(
        title="Pending accord", publication=Publication.REVIEW, parties=[make_party()]
    )
    client.post(
        _changelist_url(Agreement), {"action": "publish", "_selected_action": [agreement.pk]}
    )
    agreement.refresh_from_db()
    assert agreement.publication == Publication.REVIEW


def test_an_editor_sends_to_review_and_a_publisher_publishes_and_both_moves_are_recorded():
    editor, editor_client = _member_of(EDITOR, "editor")
    publisher, publisher_client = _member_of(PUBLISHER, "publisher")
    agreement = make_agreement(
        title="Fresh accord", publication=Publication.DRAFT, parties=[make_party()]
    )
    editor_client.post(
        _changelist_url(Agreement), {"action": "send_to_review", "_selected_action": [agreement.pk]}
    )
    publisher_client.post(
        _changelist_url(Agreement), {"action": "publish", "_selected_action": [agreement.pk]}
    )
    agreement.refresh_from_db()
    assert agreement.publication == Publication.PUBLISHED
    assert agreement.published_at is not None
    moves = [
        (version.revision.user, version.revision.get_comment())
        for version in Version.objects.get_for_object(agreement).order_by("revision__date_created")
    ]
    assert moves == [(editor, "Sent to review"), (publisher, "Published")]


# --- history -----------------------------------------------------------------------------


def _save_through_admin(client, obj, **changes):
    page = client.get(_change_url(obj))
    return client.post(_change_url(obj), admin_form_data(page, **changes))


def test_every_admin_save_is_kept_and_an_older_version_can_be_restored(staff_client):
    agreement = make_agreement(title="Original title", parties=[make_party(name="Hyundai Rotem")])
    response = _save_through_admin(staff_client, agreement, title="Second title")
    assert response.status_code == 302
    _save_through_admin(staff_client, agreement, title="Third title")
    versions = Version.objects.get_for_object(agreement).order_by("revision__date_created")
    assert [v.field_dict["title"] for v in versions] == ["Second title", "Third title"]

    history = staff_client.get(reverse("admin:agreements_agreement_history", args=[agreement.pk]))
    assert history.status_code == 200
    first, second = versions
    compare = staff_client.get(
        reverse("admin:agreements_agreement_compare", args=[agreement.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert compare.status_code == 200
    assert "Second title" in compare.text and "Third title" in compare.text

    revert_url = reverse("admin:agreements_agreement_revision", args=[agreement.pk, first.pk])
    page = staff_client.get(revert_url)
    assert page.status_code == 200
    staff_client.post(revert_url, admin_form_data(page))
    agreement.refresh_from_db()
    assert agreement.title == "Second title"
    assert agreement.participations.get().party.name == "Hyundai Rotem"


# --- no lost updates -------------------------------------------------------------------------


def test_a_stale_admin_save_is_refused_and_says_who_changed_what():
    _, alice = _member_of(EDITOR, "alice")
    _, bob = _member_of(EDITOR, "bob")
    agreement = make_agreement(title="Shared accord", summary="First summary")
    with reversion.create_revision():
        agreement.save()

    alice_page = alice.get(_change_url(agreement))
    assert _save_through_admin(bob, agreement, summary="Bob's summary").status_code == 302

    response = alice.post(
        _change_url(agreement), admin_form_data(alice_page, title="Title by Alice")
    )
    assert response.status_code == 200, "the form comes back instead of saving"
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by bob" in errors
    assert "summary" in errors
    assert "Title by Alice" in response.text, "Alice's input is still in the form"
    agreement.refresh_from_db()
    assert (agreement.title, agreement.summary) == ("Shared accord", "Bob's summary")


def test_a_fresh_admin_save_goes_through():
    _, alice = _member_of(EDITOR, "alice")
    agreement = make_agreement(title="Quiet accord")
    assert _save_through_admin(alice, agreement, title="Quiet accord, edited").status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Quiet accord, edited"


# --- duplicates and merge -----------------------------------------------------------------


def _party_add_data(**overrides):
    data = {
        "name": "Hyundai Rotem Co.",
        "short_name": "",
        "slug": "hyundai-rotem-co",
        "kind": "company",
        "country": "KR",
        "description": "",
        "website": "",
        "wikidata_id": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_adding_a_party_like_an_existing_one_warns_before_saving(staff_client):
    make_party(name="Hyundai Rotem", slug="hyundai-rotem")
    response = staff_client.post(reverse("admin:parties_party_add"), _party_add_data())
    assert response.status_code == 200
    assert "looks like a party the register already has" in response.text
    assert "hyundai-rotem" in response.text
    assert not Party.objects.filter(slug="hyundai-rotem-co").exists()

    response = staff_client.post(
        reverse("admin:parties_party_add"), _party_add_data(not_a_duplicate="on")
    )
    assert response.status_code == 302
    assert Party.objects.filter(slug="hyundai-rotem-co").exists()


def test_an_alias_counts_as_a_likely_duplicate(staff_client):
    make_party(name="Korea Aerospace Industries", slug="kai", aliases=["KAI"])
    response = staff_client.post(
        reverse("admin:parties_party_add"), _party_add_data(name="KAI", slug="kai-2")
    )
    assert "looks like a party the register already has" in response.text


def test_merging_parties_keeps_every_participation_and_redirects_the_old_slug(staff_client):
    peru = make_party(name="Republic of Peru", kind="state", country="PE", slug="republic-of-peru")
    duplicate = make_party(
        name="Peru", kind="state", country="PE", slug="peru", aliases=["Perú:es"]
    )
    navy = make_party(name="Peruvian Navy", kind="government_body", country="PE", parent=duplicate)
    boluarte = make_party(name="Dina Boluarte", kind="person", country="PE")
    both = make_agreement(title="Held by both", parties=[peru, duplicate])
    only_duplicate = make_agreement(title="Held by the duplicate", parties=[(duplicate, "client")])
    Participation.objects.filter(agreement=both, party=duplicate).update(representative=boluarte)
    participations_before = Participation.objects.filter(party__in=[peru, duplicate]).count()

    changelist = _changelist_url(Party)
    confirm = staff_client.post(
        changelist, {"action": "merge", "_selected_action": [peru.pk, duplicate.pk]}
    )
    assert confirm.status_code == 200 and "Choose the party that stays" in confirm.text
    response = staff_client.post(
        changelist,
        {"action": "merge", "_selected_action": [peru.pk, duplicate.pk], "survivor": peru.pk},
        follow=True,
    )
    assert any(
        "Merged 1 party into Republic of Peru" in str(m)
        for m in get_messages(response.wsgi_request)
    )

    assert not Party.objects.filter(pk=duplicate.pk).exists()
    roles = sorted(peru.participations.values_list("agreement__title", "role"))
    assert roles == [("Held by both", "party"), ("Held by the duplicate", "client")]
    assert participations_before == 3 and Participation.objects.filter(party=peru).count() == 2
    assert peru.participations.get(agreement=both).representative == boluarte
    navy.refresh_from_db()
    assert navy.parent == peru
    assert {(a.name, a.language) for a in peru.aliases.all()} == {("Peru", ""), ("Perú", "es")}
    assert PartyRedirect.objects.get(old_slug="peru").party == peru
    assert only_duplicate.participations.get().party == peru


def test_merge_refuses_an_unpublished_survivor_for_published_agreements(staff_client):
    draft = make_party(
        name="Peru (draft)", kind="state", country="PE", publication=Publication.DRAFT
    )
    published = make_party(name="Peru", kind="state", country="PE")
    make_agreement(title="Public accord", parties=[published])
    staff_client.post(
        _changelist_url(Party),
        {"action": "merge", "_selected_action": [draft.pk, published.pk], "survivor": draft.pk},
    )
    assert Party.objects.filter(pk=published.pk).exists()


# --- the public change log ----------------------------------------------------------------


def test_the_public_history_lists_published_changes_without_names(staff_client):
    client = Client()
    agreement = make_agreement(title="Logged accord", summary="First", parties=[make_party()])
    with reversion.create_revision():
        agreement.save()
    _save_through_admin(staff_client, agreement, summary="Second")  # published edit
    agreement.publication = Publication.DRAFT
    with reversion.create_revision():
        agreement.save()  # a draft edit is not public history
    agreement.publication = Publication.PUBLISHED
    agreement.save()

    response = client.get(f"/agreements/{agreement.slug}/history/")
    assert response.status_code == 200
    assert "changed: summary" in response.text
    assert "entry recorded" in response.text
    assert "editor" not in response.text, "readers do not see who made a change"
    assert response.text.count("<li>\n    <time") == 2

    staff_view = staff_client.get(f"/agreements/{agreement.slug}/history/")
    assert "by editor" in staff_view.text
    assert "draft" in staff_view.text


def test_the_history_of_a_draft_is_not_public(client):
    agreement = make_agreement(title="Hidden accord", publication=Publication.DRAFT)
    assert client.get(f"/agreements/{agreement.slug}/history/").status_code == 404


def test_the_entry_links_to_its_history(client):
    agreement = make_agreement(title="Linked accord")
    assert f"/agreements/{agreement.slug}/history/" in client.get(agreement.get_absolute_url()).text


def test_the_demo_has_a_recorded_first_version(client, demo):
    response = client.get("/agreements/hd-hhi-sima-submarine-mou-2024/history/")
    assert "entry recorded" in response.text
    assert "Loaded from the Korea–Peru summit article" in response.text


def test_a_merged_partys_old_addresses_redirect_permanently(staff_client):
    client = Client()
    peru = make_party(name="Republic of Peru", kind="state", country="PE", slug="republic-of-peru")
    duplicate = make_party(name="Peru", kind="state", country="PE", slug="peru")
    korea = make_party(
        name="Republic of Korea", kind="state", country="KR", slug="republic-of-korea"
    )
    staff_client.post(
        _changelist_url(Party),
        {"action": "merge", "_selected_action": [peru.pk, duplicate.pk], "survivor": peru.pk},
    )
    response = client.get("/parties/peru/")
    assert response.status_code == 301
    assert response["Location"] == "/parties/republic-of-peru/"
    response = client.get("/parties/republic-of-korea/with/peru/")
    assert response.status_code == 301
    assert response["Location"] == "/parties/republic-of-korea/with/republic-of-peru/"
    assert korea.slug == "republic-of-korea"
    assert client.get("/parties/never-existed/").status_code == 404
