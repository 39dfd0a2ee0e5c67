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
