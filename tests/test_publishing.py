"""The publishing rule, what each audience may see, and how entries are shown."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements.models import Agreement, DatePrecision, Participation, RelationKind
from agreements.services import agreement_publish
from core.markdown import render_markdown
from core.models import Publication
from parties.models import PartyKind
from parties.services import party_unpublish
from tests.factories import make_agreement, make_party, make_user

pytestmark = pytest.mark.django_db


def make_korea(**fields):
    return make_party(name="Republic of Korea", kind=PartyKind.STATE, country="KR", **fields)


def make_peru(**fields):
    return make_party(name="Republic of Peru", kind=PartyKind.STATE, country="PE", **fields)


def make_person(name, **fields):
    return make_party(name=name, kind=PartyKind.PERSON, country="KR", **fields)


def make_draft_agreement(**fields):
    return make_agreement(
        title="MOU on defense industry cooperation", publication=Publication.DRAFT, **fields
    )


def add_representative(agreement, party, representative):
    return Participation.objects.filter(agreement=agreement, party=party).update(
        representative=representative, representative_title="President"
    )


def publication_messages(excinfo):
    return " ".join(excinfo.value.message_dict["publication"])


# --- agreement_publish ------------------------------------------------------------------


@pytest.mark.parametrize("state", [Publication.DRAFT, Publication.REVIEW])
def test_publishing_is_refused_while_a_party_is_unpublished(state):
    korea = make_korea()
    sima = make_party(name="Servicios Industriales de la Marina", country="PE", publication=state)
    agreement = make_draft_agreement(parties=[korea, (sima, "contractor")])

    with pytest.raises(ValidationError) as excinfo:
        agreement_publish(agreement=agreement)

    messages = publication_messages(excinfo)
    assert "Servicios Industriales de la Marina" in messages
    assert "Republic of Korea" not in messages
    agreement.refresh_from_db()
    assert agreement.publication == Publication.DRAFT
    assert agreement.published_at is None


def test_publishing_is_refused_while_a_representative_is_unpublished():
    korea, peru = make_korea(), make_peru()
    president = make_person("Yoon Suk Yeol", publication=Publication.DRAFT)
    agreement = make_draft_agreement(parties=[korea, peru])
    add_representative(agreement, korea, president)

    with pytest.raises(ValidationError) as excinfo:
        agreement_publish(agreement=agreement)

    assert "Yoon Suk Yeol" in publication_messages(excinfo)
    agreement.refresh_from_db()
    assert agreement.publication == Publication.DRAFT
    assert agreement.published_at is None


def test_publishing_names_every_unpublished_party():
    first = make_party(name="Hanwha Ocean", publication=Publication.DRAFT)
    second = make_party(name="Hyundai Rotem", publication=Publication.REVIEW)
    agreement = make_draft_agreement(parties=[first, second])

    with pytest.raises(ValidationError) as excinfo:
        agreement_publish(agreement=agreement)

    assert len(excinfo.value.message_dict["publication"]) == 2
    messages = publication_messages(excinfo)
    assert "Hanwha Ocean" in messages
    assert "Hyundai Rotem" in messages


def test_publishing_succeeds_when_everyone_in_it_is_published(staff_user):
    korea, peru = make_korea(), make_peru()
    president = make_person("Yoon Suk Yeol")
    agreement = make_draft_agreement(parties=[korea, peru])
    add_representative(agreement, korea, president)
    before = timezone.now()

    agreement_publish(agreement=agreement, by=staff_user)

    agreement.refresh_from_db()
    assert agreement.publication == Publication.PUBLISHED
    assert agreement.published_at is not None
    assert before <= agreement.published_at <= timezone.now()
    assert agreement.updated_by == staff_user


# --- party_unpublish --------------------------------------------------------------------


def test_unpublishing_a_party_of_a_published_agreement_is_refused():
    korea = make_korea()
    make_agreement(title="KF-21 Boramae MOU", parties=[korea, make_peru()])

    with pytest.raises(ValidationError) as excinfo:
        party_unpublish(party=korea)

    assert "KF-21 Boramae MOU" in publication_messages(excinfo)
    korea.refresh_from_db()
    assert korea.publication == Publication.PUBLISHED


def test_unpublishing_a_representative_in_a_published_agreement_is_refused():
    korea = make_korea()
    president = make_person("Yoon Suk Yeol")
    agreement = make_agreement(title="K2 tank framework agreement", parties=[korea])
    add_representative(agreement, korea, president)

    with pytest.raises(ValidationError) as excinfo:
        party_unpublish(party=president)

    assert "K2 tank framework agreement" in publication_messages(excinfo)
    president.refresh_from_db()
    assert president.publication == Publication.PUBLISHED


def test_unpublishing_a_party_only_in_draft_agreements_succeeds(staff_user):
    korea = make_korea()
    make_draft_agreement(parties=[korea])

    party_unpublish(party=korea, by=staff_user)

    korea.refresh_from_db()
    assert korea.publication == Publication.DRAFT
    assert korea.updated_by == staff_user


# --- who sees what ----------------------------------------------------------------------


@pytest.fixture
def agreements_in_every_state():
    return {
        state: make_agreement(title=f"{state.label} accord", publication=state)
        for state in Publication
    }


def test_anonymous_visitors_see_only_published_agreements(agreements_in_every_state):
    published = {agreements_in_every_state[Publication.PUBLISHED]}
    assert set(Agreement.objects.visible_to(AnonymousUser())) == published
    assert set(Agreement.objects.visible_to(None)) == published
    assert set(Agreement.objects.published()) == published


def test_signed_in_visitors_who_are_not_staff_see_only_published_agreements(
    agreements_in_every_state,
):
    reader = make_user()
    assert set(Agreement.objects.visible_to(reader)) == {
        agreements_in_every_state[Publication.PUBLISHED]
    }


def test_inactive_staff_see_only_published_agreements(agreements_in_every_state):
    former_editor = make_user(is_staff=True)
    former_editor.is_active = False
    assert set(Agreement.objects.visible_to(former_editor)) == {
        agreements_in_every_state[Publication.PUBLISHED]
    }


def test_staff_see_every_agreement(agreements_in_every_state, staff_user):
    assert set(Agreement.objects.visible_to(staff_user)) == set(agreements_in_every_state.values())


# --- involving --------------------------------------------------------------------------


def test_involving_returns_exactly_the_agreements_with_both_parties():
    korea, peru, usa = (
        make_korea(),
        make_peru(),
        make_party(name="United States", kind="state", country="US"),
    )
    both = make_agreement(title="Both", parties=[korea, peru])
    both_and_more = make_agreement(title="Both and more", parties=[korea, peru, usa])
    different_roles = make_agreement(
        title="Different roles", parties=[(korea, "client"), (peru, "contractor")]
    )
    several_roles = make_agreement(
        title="Korea in two roles", parties=[(korea, "party"), (korea, "financier"), peru]
    )
    make_agreement(title="Korea only", parties=[korea, usa])
    make_agreement(title="Peru only", parties=[peru])
    make_agreement(title="Nobody")

    found = list(Agreement.objects.involving(korea, peru))

    assert len(found) == 4  # no duplicates from several participations
    assert set(found) == {both, both_and_more, different_roles, several_roles}


# --- display ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signed_on", "precision", "shown"),
    [
        (datetime.date(2022, 12, 1), DatePrecision.MONTH, "December 2022"),
        (datetime.date(2022, 12, 1), DatePrecision.YEAR, "2022"),
        (datetime.date(2024, 11, 16), DatePrecision.DAY, "16 November 2024"),
    ],
)
def test_signing_date_is_shown_as_precisely_as_the_source_gives_it(signed_on, precision, shown):
    agreement = make_agreement(signed_on=signed_on, signed_on_precision=precision)
    agreement.refresh_from_db()
    assert agreement.signed_on_display == shown


def test_missing_signing_date_is_shown_as_nothing():
    agreement = make_agreement(signed_on=None, signed_on_precision=DatePrecision.MONTH)
    assert agreement.signed_on_display == ""


def test_builds_on_reads_built_upon_by_from_the_other_side():
    assert RelationKind("builds_on").inverse_label == "Built upon by"


# --- Markdown ---------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Every start tag in an HTML fragment, with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    return _Elements(str(html)).elements


@pytest.mark.parametrize(
    "text",
    [
        "Before <script>alert('x')</script> after",
        "<script>alert('x')</script>",
        "<div>\n<script src='https://evil.example/x.js'></script>\n</div>",
    ],
)
def test_markdown_renders_no_script_element(text):
    html = render_markdown(text)
    assert "script" not in [tag for tag, _ in elements(html)]
    assert "<script" not in html.lower()


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        "[click][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_markdown_drops_javascript_links(text):
    html = render_markdown(text)
    hrefs = [attrs.get("href") or "" for tag, attrs in elements(html) if tag == "a"]
    assert not any("javascript" in href.lower() for href in hrefs), html
    assert "click" in html  # the words survive, only the target goes


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        '<p onclick="alert(1)">Hello</p>',
        '[link](https://example.org "title" onmouseover=alert(1))',
    ],
)
def test_markdown_drops_event_handlers(text):
    html = render_markdown(text)
    for _tag, attrs in elements(html):
        assert not [name for name in attrs if name.startswith("on")], html


def test_markdown_links_get_nofollow_noopener():
    html = render_markdown("Read [the joint statement](https://www.mofa.go.kr/eng/) first.")
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert len(links) == 1
    assert links[0]["href"] == "https://www.mofa.go.kr/eng/"
    assert set(links[0]["rel"].split()) == {"nofollow", "noopener"}


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown("## Terms\n\n**Binding** and *not*:\n\n- one\n- two")
    tags = [tag for tag, _ in elements(html)]
    assert {"h2", "strong", "em", "ul", "li"} <= set(tags)
