"""Lists and search as readers use them: filters that combine, kept in the URL; errors
shown beside the field; pagination and sorting; and no query string, however odd,
that gives a server error."""

import re

import pytest
from django.db.models import Exists, OuterRef

from agreements.models import Agreement, Participation
from tests.factories import make_agreement, make_event, make_party, make_sector

pytestmark = pytest.mark.django_db


def _titles(response):
    return [
        title.replace("&#x27;", "'").replace("&amp;", "&")
        for title in re.findall(
            r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.text
        )
    ]


def _slugs(response):
    return re.findall(r'<h3 class="card__title"><a href="/agreements/([^/]+)/">', response.text)


def _involving_all(*slugs):
    """The expected answer, computed independently of the FilterSet."""
    queryset = Agreement.objects.published()
    for slug in slugs:
        queryset = queryset.filter(
            Exists(Participation.objects.filter(agreement=OuterRef("pk"), party__slug=slug))
        )
    return set(queryset.values_list("slug", flat=True))


def test_the_korea_peru_bilateral_filter_returns_exactly_what_involves_both(client, demo):
    response = client.get("/agreements/", {"party": ["republic-of-korea", "republic-of-peru"]})
    assert response.status_code == 200
    expected = _involving_all("republic-of-korea", "republic-of-peru")
    assert expected == {
        "korea-peru-critical-minerals-mou-2024",
        "korea-peru-joint-statement-2024",
        "chinchero-airport-infrastructure-pledge-2024",
    }
    assert set(_slugs(response)) == expected
    # The chosen parties are shown, each removable, and kept for the next submission.
    assert '<input type="hidden" name="party" value="republic-of-korea">' in response.text
    assert 'href="?party=republic-of-peru"' in response.text  # remove Korea
    api = "/api/v1/agreements/?party=republic-of-korea&amp;party=republic-of-peru&amp;format=csv"
    assert api in response.text


def test_filters_combine(client, demo):
    response = client.get(
        "/agreements/",
        {"kind": "mou", "sector": "defense", "event": "korea-peru-summit-2024"},
    )
    assert set(_slugs(response)) == {
        "hd-hhi-sima-submarine-mou-2024",
        "kai-seman-kf21-components-mou-2024",
    }
    by_country = client.get("/agreements/", {"country": ["KR", "PE"], "role": "client"})
    assert _slugs(by_country) == ["hd-hhi-peruvian-navy-naval-vessels-contract"]
    words = client.get("/agreements/", {"q": "perú", "kind": ["pledge", "joint_statement"]})
    assert set(_slugs(words)) == {
        "chinchero-airport-infrastructure-pledge-2024",
        "korea-peru-joint-statement-2024",
    }
    valued = client.get("/agreements/", {"value_min": "400000000", "currency": "USD"})
    assert _slugs(valued) == ["hd-hhi-peruvian-navy-naval-vessels-contract"]


def test_blank_fields_of_a_submitted_form_are_dropped_from_the_address(client, demo):
    blank = dict.fromkeys(
        ["q", "party", "country", "event", "role", "signed_after", "value_min", "currency"], ""
    )
    response = client.get("/agreements/", blank | {"ordering": "", "kind": "mou"})
    assert response.status_code == 302
    assert response["Location"] == "/agreements/?kind=mou"
    assert len(_slugs(client.get(response["Location"]))) == 3
    assert client.get("/agreements/", blank)["Location"] == "/agreements/"


def test_sorting(client):
    party = make_party()
    make_agreement(title="Beta", parties=[party], signed_on="2020-01-01")
    make_agreement(
        title="Alpha", parties=[party], signed_on="2022-01-01", value_amount=5, value_currency="EUR"
    )
    make_agreement(
        title="Gamma", parties=[party], signed_on="2021-01-01", value_amount=9, value_currency="EUR"
    )
    assert _titles(client.get("/agreements/")) == ["Alpha", "Gamma", "Beta"]  # latest first
    assert _titles(client.get("/agreements/?ordering=signed_on")) == ["Beta", "Gamma", "Alpha"]
    assert _titles(client.get("/agreements/?ordering=title")) == ["Alpha", "Beta", "Gamma"]
    assert _titles(client.get("/agreements/?ordering=-value_amount"))[:2] == ["Gamma", "Alpha"]


def test_pagination_keeps_the_filters_and_forgives_bad_page_numbers(client):
    party, other = make_party(slug="our-party"), make_party()
    for number in range(25):
        make_agreement(title=f"Accord {number:02d}", parties=[party], signed_on="2020-01-01")
    make_agreement(title="Someone else's", parties=[other])
    first = client.get("/agreements/", {"party": "our-party", "ordering": "title"})
    assert len(_titles(first)) == 20
    assert 'href="?party=our-party&amp;ordering=title&amp;page=2"' in first.text
    second = client.get("/agreements/", {"party": "our-party", "ordering": "title", "page": 2})
    assert _titles(second) == [f"Accord {number:02d}" for number in range(20, 25)]
    assert "Page 2 of 2" in second.text
    assert _titles(client.get("/agreements/?party=our-party&page=abc")) == _titles(first)
    assert len(_titles(client.get("/agreements/?party=our-party&page=999"))) == 5


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("party=atlantis", "party", "Select a valid choice"),
        ("signed_after=2024-13-45", "signed_after", "Enter a valid date"),
        ("value_min=-5", "value_min", "greater than or equal to 0"),
        ("kind=spell", "kind", "Select a valid choice"),
        ("ordering=password", "ordering", "Select a valid choice"),
        ("country=ZZ", "country", "Select a valid choice"),
    ],
)
def test_an_invalid_filter_shows_the_page_with_the_error_beside_its_field(
    client, demo, query, field, message
):
    response = client.get(f"/agreements/?{query}")
    assert response.status_code == 400
    error = re.search(rf'<div class="field-error" id="id_{field}_error">(.*?)</div>', response.text)
    assert error and message in error.group(1)
    summary = re.search(r'<div class="alert" role="alert">(.*?)</div>', response.text, re.S)
    anchor = re.search(r'<a href="#([^"]+)">', summary.group(1)).group(1)
    assert f'id="{anchor}"' in response.text  # the summary links to the field
    assert "[invalid name]" not in response.text
    assert _slugs(response) == []  # nothing is shown as if the bad filter were not there


def test_party_list_reports_a_bad_parent(client, demo):
    response = client.get("/parties/?parent=atlantis")
    assert response.status_code == 400
    assert 'id="id_parent_error"' in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("KAI", "korea-aerospace-industries"),
        ("perú", "republic-of-peru"),
        ("PERU", "republic-of-peru"),
        ("대한민국", "republic-of-korea"),
        ("servicios industriales", "sima"),
        ("hyundai rotem", "hyundai-rotem"),
    ],
)
def test_search_finds_parties_through_aliases_in_any_script(client, demo, query, expected):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    parties = re.findall(r'<ul class="party-results">(.*?)</ul>', response.text, re.S)
    assert parties and f'href="/parties/{expected}/"' in parties[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chinchero", "chinchero-airport-infrastructure-pledge-2024"),
        ("Chinchéro", "chinchero-airport-infrastructure-pledge-2024"),
        ("KAI", "kai-seman-kf21-components-mou-2024"),
        ("submarine", "hd-hhi-sima-submarine-mou-2024"),
        ("대한민국 minerals", "korea-peru-critical-minerals-mou-2024"),
        ("Rotem", "hyundai-rotem-fame-cooperation-agreement-2024"),
    ],
)
def test_search_finds_agreements_ranked_titles_first(client, demo, query, expected):
    response = client.get("/search/", {"q": query})
    assert _slugs(response)[0] == expected


def test_search_ranks_a_title_match_above_a_participant_match(client):
    korea = make_party(name="Republic of Korea", aliases=["대한민국:ko"])
    make_agreement(title="Trade accord", parties=[korea], signed_on="2024-01-01")
    make_agreement(title="Korea trade accord", parties=[make_party()], signed_on="2020-01-01")
    assert _titles(client.get("/search/?q=korea")) == ["Korea trade accord", "Trade accord"]


def test_search_without_a_query_explains_itself_and_a_long_one_is_an_error(client):
    empty = client.get("/search/")
    assert empty.status_code == 200
    assert "chinchero" in empty.text
    long = client.get("/search/", {"q": "x" * 201})
    assert long.status_code == 400
    assert 'id="id_q_error"' in long.text


NASTY_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=99999999999999999999999999",
    "page=1.5",
    "q=%00",
    "q=" + "x" * 1000,
    "q=%25",
    "q=_",
    "q=%5C",
    "q=%27%3B+DROP+TABLE+agreements_agreement%3B--",
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=%F0%9F%98%80",
    "q=%FF%FE%FD",
    "q=+++",
    "q[]=x",
    "party=%00",
    "party=atlantis",
    "party=" + "x" * 300,
    "party=a&party=b&party=c&party=d&party=e&party=f&party=g&party=h&party=i",
    "country=ZZ",
    "country=%00",
    "kind=nope",
    "kind=%00",
    "status=%E2%80%8B",
    "sector=%00",
    "sector=nope",
    "event=%00",
    "event=nope",
    "role=king",
    "signed_after=2024-13-45",
    "signed_after=99999-01-01",
    "signed_before=yesterday",
    "signed_after=%00",
    "value_min=abc",
    "value_min=-5",
    "value_min=1e999",
    "value_min=NaN",
    "value_max=Infinity",
    "value_min=99999999999999999999999999999999",
    "currency=XXXX",
    "currency=%00",
    "ordering=password",
    "ordering=-publication",
    "ordering=%00",
    "ordering=signed_on,title",
    "publication=draft",
    "parent=%00",
    "parent=nope",
    "format=csv",
    "page=2&q=%00&party=%00&value_min=NaN",
]
# Every page that reads its query string: the lists, search, and the paginated pages.
PAGES_WITH_PARAMETERS = [
    "/agreements/",
    "/parties/",
    "/search/",
    "/events/",
    "/events/summit/",
    "/sectors/defense/",
    "/parties/peru/",
    "/parties/korea/with/peru/",
]


@pytest.fixture
def small_world():
    korea = make_party(name="Korea", slug="korea", kind="state", country="KR")
    peru = make_party(name="Peru", slug="peru", kind="state", country="PE")
    defense = make_sector(name="Defense", slug="defense")
    summit = make_event(name="Summit", slug="summit")
    make_agreement(
        title="Accord",
        slug="accord",
        parties=[korea, peru],
        sectors=[defense],
        event=summit,
        signed_on="2024-11-16",
    )


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_no_query_string_gives_a_server_error_on_any_page(client, small_world, query):
    for page in PAGES_WITH_PARAMETERS:
        response = client.get(f"{page}?{query}", follow=True)
        assert response.status_code in (200, 400), (page, query, response.status_code)
        if response.status_code == 400:
            assert 'class="field-error"' in response.text, (page, query)


def test_the_event_menu_offers_the_latest_events_and_keeps_the_chosen_one(client):
    oldest = make_event(name="Congress of Vienna", slug="vienna", starts_on="1814-09-18")
    for number in range(101):
        make_event(name=f"Meeting {number}", starts_on=f"{1900 + number}-01-01")
    response = client.get("/agreements/")
    menu = re.search(r'<select id="id_event".*?</select>', response.text, re.S).group(0)
    assert menu.count("<option") == 101  # "Any event" and the latest 100
    assert "Meeting 100" in menu and "vienna" not in menu
    chosen = client.get("/agreements/", {"event": oldest.slug})
    menu = re.search(r'<select id="id_event".*?</select>', chosen.text, re.S).group(0)
    assert '<option value="vienna" selected>Congress of Vienna</option>' in menu


def test_filter_form_tags_draw_what_the_partials_drew():
    """`{% checkboxes %}` and `{% field_errors %}` (core.templatetags.accords) write what
    the loop of partials/checkbox_group.html and partials/field_errors.html (with the
    newline that ends the file) wrote."""
    from django import forms
    from django.template import Context, Template

    class Form(forms.Form):
        kind = forms.MultipleChoiceField(choices=[("a", "A")])
        ok = forms.CharField(required=False)

    form = Form(data={"kind": ["<b>"]})
    assert not form.is_valid()
    choices = [("treaty", "Treaty"), ("a&b", "A <&> B"), (3, "Three")]
    loop = (
        "{% load accords %}{% for value, label, checked in choices|options:selected %}\n"
        '    <label class="check"><input type="checkbox" name="{{ name }}" value="{{ value }}"'
        "{% if checked %} checked{% endif %}> {{ label }}</label>\n"
        "    {% endfor %}"
    )
    errors = (
        '{% if field.errors %}<div class="field-error" id="{{ field.auto_id }}_error">'
        "{% for error in field.errors %}<p>{{ error }}</p>{% endfor %}</div>{% endif %}\n"
    )
    for field in (form["kind"], form["ok"], ""):
        context = {"name": "k<", "choices": choices, "selected": ["a&b", "3"], "field": field}
        for old, tag in (
            (loop, "checkboxes name choices selected"),
            (errors, "field_errors field"),
        ):
            expected = Template(old).render(Context(context))
            drawn = Template("{% load accords %}{% " + tag + " %}").render(Context(context))
            assert drawn == expected, tag
    assert "field-error" in Template("{% load accords %}{% field_errors f %}").render(
        Context({"f": form["kind"]})
    )
