"""Public pages: agreements, and the pages of parties, events and sectors that list them.

The party pages live here rather than in `parties` because they are about agreements
(the two apps' edge: `agreements` knows parties, `parties` knows nothing of agreements).
Every read goes through the QuerySet verbs, so what a reader may see is decided once:
`visible_to(request.user)` — published rows, or everything for staff.
"""

import html
from array import array
from collections import defaultdict
from functools import cache

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries
from django_filters.views import FilterView

from core.cache import cached_per_generation
from core.charts import ego_network, overview_network, ranked, year_chart
from core.db import converted, field_converters, instance_with_rows, rows_by_id
from core.links import slug_url_builder
from core.models import Publication, sees_drafts
from core.templatetags.accords import money, partial_iso
from core.validators import currency_choices
from core.views_mixins import (
    FilteredListMixin,
    ForgivingPaginationMixin,
    PublicPageMixin,
    VisibleToUserMixin,
    paginate,
)
from parties.models import Party, PartyAlias, PartyKind, PartyRedirect

from . import structured_data
from .filters import AgreementFilterSet
from .history import agreement_history
from .models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    DatePrecision,
    Event,
    Role,
    Sector,
)
from .querysets import with_shared_counts

API_AGREEMENTS_PATH = "/api/v1/agreements/"
ORDERING_CHOICES = [
    ("", "Latest signed first"),
    ("signed_on", "Earliest signed first"),
    ("title", "Title, A to Z"),
    ("-value_amount", "Highest value first"),
    ("-updated_at", "Recently updated"),
]
PARTY_ORDERING_CHOICES = [
    ("", "Best match, then name"),
    ("name", "Name, A to Z"),
    ("-name", "Name, Z to A"),
    ("-updated_at", "Recently updated"),
]
AGREEMENT_FIELD_LABELS = {
    "q": "Words",
    "party": "Involving all of",
    "country": "Participant from all of",
    "kind": "Kind",
    "status": "Status",
    "sector": "Sector",
    "event": "Event",
    "role": "Some participant is a",
    "signed_after": "Signed from",
    "signed_before": "Signed to",
    "value_min": "Value at least",
    "value_max": "Value at most",
    "currency": "Currency",
    "publication": "Publication",
    "ordering": "Sort by",
}
PARTY_FIELD_LABELS = {
    "q": "Name",
    "kind": "Kind",
    "country": "Country",
    "parent": "Part of",
    "ordering": "Sort by",
}
# Fields drawn as a group of checkboxes or as chips + select: where an error link points.
FIELD_ANCHORS = {"party": "id_party_add", "country": "id_country_add"}
EVENT_CHOICES_LIMIT = 100
COUNTERPARTY_LIMIT = 12
#: The agreements' list order, made total by the id (pagination must not skip or repeat).
LIST_ORDER = (*Agreement._meta.ordering, "pk")
NETWORK_LIMIT = 40


def api_agreements_url():
    """The API's agreement list, wherever it is mounted (or the contract's path)."""
    try:
        return reverse("api:agreement-list")
    except NoReverseMatch:
        return API_AGREEMENTS_PATH


def export_links(params):
    """ "Download CSV/JSON" of the current filter: the same parameters, on the API."""
    params = params.copy()
    params.pop("page", None)
    links = {}
    for format_name in ("csv", "json"):
        params["format"] = format_name
        links[format_name] = f"{api_agreements_url()}?{params.urlencode()}"
    return links


def list_url(**params):
    """/agreements/ with these filters (lists are repeated parameters)."""
    return f"{reverse('agreements:list')}?{urlencode(params, doseq=True)}"


def history_url(agreement):
    """The public change log of an entry, when that page exists."""
    try:
        return reverse("agreements:history", kwargs={"slug": agreement.slug})
    except NoReverseMatch:
        return None


def filter_errors(filterset, labels):
    """`[(anchor id, label, message)]` for the error summary at the top of a list."""
    return [
        (FIELD_ANCHORS.get(name, f"id_{name}"), labels.get(name, name), message)
        for name, messages in filterset.errors.items()
        for message in messages
    ]


def submitted_values(request):
    """Every submitted value per parameter (`[]` when absent), to redraw a filter form."""
    return defaultdict(list, {key: request.GET.getlist(key) for key in request.GET})


def visible_parties(user):
    return Party.objects.visible_to(user)


def visibility(user):
    """The part of a cache key that says what the reader may see (core.cache)."""
    return "all" if sees_drafts(user) else "published"


def option_tags(choices, selected=()):
    """`<option>`s for `[(value, label), …]`, those in `selected` marked selected: the
    markup of a `{% for %}` over the choices, built here because a select of hundreds of
    options cost a template node per value and label. Values and labels are escaped in
    one html.escape() of them all (390 parties: 0.3 -> 0.15 ms)."""
    selected = {str(value) for value in selected or ()}
    values = [str(value) for value, _ in choices]
    texts = values + [str(label) for _, label in choices]
    escaped = html.escape("\0".join(texts)).split("\0")
    if len(escaped) != len(texts):  # a NUL inside a value or a label: one by one
        escaped = [html.escape(text) for text in texts]
    count = len(values)
    tags = [
        f'<option value="{escaped[index]}"{" selected" if value in selected else ""}>'
        f"{escaped[count + index]}</option>"
        for index, value in enumerate(values)
    ]
    return mark_safe("".join(tags))  # noqa: S308 - every value and label is escaped


@cache
def _country_option_tags(language):
    return option_tags(countries)


def country_option_tags():
    """Every country as an `<option>`, built once per language."""
    return _country_option_tags(get_language())


@cache
def _currency_choices():
    return currency_choices()


#: What a card shows of an agreement, read as one tuple per row (`values_list()`).
CARD_COLUMNS = (
    "pk",
    "publication",
    "title",
    "slug",
    "kind",
    "status",
    "signed_on",
    "signed_on_precision",
    "announced_on",
    "value_amount",
    "value_currency",
    "event__name",
)
# The same columns by id, for a page whose ids are known (the event's name by its id: a
# join's generic plan hashes every event, core.db.rows_by_id).
CARD_ROWS = """
    SELECT a.id, a.id, a.publication, a.title, a.slug, a.kind, a.status, a.signed_on,
           a.signed_on_precision, a.announced_on, a.value_amount, a.value_currency,
           (SELECT e.name FROM agreements_event e WHERE e.id = a.event_id)
    FROM agreements_agreement a
    WHERE a.id {ids}"""
#: The fields of CARD_ROWS but the event's name, whose values the ORM converts.
CARD_ROW_FIELDS = CARD_COLUMNS[1:-1]
# A page's sectors and participants, agreement id first, in the models' `Meta.ordering`
# (Sector by name, Participation by order then id), as the prefetches ordered them.
CARD_SECTORS = """
    SELECT j.agreement_id, s.slug, s.name
    FROM agreements_agreement_sectors j JOIN agreements_sector s ON s.id = j.sector_id
    WHERE j.agreement_id {ids}
    ORDER BY s.name, s.id"""
CARD_PARTICIPANTS = """
    SELECT pa.agreement_id, pa.role, p.id, p.slug, p.name, p.short_name, p.publication
    FROM agreements_participation pa JOIN parties_party p ON p.id = pa.party_id
    WHERE pa.agreement_id {ids}
    ORDER BY pa."order", pa.id"""


# A party page's parent, sub-entities and aliases, each grouped by the party's id, read
# with the party (core.db.instance_with_rows).
PARTY_PARENT = """
    SELECT id, id, publication, name, short_name, slug, kind FROM parties_party
    WHERE id {ids}"""
PARTY_CHILDREN = """
    SELECT parent_id, id, publication, name, short_name, slug FROM parties_party
    WHERE parent_id {ids} ORDER BY name, id"""
PARTY_ALIASES = """
    SELECT party_id, id, party_id, name, language FROM parties_partyalias
    WHERE party_id {ids} ORDER BY name, id"""
#: What a link to a party shows: its name, address and a draft's badge.
PARTY_LINK_FIELDS = ("id", "publication", "name", "short_name", "slug")


def party_with_page_rows(using, slug, user):
    """The party at `slug` the reader may see (else None), with its `parent`, its
    `aliases_shown` and the sub-entities the reader may see (by name) as `children_shown`:
    one round trip, where the ORM's three queries with ~110 model instances took ~3 ms of
    a 12 ms page. The parties hold what a link shows of them."""
    party, (parents, children, aliases) = instance_with_rows(
        Party,
        using,
        "slug",
        slug,
        [(PARTY_PARENT, "parent_id"), (PARTY_CHILDREN, "id"), (PARTY_ALIASES, "id")],
    )
    if party is None or not party.is_visible_to(user):
        return None
    for row in parents[party.parent_id]:
        party.parent = Party.from_db(using, (*PARTY_LINK_FIELDS, "kind"), row)
    party.children_shown = [
        child
        for child in (Party.from_db(using, PARTY_LINK_FIELDS, row) for row in children[party.pk])
        if child.is_visible_to(user)
    ]
    party.aliases_shown = [
        PartyAlias.from_db(using, ("id", "party_id", "name", "language"), row)
        for row in aliases[party.pk]
    ]
    return party


class Linked:
    """Something at `url`, for what needs only `get_absolute_url()` (structured data)."""

    def __init__(self, url):
        self.url = url

    def get_absolute_url(self):
        return self.url


def agreement_cards(agreements, user):
    """What `partials/agreement_card.html` shows of each agreement of `agreements` (a
    QuerySet, sliced to a page), as plain values for `partials/agreement_cards.html`.

    The agreements are read as tuples and their sectors and participants by two plain
    statements (one round trip of prepared statements on PostgreSQL: core.db.rows_by_id):
    the prefetching ORM built ~170 model instances per page and compiled three queries,
    half the time of the agreement list (10 of 20 ms in-process).
    tests/test_pages_cards.py holds the cards to the output of the per-agreement partial."""
    rows = list(agreements.values_list(*CARD_COLUMNS))
    ids = [row[0] for row in rows]
    sectors, participants = rows_by_id(
        agreements.db, [(CARD_SECTORS, ids), (CARD_PARTICIPANTS, ids)]
    )
    return cards_of(rows, sectors, participants, user)


def agreement_cards_by_id(using, ids, user):
    """agreement_cards() of the agreements `ids` the reader may see, in the order of `ids`:
    their rows too in the one round trip, where the ORM's query of 20 ids cost ~1 ms
    (compiling, planning its IN list, hashing every event for the join)."""
    ids = list(ids)
    found, sectors, participants = rows_by_id(
        using, [(CARD_ROWS, ids), (CARD_SECTORS, ids), (CARD_PARTICIPANTS, ids)]
    )
    connection = connections[using]
    converters = field_converters(Agreement, ("id", *CARD_ROW_FIELDS), connection)
    staff = sees_drafts(user)
    rows = [
        values
        for pk in ids
        for values in converted(connection, converters, found.get(pk, ()))
        if staff or values[1] == Publication.PUBLISHED
    ]
    return cards_of(rows, sectors, participants, user)


def cards_of(rows, sectors, participants, user):
    """The cards of `rows` (CARD_COLUMNS), with their `{id: rows}` of CARD_SECTORS and
    CARD_PARTICIPANTS."""
    agreement_url = slug_url_builder("agreements:detail")
    party_url = slug_url_builder("parties:detail")
    sector_url = slug_url_builder("agreements:sector")
    kinds = {value: str(label) for value, label in AgreementKind.choices}
    statuses = {value: str(label) for value, label in AgreementStatus.choices}
    publications = {value: str(label) for value, label in Publication.choices}
    roles = {value: str(label).lower() for value, label in Role.choices}
    # public_participations(): a reader sees the published participants only.
    staff = sees_drafts(user)
    cards = []
    for (
        pk,
        publication,
        title,
        slug,
        kind,
        status,
        signed_on,
        precision,
        announced_on,
        value_amount,
        value_currency,
        event,
    ) in rows:
        if signed_on:
            verb, iso = "Signed", partial_iso(signed_on, precision)
            text = DatePrecision(precision).render(signed_on)
        elif announced_on:
            verb, iso = "Announced", date_filter(announced_on, "Y-m-d")
            text = date_filter(announced_on, "j F Y")
        else:
            verb = iso = text = None
        shown = [
            row
            for row in participants[pk]
            if staff or row[5] == Publication.PUBLISHED  # the party's publication
        ]
        cards.append(
            {
                "draft": ""
                if publication == Publication.PUBLISHED
                else publications.get(publication, publication),
                "kind": kinds.get(kind, kind),
                "status": "" if status == AgreementStatus.SIGNED else statuses.get(status, status),
                "url": agreement_url(slug),
                "title": title,
                "date_verb": verb,
                "date_iso": iso,
                "date_text": text,
                "event": event,
                "value": None if value_amount is None else money(value_amount, value_currency),
                "parties": [
                    (
                        party_url(party_slug),
                        short_name or name,  # Party.display_name
                        "" if role == Role.PARTY else roles.get(role, str(role).lower()),
                    )
                    for role, _, party_slug, name, short_name, _ in shown
                ],
                # For the list's party filter: whoever appears on the page.
                "participants": [
                    (party_pk, party_slug, name) for _, party_pk, party_slug, name, _, _ in shown
                ],
                "sectors": [(sector_url(sector_slug), name) for sector_slug, name in sectors[pk]],
            }
        )
    return cards


def event_and_descendant_ids(event):
    """An event and the events inside it, at any depth (one query per level)."""
    ids, frontier = {event.pk}, {event.pk}
    while frontier:
        frontier = set(
            Event.objects.filter(parent__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids |= frontier
    return ids


class AgreementListView(
    VisibleToUserMixin, FilteredListMixin, ForgivingPaginationMixin, FilterView
):
    """/agreements/: the shared AgreementFilterSet, its errors shown next to the fields."""

    model = Agreement
    filterset_class = AgreementFilterSet
    paginate_by = 20
    template_name = "agreements/agreement_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        cleaned = getattr(form, "cleaned_data", {})
        selected_parties = list(cleaned.get("party") or [])
        selected_slugs = [party.slug for party in selected_parties]
        user = self.request.user
        choices = self.choices()
        # Offer states and organisations, and whoever appears on this page of results.
        offered = {pk: (slug, name) for pk, slug, name in choices["parties"]}
        cards = agreement_cards(context["page_obj"].object_list, user)
        for card in cards:
            for pk, slug, name in card["participants"]:
                offered.setdefault(pk, (slug, name))
        submitted = submitted_values(self.request)
        context.update(
            selected_parties=[
                (party, [slug for slug in selected_slugs if slug != party.slug])
                for party in selected_parties
            ],
            party_option_tags=option_tags(
                sorted(
                    (option for option in offered.values() if option[0] not in selected_slugs),
                    key=lambda option: option[1],
                )
            ),
            selected_countries=[
                (code, countries.name(code), [c for c in cleaned.get("country", []) if c != code])
                for code in cleaned.get("country", [])
            ],
            country_option_tags=country_option_tags(),
            submitted=submitted,
            kind_choices=AgreementKind.choices,
            status_choices=AgreementStatus.choices,
            role_choices=Role.choices,
            currency_option_tags=option_tags(_currency_choices(), submitted["currency"]),
            sector_choices=choices["sectors"],
            event_option_tags=option_tags(choices["events"], submitted["event"]),
            ordering_choices=ORDERING_CHOICES,
            export=export_links(self.filterset.data or QueryDict()),
            errors=filter_errors(self.filterset, AGREEMENT_FIELD_LABELS),
            filters_active=self.filters_active,
            cards=cards,
            structured_data=structured_data.collection(
                self.request, "Agreements", [Linked(card["url"]) for card in cards]
            ),
        )
        return context

    def choices(self):
        """What the filter form offers from the register, kept per generation in one cache
        entry (one round trip): `parties`, the states and organisations the reader may see
        (`(pk, slug, name)`); `sectors`; `events`, the latest and the chosen one wherever it
        is (one query either way)."""
        user = self.request.user
        # The validated choice only: a raw parameter must never reach a query.
        chosen = getattr(self.filterset.form, "cleaned_data", {}).get("event")
        chosen_pk = chosen.pk if chosen else None

        def compute():
            events = Event.objects.order_by(F("starts_on").desc(nulls_last=True), "name")
            recent = events.filter(
                pk__in=events.values("pk")[:EVENT_CHOICES_LIMIT]
            ) | events.filter(pk=chosen_pk)
            return {
                "parties": list(
                    visible_parties(user)
                    .filter(kind__in=[PartyKind.STATE, PartyKind.INTERNATIONAL_ORGANIZATION])
                    .values_list("pk", "slug", "name")
                ),
                "sectors": list(Sector.objects.values_list("slug", "name")),
                "events": list(recent.values_list("slug", "name")),
            }

        key = ("agreement-list-choices", visibility(user), chosen_pk)
        return cached_per_generation(key, compute)


class AgreementDetailView(VisibleToUserMixin, DetailView):
    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get_queryset(self):
        return super().get_queryset().with_detail_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        staff = sees_drafts(self.request.user)
        relations = [
            (relation.label, relation.to_agreement)
            for relation in agreement.relations_out.all()
            if staff or relation.to_agreement.is_published
        ] + [
            (relation.inverse_label, relation.from_agreement)
            for relation in agreement.relations_in.all()
            if staff or relation.from_agreement.is_published
        ]
        participants = [p for p in agreement.participations.all() if staff or p.party.is_published]
        countries_involved = sorted(
            {p.party.country for p in participants if p.party.country}, key=lambda c: c.code
        )
        context.update(
            relations=relations,
            history_url=history_url(agreement),
            countries_link=(
                list_url(country=[country.code for country in countries_involved])
                if len(countries_involved) == 2
                else None
            ),
            countries_names=" and ".join(country.name for country in countries_involved),
            structured_data=structured_data.agreement(self.request, agreement, participants),
        )
        return context


class AgreementHistoryView(VisibleToUserMixin, DetailView):
    """/agreements/<slug>/history/: what changed in the entry, and when."""

    model = Agreement
    template_name = "agreements/agreement_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = agreement_history(self.object, staff=sees_drafts(self.request.user))
        return context


class MergedPartyRedirectMixin:
    """A party merged into another: its old addresses answer 301 to the survivor's."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slugs = {key: kwargs[key] for key in ("slug", "other") if key in kwargs}
            targets = {
                r.old_slug: r.party.slug
                for r in PartyRedirect.objects.filter(old_slug__in=slugs.values())
                .filter(party__in=visible_parties(request.user))
                .select_related("party")
            }
            if not targets:
                raise
            moved = {key: targets.get(value, value) for key, value in slugs.items()}
            return redirect(request.resolver_match.view_name, permanent=True, **moved)


class PartyListView(VisibleToUserMixin, FilteredListMixin, ForgivingPaginationMixin, FilterView):
    """/parties/: the shared PartyFilterSet, with each party's published agreement count."""

    model = Party
    paginate_by = 50
    template_name = "parties/party_list.html"

    def get_filterset_class(self):
        from parties.filters import PartyFilterSet

        return PartyFilterSet

    def get_queryset(self):
        return super().get_queryset().with_listing_data().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        cleaned = getattr(form, "cleaned_data", {})
        parties = context["object_list"]
        counts = Agreement.objects.published().count_per_party([p.pk for p in parties])
        for party in parties:
            party.published_agreement_count = counts.get(party.pk, 0)
        context.update(
            parent_options=visible_parties(self.request.user)
            .filter(children__isnull=False)
            .distinct(),
            selected_countries=[
                (code, countries.name(code), [c for c in cleaned.get("country", []) if c != code])
                for code in cleaned.get("country", [])
            ],
            country_option_tags=country_option_tags(),
            submitted=submitted_values(self.request),
            kind_choices=PartyKind.choices,
            ordering_choices=PARTY_ORDERING_CHOICES,
            errors=filter_errors(self.filterset, PARTY_FIELD_LABELS),
            filters_active=self.filters_active,
            structured_data=structured_data.collection(
                self.request, "Parties", context["object_list"]
            ),
        )
        return context


class PartyDetailView(MergedPartyRedirectMixin, VisibleToUserMixin, DetailView):
    """A party, its sub-entities, and every agreement of theirs: per year, with whom, how."""

    model = Party
    template_name = "parties/party_detail.html"
    paginate_by = 20

    def get_object(self, queryset=None):
        party = party_with_page_rows(Party.objects.db, self.kwargs["slug"], self.request.user)
        if party is None:
            raise Http404("No party at this address.")
        return party

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        party, user = self.object, self.request.user
        counts = self.aggregates(party, user)
        # A page of the kept ids, then its rows: finding 20 of the party's agreements in the
        # list order took ~3 ms of SQL a request (a hash of its 108 parties' ~6,000
        # participations, then a walk of the list order's index), for every page.
        page = Paginator(counts["agreement_ids"], self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        counterparties = []
        for *row, shared_count in counts["counterparties"]:
            counterparty = Party.from_db(party._state.db, PARTY_LINK_FIELDS, row)
            counterparty.shared_count = shared_count
            counterparties.append(counterparty)
        party_url = slug_url_builder("parties:detail")
        relationship_url = slug_url_builder("parties:relationship", "other", slug=party.slug)
        context.update(
            aliases=party.aliases_shown,
            children=party.children_shown,
            page_obj=page,
            cards=agreement_cards_by_id(party._state.db, page.object_list, user),
            agreement_count=page.paginator.count,
            has_sub_entities=len(counts["ids"]) > 1,
            filter_url=list_url(party=[party.slug]),
            per_year=year_chart(counts["per_year"]),
            counterparties=ranked(
                ((p, p.shared_count) for p in counterparties),
                url=lambda p: party_url(p.slug),
                link=lambda p: relationship_url(p.slug),
            ),
            network=counts["network"],
            structured_data=structured_data.party(self.request, party, party.aliases_shown),
        )
        return context

    @classmethod
    def aggregates(cls, party, user):
        """What the page counts over all the party's agreements (5,000 for a large one),
        and the network drawn from it, kept until the next change (core.cache); per
        visibility, since staff count drafts too."""

        def compute():
            ids = party.descendant_ids()
            agreements = Agreement.objects.visible_to(user).involving_any(ids)
            counterparties = agreements.top_participant_counts(
                visible_parties(user), exclude_ids=ids, limit=COUNTERPARTY_LIMIT
            )
            links = agreements.pair_counts(ids | {pk for pk, _ in counterparties})
            linked = {key for pair in links for key in pair}
            sub_entities = [
                pk
                for pk in visible_parties(user)
                .filter(pk__in=ids - {party.pk})
                .order_by("name")
                .values_list("pk", flat=True)
                if pk in linked
            ][:COUNTERPARTY_LIMIT]
            named = (
                visible_parties(user)
                .only(*PARTY_LINK_FIELDS)
                .in_bulk([pk for pk, _ in counterparties] + sub_entities)
            )
            counterparties = with_shared_counts(named, counterparties)
            sub_entities = [named[pk] for pk in sub_entities if pk in named]
            return {
                "ids": sorted(ids),
                # Every agreement of the page in list order, as a packed array (~44 KB for
                # 5,000: unpickled in microseconds, where a list of ints took ~0.1 ms).
                "agreement_ids": array(
                    "q", agreements.order_by(*LIST_ORDER).values_list("pk", flat=True)
                ),
                "per_year": agreements.count_per_year(),
                # Most shared first: what a link shows of each (PARTY_LINK_FIELDS), then
                # the count.
                "counterparties": [
                    (*(getattr(p, field) for field in PARTY_LINK_FIELDS), p.shared_count)
                    for p in counterparties
                ],
                # Its layout, whose ~100 pairs and angles took ~0.9 ms a request.
                "network": cls.network(
                    party,
                    ids,
                    links,
                    counterparties,
                    sub_entities,
                    slug_url_builder("parties:detail"),
                ),
            }

        return cached_per_generation(("party-page", 3, party.pk, visibility(user)), compute)

    @staticmethod
    def network(party, ids, links, counterparties, sub_entities, url):
        """The party, its sub-entities that take part in agreements, its counterparties,
        and a line for each pair of them that shares agreements."""
        own_side = set(ids)
        links = dict(links)
        linked_to_own_side = {key for pair in links if own_side.intersection(pair) for key in pair}
        for counterpart in counterparties:
            # Reached only through what the party represents (a person signing for a
            # state): a direct line, so nobody floats unconnected.
            if counterpart.pk not in linked_to_own_side:
                links[(party.pk, counterpart.pk)] = counterpart.shared_count
        weights = {}
        for pair, count in links.items():
            for key in pair:
                weights[key] = weights.get(key, 0) + count
        return ego_network(
            (party.pk, party.display_name, url(party.slug)),
            [(p.pk, p.display_name, url(p.slug), p.shared_count) for p in counterparties],
            links.items(),
            inner=[(p.pk, p.display_name, url(p.slug), weights.get(p.pk, 0)) for p in sub_entities],
        )


class RelationshipView(MergedPartyRedirectMixin, PublicPageMixin, TemplateView):
    """/parties/<slug>/with/<other>/: every agreement between two parties and their
    sub-entities, on a timeline."""

    template_name = "parties/relationship.html"
    paginate_by = 50

    def get(self, request, *args, slug, other, **kwargs):
        if slug == other:
            return redirect("parties:detail", slug=slug)
        return super().get(request, *args, slug=slug, other=other, **kwargs)

    def get_context_data(self, *, slug, other, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        parties = (
            visible_parties(user).select_related("parent").in_bulk([slug, other], field_name="slug")
        )
        if len(parties) != 2:
            raise Http404("No such party.")
        party, counterpart = parties[slug], parties[other]
        side, other_side = party.descendant_ids(), counterpart.descendant_ids()
        agreements = Agreement.objects.visible_to(user).between(side, other_side)
        ordered = agreements.with_listing_data().order_by(
            Coalesce("signed_on", "announced_on").asc(nulls_last=True), "title"
        )
        page = paginate(self.request, ordered, self.paginate_by)
        both_states = party.kind == counterpart.kind == PartyKind.STATE
        first, second = sorted([party.slug, counterpart.slug])
        context.update(
            party=party,
            counterpart=counterpart,
            page_obj=page,
            agreements=page.object_list,
            agreement_count=page.paginator.count,
            per_year=year_chart(agreements.count_per_year()),
            canonical_path=reverse("parties:relationship", kwargs={"slug": first, "other": second}),
            countries_link=(
                list_url(country=[party.country.code, counterpart.country.code])
                if both_states and party.country and counterpart.country
                else None
            ),
            bilateral_link=list_url(party=[party.slug, counterpart.slug]),
            structured_data=structured_data.collection(
                self.request,
                f"Agreements between {party.display_name} and {counterpart.display_name}",
                page.object_list,
            ),
        )
        return context


class NetworkView(PublicPageMixin, TemplateView):
    """/network/: the parties with the most agreements, linked by the agreements they share."""

    template_name = "agreements/network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        agreements = Agreement.objects.visible_to(user)
        parties = agreements.top_participants(visible_parties(user), limit=NETWORK_LIMIT)
        links = agreements.pair_counts([party.pk for party in parties])
        context["network"] = overview_network(
            [
                (
                    party.pk,
                    party.display_name,
                    party.get_absolute_url(),
                    party.country.name if party.country else "Elsewhere",
                    party.shared_count,
                )
                for party in parties
            ],
            links.items(),
        )
        context["limit"] = NETWORK_LIMIT
        return context


class EventListView(PublicPageMixin, ForgivingPaginationMixin, ListView):
    model = Event
    paginate_by = 50
    template_name = "agreements/event_list.html"

    def get_queryset(self):
        return (
            Event.objects.with_published_agreement_count()
            .order_by(F("starts_on").desc(nulls_last=True), "name")
            .select_related("parent")
            .prefetch_related(
                Prefetch(
                    "children",
                    queryset=Event.objects.with_published_agreement_count().order_by(
                        "starts_on", "name"
                    ),
                )
            )
        )


class EventDetailView(PublicPageMixin, DetailView):
    """An event, the events inside it, and what was agreed at any of them."""

    model = Event
    template_name = "agreements/event_detail.html"
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.select_related("parent").prefetch_related(
            Prefetch("children", queryset=Event.objects.order_by("starts_on", "name"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        agreements = Agreement.objects.visible_to(self.request.user).filter(
            event__in=event_and_descendant_ids(event)
        )
        page = paginate(self.request, agreements.with_listing_data(), self.paginate_by)
        context.update(
            page_obj=page,
            agreements=page.object_list,
            agreement_count=page.paginator.count,
            structured_data=structured_data.event(self.request, event),
        )
        return context


class SectorListView(PublicPageMixin, ListView):
    model = Sector
    template_name = "agreements/sector_list.html"

    def get_queryset(self):
        return Sector.objects.annotate(
            published_agreement_count=Count(
                "agreements", filter=Q(agreements__publication=Publication.PUBLISHED)
            )
        ).order_by("name")  # Meta.ordering does not apply to an aggregate


class SectorDetailView(PublicPageMixin, DetailView):
    model = Sector
    template_name = "agreements/sector_detail.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreements = self.object.agreements.visible_to(self.request.user)
        page = paginate(self.request, agreements.with_listing_data(), self.paginate_by)
        context.update(
            page_obj=page,
            agreements=page.object_list,
            agreement_count=page.paginator.count,
            per_year=year_chart(agreements.count_per_year()),
            filter_url=list_url(sector=[self.object.slug]),
            structured_data=structured_data.collection(
                self.request, self.object.name, page.object_list
            ),
        )
        return context
