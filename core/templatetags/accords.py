import html
import json
from decimal import Decimal

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import pluralize
from django.utils.dateformat import format as format_date
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from core.links import slug_url_builder
from core.markdown import render_markdown
from core.models import sees_drafts

register = template.Library()

# The escapes of Django's json_script: no "</script>" or "<!--" can close the element.
_SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """`data` as schema.org JSON-LD: json_script's escaping, with the page's CSP nonce."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    json_text = mark_safe(text)  # noqa: S308 - no <, > or & is left to close the element
    nonce = context.get("csp_nonce")  # a LazyNonce: falsy until used, so test for None
    if nonce is not None:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, json_text
        )
    return format_html('<script type="application/ld+json">{}</script>', json_text)


@register.filter
def money(amount, currency=""):
    """`463000000.00`, "USD" → "USD 463,000,000" (cents only when there are some)."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    digits = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{currency} {digits}".strip()


@register.filter
def partial_iso(value, precision="day"):
    """A date as ISO 8601 to its precision: 2022-12-01 with precision "month" → "2022-12"."""
    if not value:
        return ""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


@register.filter
def public_participations(agreement, user):
    """The participations of an agreement (prefetched) a reader may see: those whose party
    is published, unless the reader is staff. A published agreement only names published
    parties; this is the belt to that braces."""
    participations = agreement.participations.all()
    if sees_drafts(user):
        return list(participations)
    return [p for p in participations if p.party.is_published]


@register.filter
def public_representative(participation, user):
    representative = participation.representative
    if representative is None:
        return None
    return representative if representative.is_published or sees_drafts(user) else None


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, variable):
        self.nodelist, self.variable = nodelist, variable

    def render(self, context):
        context[self.variable] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered (escaped) template output
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}` renders once into `name`, so base.html can use
    the page's `title` and `description` blocks in <title>, meta and OpenGraph tags alike."""
    try:
        _, variable = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("Usage: {% capture name %}…{% endcapture %}") from error
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, variable)


@register.filter
def options(choices, selected):
    """`[(value, label), …]` and the submitted values → `[(value, label, is_selected), …]`."""
    selected = {str(value) for value in (selected or [])}
    return [(str(value), label, str(value) in selected) for value, label in choices]


@register.simple_tag
def date_range(start, end=None):
    """“16 November 2024”, “10–16 November 2024”, “30 October – 2 November 2024”."""
    if not start:
        return ""
    if not end or end == start:
        return format_date(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, 'j F Y')}"
    if start.year == end.year:
        return f"{format_date(start, 'j F')} – {format_date(end, 'j F Y')}"
    return f"{format_date(start, 'j F Y')} – {format_date(end, 'j F Y')}"


def _escape(value):
    """conditional_escape(), as `{{ value }}` applies it, without the lazy-argument check
    of its decorator on a plain string (a page escapes some 400 values in the tags below)."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def _card_html(card):
    """One card of `agreement_cards` as partials/agreement_card.html draws it: every value
    passes through conditional_escape(), as `{{ value }}` would."""
    e = _escape
    kicker = f'<span class="badge badge--kind">{e(card["kind"])}</span>'
    if card["status"]:
        kicker += f' <span class="badge badge--status">{e(card["status"])}</span>'
    if card["draft"]:
        kicker += f' <span class="badge badge--draft">{e(card["draft"])}</span>'
    if card["date_verb"]:
        meta = (
            f'{e(card["date_verb"])} <time datetime="{e(card["date_iso"])}">'
            f"{e(card['date_text'])}</time>"
        )
    else:
        meta = "Date not known"
    if card["event"] is not None:
        meta += f" · {e(card['event'])}"
    if card["value"] is not None:
        meta += f' · <span class="value">{e(card["value"])}</span>'
    parties = '<span class="sep" aria-hidden="true"> · </span>'.join(
        f'<a href="{e(url)}">{e(name)}</a>'
        + (f' <span class="role">({e(role)})</span>' if role else "")
        for url, name, role in card["parties"]
    )
    sectors = (
        '<ul class="tags" aria-label="Sectors">'
        + "".join(f'<li><a href="{e(url)}">{e(name)}</a></li>' for url, name in card["sectors"])
        + "</ul>"
        if card["sectors"]
        else ""
    )
    return (
        f'<article class="card{" card--draft" if card["draft"] else ""}">\n'
        f'  <p class="card__kicker">{kicker}</p>\n'
        f'  <h3 class="card__title"><a href="{e(card["url"])}">{e(card["title"])}</a></h3>\n'
        f'  <p class="card__meta">{meta}</p>\n'
        f'  <p class="card__parties">{parties}</p>\n'
        f"  {sectors}\n"
        "</article>\n"
    )


@register.simple_tag
def agreement_card_list(cards):
    """The cards of `agreements.views.agreement_cards()`, drawn in Python: the markup of
    partials/agreement_card.html without the ~30 template nodes per card (2 of a page's
    ~5 ms of rendering). tests/test_pages_cards.py holds the two to the same output."""
    return mark_safe("".join(_card_html(card) for card in cards))  # noqa: S308 - escaped above


# --- Charts (core.charts): the loops of templates/partials/charts/*, drawn in Python ------
# A party page draws some 25 bars, 13 labels, 25 nodes, 30 lines and 12 ranked rows: a
# template node per value cost ~3 ms of its rendering. Each function writes what its loop
# wrote, values through `{{ }}`'s localize() and conditional_escape().


def _value(value):
    """`{{ value }}`: localized, then escaped. An int is written as str() writes it unless
    thousands are grouped (what localize() would do, at a fifth of the cost)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return _escape(localize(value))


@register.simple_tag
def year_chart_bars(chart):
    """The bars of a core.charts.YearChart with a count, each with its value above."""
    return mark_safe(  # noqa: S308 - escaped values
        "".join(
            f'\n    <rect class="chart__bar" {bar.rect_attrs} rx="2"><title>{_value(bar.title)}'
            f'</title></rect>\n    <text class="chart__value" {bar.value_attrs} '
            f'text-anchor="middle">{_value(bar.count)}</text>'
            for bar in chart.bars
            if bar.count
        )
    )


@register.simple_tag
def year_chart_labels(chart):
    """The years written under the axis of a core.charts.YearChart."""
    return mark_safe(  # noqa: S308 - escaped values
        "".join(
            f'<text class="chart__label" {attrs} text-anchor="middle">{_value(year)}</text>'
            for attrs, year in chart.labels
        )
    )


@register.simple_tag
def network_edges(network):
    """The lines of a core.charts.Network, each with its title."""
    return mark_safe(  # noqa: S308 - escaped values
        "".join(
            "<line"
            + (f' class="{_value(edge.css_class)}"' if edge.css_class else "")
            + f" {edge.line_attrs}><title>{_value(edge.title)}</title></line>"
            for edge in network.edges
        )
    )


@register.simple_tag
def network_nodes(network):
    """The nodes of a core.charts.Network (its centre aside), each a link."""
    return mark_safe(  # noqa: S308 - escaped values
        "".join(
            f'<a href="{_value(node.url)}" class="network__node {_value(node.css_class)}">'
            f"<title>{_value(node.title)}</title><circle {node.circle_attrs}/>"
            f"<text {node.label_attrs}>{_value(node.label)}</text></a>"
            for node in network.nodes
        )
    )


def _draft_badge(party):
    """After a party's name: its publication state, unless published."""
    if party.is_published:
        return ""
    return f' <span class="badge badge--draft">{_value(party.get_publication_display())}</span>'


def _ranked_row(row):
    name = _value(row.item.display_name)
    draft = _draft_badge(row.item)
    count = _value(row.count)
    if row.link:
        count = (
            f'<a href="{_value(row.link)}" aria-label="{count} agreement{pluralize(row.count)}'
            f' with {name}">{count}</a>'
        )
    return (
        '\n  <li class="ranked__row">\n'
        f'    <span class="ranked__name"><a href="{_value(row.url)}">{name}</a>{draft}</span>\n'
        '    <svg class="ranked__bar" viewBox="0 0 100 10" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false"><rect class="ranked__track" x="0" y="0"'
        ' width="100" height="10"/><rect class="ranked__fill" x="0" y="0"'
        f' width="{_value(row.percent)}" height="10"/></svg>\n'
        f'    <span class="ranked__count">{count}</span>\n'
        "  </li>\n  "
    )


@register.simple_tag
def ranked_rows(rows):
    """The `<li>`s of core.charts.ranked() rows of parties: name, bar, count."""
    return mark_safe("".join(_ranked_row(row) for row in rows))  # noqa: S308 - escaped values


@register.simple_tag
def party_links(parties):
    """A link to each of `parties` by its display name, with a draft's badge, separated by
    commas: a party page lists every sub-entity (107 for the bench's party: ~3 ms as
    template nodes)."""
    url = slug_url_builder("parties:detail")  # Party.get_absolute_url(), built once
    return mark_safe(  # noqa: S308 - escaped values
        ", ".join(
            f'<a href="{_value(url(party.slug))}">{_value(party.display_name)}</a>'
            f"{_draft_badge(party)}"
            for party in parties
        )
    )


# --- Filter forms: what partials/checkbox_group.html and field_errors.html loop over ------


@register.simple_tag
def checkboxes(name, choices, selected):
    """The `<label>`s of partials/checkbox_group.html: a checkbox per `(value, label)` of
    `choices`, checked when submitted (`selected`); 35 of them on the agreement list."""
    return mark_safe(  # noqa: S308 - escaped values
        "".join(
            f'\n    <label class="check"><input type="checkbox" name="{_value(name)}" '
            f'value="{_value(value)}"{" checked" if checked else ""}> {_value(label)}</label>\n    '
            for value, label, checked in options(choices, selected)
        )
    )


@register.simple_tag
def field_errors(field):
    """partials/field_errors.html for a bound `field`: nothing unless it has errors, and
    the newline that ends the file."""
    errors = getattr(field, "errors", None)
    if not errors:
        return mark_safe("\n")
    return format_html(
        '<div class="field-error" id="{}_error">{}</div>\n',
        field.auto_id,
        format_html_join("", "<p>{}</p>", ((error,) for error in errors)),
    )
