"""Geometry for the charts the server draws as inline SVG.

Views count (in the database), these functions turn counts into coordinates, and
templates in `templates/partials/charts/` draw them with SVG attributes and CSS
classes only (the Content-Security-Policy forbids inline styles). Everything is
deterministic: the same numbers always give the same picture.

A chart has hundreds of numbers: the `*_attrs` properties give each shape's numeric
attributes as one string (what `{{ value }}` would write for each, without a template
node and a localisation per number; only numbers enter them, so nothing needs escaping).
"""

import math
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe


def _attrs(**values):
    """`x1="0" stroke-width="1.5"`: SVG attributes (underscores become hyphens)."""
    return mark_safe(  # noqa: S308 - numbers only
        " ".join(f'{name.replace("_", "-")}="{value}"' for name, value in values.items())
    )


def _agreements(count):
    return f"{count} agreement{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class YearBar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self):
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self):
        return round(self.y - 6, 1)

    @property
    def rect_attrs(self):
        return _attrs(x=self.x, y=self.y, width=self.width, height=self.height)

    @property
    def value_attrs(self):
        return _attrs(x=self.centre, y=self.value_y)

    @property
    def title(self):
        return f"{self.year}: {_agreements(self.count)}"


@dataclass
class YearChart:
    bars: list[YearBar]
    undated: int
    total: int
    width: int
    height: int
    baseline: float
    label_every: int
    earlier: int = 0  # counted in years before the first bar drawn

    @property
    def first_year(self):
        return self.bars[0].year if self.bars else None

    @property
    def maximum(self):
        return max((bar.count for bar in self.bars), default=0)

    @property
    def label_y(self):
        return self.height - 6

    @property
    def summary(self):
        """The chart in words, for screen readers: "2022: 1; 2024: 6"."""
        return "; ".join(f"{bar.year}: {bar.count}" for bar in self.bars if bar.count)

    @property
    def labelled_bars(self):
        """Bars whose year is written under the axis: all of them, or every n-th when many."""
        last = len(self.bars) - 1
        return [
            bar
            for index, bar in enumerate(self.bars)
            if index % self.label_every == 0 or index == last
        ]

    @property
    def labels(self):
        """`[(attributes, year)]` of the years written under the axis."""
        return [(_attrs(x=bar.centre, y=self.label_y), bar.year) for bar in self.labelled_bars]


def year_chart(counts, *, max_years=25, width=640, height=200):
    """Bars for `{year: count}` (key `None` = undated), one per year from the first to
    the last, empty years included; only the latest `max_years` years are drawn."""
    undated = counts.get(None, 0)
    dated = {year: count for year, count in counts.items() if year is not None and count}
    total = sum(dated.values()) + undated
    if not dated:
        return YearChart([], undated, total, width, height, height - 24, 1)
    last = max(dated)
    first = max(min(dated), last - max_years + 1)
    years = list(range(first, last + 1))
    top, bottom = 22, 24  # room for the count above a bar and the year below the axis
    baseline = height - bottom
    plot_height = baseline - top
    slot = width / len(years)
    bar_width = min(slot * 0.7, 56)
    maximum = max(dated.get(year, 0) for year in years) or 1
    bars = []
    for index, year in enumerate(years):
        count = dated.get(year, 0)
        bar_height = round(plot_height * count / maximum, 1)
        bars.append(
            YearBar(
                year=year,
                count=count,
                x=round(index * slot + (slot - bar_width) / 2, 1),
                y=round(baseline - bar_height, 1),
                width=round(bar_width, 1),
                height=bar_height,
            )
        )
    label_every = max(1, math.ceil(len(years) / 12))
    earlier = sum(count for year, count in dated.items() if year < first)
    return YearChart(bars, undated, total, width, height, baseline, label_every, earlier)


@dataclass(frozen=True)
class RankedItem:
    item: object
    count: int
    percent: float
    url: str = ""  # the item's page
    link: str = ""  # where the count leads (a relationship), if anywhere


def ranked(items_with_counts, *, url=None, link=None):
    """`[(item, count), …]` → rows whose bar is `percent` of the largest count; `url` and
    `link` (functions of the item) give each row's addresses."""
    rows = list(items_with_counts)
    maximum = max((count for _, count in rows), default=0) or 1
    return [
        RankedItem(
            item=item,
            count=count,
            percent=round(100 * count / maximum, 1),
            url=url(item) if url else "",
            link=link(item) if link else "",
        )
        for item, count in rows
    ]


@dataclass
class Node:
    key: object
    label: str
    url: str
    weight: int
    x: float
    y: float
    anchor: str = "middle"
    label_x: float = 0
    label_y: float = 0
    radius: float = 8
    css_class: str = ""

    @property
    def circle_attrs(self):
        return _attrs(cx=self.x, cy=self.y, r=self.radius)

    @property
    def label_attrs(self):
        return _attrs(x=self.label_x, y=self.label_y, text_anchor=self.anchor)

    @property
    def title(self):
        return f"{self.label}: {_agreements(self.weight)}"


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int
    stroke_width: float
    title: str
    css_class: str = ""

    @property
    def line_attrs(self):
        return _attrs(
            x1=self.x1, y1=self.y1, x2=self.x2, y2=self.y2, stroke_width=self.stroke_width
        )


@dataclass
class Network:
    centre: Node | None
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    groups: list[str] = field(default_factory=list)

    @property
    def legend(self):
        return [(group, f"group-{index % 8}") for index, group in enumerate(self.groups)]

    @property
    def view_box(self):
        return f"{-self.width / 2:g} {-self.height / 2:g} {self.width} {self.height}"


def _shorten(label, limit=26):
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _stroke(weight):
    return round(1.5 + 1.5 * math.log2(weight), 1) if weight > 0 else 1.5


def _place_on_circle(nodes, radius, *, label_gap=14, angles=None):
    """Put `nodes` on a circle: at `angles` (radians) when given, else evenly and
    clockwise from the top; labels go outside, anchored away from the centre."""
    count = len(nodes)
    if angles is None:
        angles = [-math.pi / 2 + 2 * math.pi * index / count for index in range(count)]
    for node, angle in zip(nodes, angles, strict=True):
        cos, sin = math.cos(angle), math.sin(angle)
        node.x, node.y = round(radius * cos, 1), round(radius * sin, 1)
        node.label_x = round((radius + node.radius + label_gap) * cos, 1)
        node.label_y = round((radius + node.radius + label_gap) * sin + 4, 1)
        node.anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        if node.anchor == "middle":
            node.label_y += 6 if sin > 0 else -2


def _angle_of(point):
    return math.atan2(point.y, point.x)


def _inner_angles(inner_nodes, outer_nodes, links, centre_key):
    """Angles for sub-entities: each towards the counterparties it shares agreements
    with (so its lines run outwards), spread apart when several aim the same way."""
    outer = {node.key: node for node in outer_nodes}
    direct = {b if a == centre_key else a for a, b in links if centre_key in (a, b)}
    gap = min(2 * math.pi / max(len(inner_nodes), 1), math.pi / 4)
    targets = []
    for index, node in enumerate(inner_nodes):
        x = y = 0.0
        for (a, b), count in links.items():
            other = b if a == node.key else a if b == node.key else None
            if other in outer:
                angle = _angle_of(outer[other])
                x, y = x + count * math.cos(angle), y + count * math.sin(angle)
                if other in direct:  # step aside from the centre's own line to it
                    x, y = x + count * math.cos(angle + 1), y + count * math.sin(angle + 1)
        target = math.atan2(y, x) if (x or y) else None
        targets.append((target is None, target if target is not None else 0, index))
    angles = [0.0] * len(inner_nodes)
    previous = None
    for unaimed, target, index in sorted(targets):
        if unaimed:
            target = (previous + gap) if previous is not None else -math.pi / 2
        if previous is not None and target - previous < gap:
            target = previous + gap
        angles[index] = previous = target
    return angles


def _edges_between(positions, weights, labels):
    edges = []
    for (a, b), weight in sorted(weights.items(), key=lambda pair: (-pair[1], pair[0])):
        if a in positions and b in positions:
            first, second = positions[a], positions[b]
            edges.append(
                Edge(
                    first.x,
                    first.y,
                    second.x,
                    second.y,
                    weight,
                    _stroke(weight),
                    f"{labels[a]} – {labels[b]}: {_agreements(weight)}",
                )
            )
    return edges


def ego_network(centre, outer, links=(), *, inner=(), size=560):
    """A party in the middle, its sub-entities close around it, and the parties it shares
    agreements with on an outer ring; a line for each pair sharing agreements.

    `centre` is `(key, label, url)`; `inner` (sub-entities) and `outer` (counterparties,
    most shared first) are `(key, label, url, count)`; `links` are `((key, key), count)`
    for every pair of these keys that shares agreements. Sub-entities are tied to the
    centre by a dashed "part of" line.
    """
    key, label, url = centre
    middle = Node(key, _shorten(label, 30), url, 0, 0, 0, radius=14, css_class="centre")
    middle.label_y = 32
    inner_nodes = [
        Node(n_key, _shorten(n_label, 22), n_url, count, 0, 0, radius=6, css_class="inner")
        for n_key, n_label, n_url, count in inner
    ]
    outer_nodes = [
        Node(n_key, _shorten(n_label), n_url, count, 0, 0, radius=7 + min(count, 8))
        for n_key, n_label, n_url, count in outer
    ]
    if outer_nodes:
        # Two counterparties face each other across the top, not through the centre.
        two = [-math.pi / 2 - math.pi / 3, -math.pi / 2 + math.pi / 3]
        _place_on_circle(
            outer_nodes, radius=size * 0.36, angles=two if len(outer_nodes) == 2 else None
        )
    if inner_nodes:
        angles = _inner_angles(inner_nodes, outer_nodes, dict(links), key)
        _place_on_circle(inner_nodes, radius=size * 0.17, label_gap=6, angles=angles)
        for node in inner_nodes:  # labels under the node, clear of its radial lines
            node.label_x, node.label_y, node.anchor = node.x, round(node.y + 20, 1), "middle"
    positions = {node.key: node for node in inner_nodes + outer_nodes} | {key: middle}
    labels = {node_key: node.label for node_key, node in positions.items()}
    part_of = [
        Edge(0, 0, node.x, node.y, 0, 1.5, f"{node.label} is part of {middle.label}", "part-of")
        for node in inner_nodes
    ]
    edges = _edges_between(positions, dict(links), labels)
    ring = size * 0.36
    width, height = round(2 * (ring + 130)), round(2 * (ring + 40))
    return Network(middle, inner_nodes + outer_nodes, part_of + edges, width, height)


def _untangled(ordered, links, sweeps=4):
    """Reorder nodes inside each group (groups keep their arcs) so lines between groups
    cross less: each node goes by the mean place of its partners elsewhere, reversed,
    since facing arcs run in opposite directions round the circle. Deterministic."""
    order = list(ordered)
    neighbours = {}
    for (a, b), count in links.items():
        neighbours.setdefault(a, []).append((b, count))
        neighbours.setdefault(b, []).append((a, count))
    groups = list(dict.fromkeys(party[3] for party in order))
    group_of = {party[0]: party[3] for party in order}
    for sweep in range(sweeps):
        for position, group in enumerate(groups):
            if sweep == 0 and position == 0:
                continue  # the first arc anchors the others
            place = {party[0]: index for index, party in enumerate(order)}

            def barycentre(party, group=group, place=place):
                partners = [
                    (place[other], count)
                    for other, count in neighbours.get(party[0], [])
                    if other in place and group_of[other] != group
                ]
                total = sum(count for _, count in partners)
                return sum(p * c for p, c in partners) / total if total else None

            members = [party for party in order if party[3] == group]
            members.sort(
                key=lambda party: (
                    barycentre(party) is None,
                    -(barycentre(party) or 0),
                    place[party[0]],
                )
            )
            start = next(index for index, party in enumerate(order) if party[3] == group)
            order[start : start + len(members)] = members
    return order


def overview_network(parties, links, *, size=640):
    """Every party given, grouped by country around one circle, linked by shared agreements.

    `parties` are `(key, label, url, group, weight)`; groups (countries) take arcs in
    alphabetical order, and inside each the order that crosses fewest lines, so the
    layout is the same on every request. `links` are `((key, key), count)`.
    """
    links = dict(links)
    ordered = sorted(parties, key=lambda party: (party[3], -party[4], party[1]))
    ordered = _untangled(ordered, links)
    groups = sorted({party[3] for party in parties})
    nodes = [
        Node(
            key,
            _shorten(label),
            url,
            weight,
            0,
            0,
            radius=5 + min(weight, 9),
            css_class=f"group-{groups.index(group) % 8}",
        )
        for key, label, url, group, weight in ordered
    ]
    if nodes:
        _place_on_circle(nodes, radius=size * 0.34)
    positions = {node.key: node for node in nodes}
    labels = {node.key: node.label for node in nodes}
    edges = _edges_between(positions, links, labels)
    ring = size * 0.34
    return Network(None, nodes, edges, round(2 * (ring + 140)), round(2 * (ring + 40)), groups)
