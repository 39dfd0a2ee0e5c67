"""The geometry of the server-drawn charts (deterministic, proportional, bounded), and
how dates read."""

from core.charts import ego_network, overview_network, ranked, year_chart


def test_year_chart_draws_every_year_between_first_and_last_proportionally():
    chart = year_chart({2020: 2, 2022: 4, None: 1})
    assert [(bar.year, bar.count) for bar in chart.bars] == [(2020, 2), (2021, 0), (2022, 4)]
    tallest, half = chart.bars[2], chart.bars[0]
    assert tallest.height == 2 * half.height
    assert tallest.y + tallest.height == chart.baseline
    assert chart.undated == 1 and chart.total == 7
    assert chart.summary == "2020: 2; 2022: 4"


def test_year_chart_keeps_the_latest_years_and_counts_the_earlier_ones():
    chart = year_chart({1950: 3, 2000: 1, 2024: 5}, max_years=25)
    assert chart.first_year == 2000 and chart.bars[-1].year == 2024
    assert chart.earlier == 3
    assert len(chart.labelled_bars) <= 13


def test_year_chart_of_nothing_dated():
    chart = year_chart({None: 2})
    assert chart.bars == [] and chart.undated == 2


def test_ranked_bars_are_a_share_of_the_largest():
    rows = ranked([("a", 4), ("b", 1)])
    assert [(row.item, row.percent) for row in rows] == [("a", 100.0), ("b", 25.0)]


def test_ego_network_is_deterministic_and_aims_sub_entities_at_their_partners():
    args = (
        ("peru", "Peru", "/p/"),
        [("korea", "South Korea", "/k/", 3), ("hhi", "HD HHI", "/h/", 2)],
        [(("peru", "korea"), 3), (("sima", "hhi"), 1)],
    )
    first = ego_network(*args, inner=[("sima", "SIMA", "/s/", 1)])
    again = ego_network(*args, inner=[("sima", "SIMA", "/s/", 1)])
    assert first == again
    nodes = {node.key: node for node in first.nodes}
    hhi, sima = nodes["hhi"], nodes["sima"]
    # SIMA sits between the centre and HD HHI, on the same side.
    assert (sima.x > 0) == (hhi.x > 0) and (sima.y > 0) == (hhi.y > 0)
    assert any(edge.css_class == "part-of" for edge in first.edges)
    assert {edge.weight for edge in first.edges if not edge.css_class} == {3, 1}


def test_overview_network_orders_each_country_so_lines_do_not_cross():
    parties = [
        (1, "Peru", "", "PE", 3),
        (2, "FAME", "", "PE", 1),
        (3, "Navy", "", "PE", 1),
        (4, "SEMAN", "", "PE", 1),
        (5, "Korea", "", "KR", 3),
        (6, "HD HHI", "", "KR", 1),
        (7, "Rotem", "", "KR", 1),
        (8, "KAI", "", "KR", 1),
    ]
    links = [((1, 5), 3), ((2, 7), 1), ((3, 6), 1), ((4, 8), 1)]
    network = overview_network(parties, links)
    order = [node.key for node in network.nodes]
    place = {key: index for index, key in enumerate(order)}

    def crosses(a, b, c, d):
        # Chords (a, b) and (c, d) of a circle cross when exactly one of c, d lies
        # strictly between a and b.
        a, b = sorted((place[a], place[b]))
        return (a < place[c] < b) != (a < place[d] < b)

    pairs = [pair for pair, _ in links]
    assert not any(crosses(*p, *q) for p in pairs for q in pairs if p != q)
    assert network.legend == [("KR", "group-0"), ("PE", "group-1")]


def test_event_dates_read_as_a_range():
    from datetime import date

    from core.templatetags.accords import date_range

    assert date_range(date(2024, 11, 16), date(2024, 11, 16)) == "16 November 2024"
    assert date_range(date(2024, 11, 10), date(2024, 11, 16)) == "10–16 November 2024"
    assert date_range(date(2024, 10, 30), date(2024, 11, 2)) == "30 October – 2 November 2024"
    assert date_range(date(2024, 12, 30), date(2025, 1, 2)) == "30 December 2024 – 2 January 2025"


# The chart partials' loops are drawn by template tags (core.templatetags.accords); each
# must write what its `{% for %}` wrote, escaping included. The loops as they were:
LOOPS = {
    "year_chart_bars chart": (
        "{% for bar in chart.bars %}{% if bar.count %}\n"
        '    <rect class="chart__bar" {{ bar.rect_attrs }} rx="2"><title>{{ bar.title }}'
        "</title></rect>\n"
        '    <text class="chart__value" {{ bar.value_attrs }} text-anchor="middle">'
        "{{ bar.count }}</text>{% endif %}{% endfor %}"
    ),
    "year_chart_labels chart": (
        '{% for attrs, year in chart.labels %}<text class="chart__label" {{ attrs }} '
        'text-anchor="middle">{{ year }}</text>{% endfor %}'
    ),
    "network_edges network": (
        '{% for edge in network.edges %}<line{% if edge.css_class %} class="{{ edge.css_class }}"'
        "{% endif %} {{ edge.line_attrs }}><title>{{ edge.title }}</title></line>{% endfor %}"
    ),
    "network_nodes network": (
        '{% for node in network.nodes %}<a href="{{ node.url }}" class="network__node '
        '{{ node.css_class }}"><title>{{ node.title }}</title><circle {{ node.circle_attrs }}/>'
        "<text {{ node.label_attrs }}>{{ node.label }}</text></a>{% endfor %}"
    ),
    "ranked_rows rows": (
        "{% for row in rows %}\n"
        '  <li class="ranked__row">\n'
        '    <span class="ranked__name"><a href="{{ row.url }}">{{ row.item.display_name }}</a>'
        '{% if not row.item.is_published %} <span class="badge badge--draft">'
        "{{ row.item.get_publication_display }}</span>{% endif %}</span>\n"
        '    <svg class="ranked__bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><rect class="ranked__track" x="0" y="0" '
        'width="100" height="10"/><rect class="ranked__fill" x="0" y="0" '
        'width="{{ row.percent }}" height="10"/></svg>\n'
        '    <span class="ranked__count">{% if row.link %}<a href="{{ row.link }}" '
        'aria-label="{{ row.count }} agreement{{ row.count|pluralize }} with '
        '{{ row.item.display_name }}">{{ row.count }}</a>{% else %}{{ row.count }}{% endif %}'
        "</span>\n"
        "  </li>\n"
        "  {% endfor %}"
    ),
    # A party page's sub-entities.
    "party_links parties": (
        '{% for child in parties %}<a href="{{ child.get_absolute_url }}">'
        "{{ child.display_name }}</a>{% if not child.is_published %} "
        '<span class="badge badge--draft">{{ child.get_publication_display }}</span>'
        "{% endif %}{% if not forloop.last %}, {% endif %}{% endfor %}"
    ),
}


def test_chart_tags_draw_what_the_template_loops_drew():
    from django.template import Context, Template

    from core.models import Publication
    from parties.models import Party

    chart = year_chart({2001: 1, 2003: 12, 2010: 1500, None: 2})
    network = ego_network(
        ("peru", "Perú & <Co>", "/p/?a=1&b=2"),
        [("korea", 'South "Korea"', "/k/", 3), ("hhi", "HD <HHI>", "/h/", 1)],
        [(("peru", "korea"), 3), (("sima", "hhi"), 1)],
        inner=[("sima", "SIMA & co", "/s/", 1)],
    )
    draft = Party(name="Draft <b>", slug="draft-b", short_name="", publication=Publication.DRAFT)
    published = Party(
        name="Korea & Co", slug="korea-co", short_name="K&C", publication=Publication.PUBLISHED
    )
    rows = ranked(
        [(published, 1500), (draft, 1)],
        url=lambda party: f"/p/{party.name}/?x=<1>",
        link=lambda party: "" if party is draft else "/with/&/",
    )
    parties = [published, draft, Party(name="Ministry", slug="a-b", publication="review")]
    context = {"chart": chart, "network": network, "rows": rows, "parties": parties}
    for tag, loop in LOOPS.items():
        expected = Template(loop).render(Context(context))
        drawn = Template("{% load accords %}{% " + tag + " %}").render(Context(context))
        assert drawn == expected, tag
        assert "<b>" not in drawn and "<Co>" not in drawn
