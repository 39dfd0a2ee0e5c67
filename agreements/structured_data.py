"""schema.org JSON-LD for the public pages (rendered by the `json_ld` template tag).

Only what the page itself shows goes in, so nothing here can say more than the
reader may see. schema.org has no type for an international agreement: an entry
is a `CreativeWork` whose `genre` is its kind and whose `contributor`s are its parties.
"""

from parties.models import PartyKind

SCHEMA = "https://schema.org"
PARTY_TYPES = {
    PartyKind.STATE: "Country",
    PartyKind.GOVERNMENT_BODY: "GovernmentOrganization",
    PartyKind.STATE_ENTERPRISE: "Organization",
    PartyKind.COMPANY: "Corporation",
    PartyKind.INTERNATIONAL_ORGANIZATION: "Organization",
    PartyKind.PERSON: "Person",
    PartyKind.OTHER: "Organization",
}


def _url(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url())


def _partial_date(value, precision):
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _drop_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def party_reference(request, party, *, as_contributor=True):
    """A party as a schema.org thing; as a contributor a state is its government."""
    kind = PARTY_TYPES.get(party.kind, "Organization")
    if as_contributor and kind == "Country":
        kind = "GovernmentOrganization"
    return _drop_empty(
        {
            "@type": kind,
            "name": party.name,
            "url": _url(request, party),
        }
    )


def website(request):
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": "Accords",
        "url": request.build_absolute_uri("/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": request.build_absolute_uri("/search/") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def collection(request, name, objects):
    return {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": name,
        "url": request.build_absolute_uri(request.path),
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": index, "url": _url(request, obj)}
                for index, obj in enumerate(objects, start=1)
            ],
        },
    }


def agreement(request, agreement, participants):
    data = {
        "@context": SCHEMA,
        "@type": "CreativeWork",
        "name": agreement.title,
        "description": agreement.summary,
        "genre": agreement.get_kind_display(),
        "url": _url(request, agreement),
        "dateCreated": _partial_date(agreement.signed_on, agreement.signed_on_precision),
        "dateModified": agreement.updated_at.isoformat(),
        "locationCreated": {"@type": "Place", "name": agreement.place} if agreement.place else None,
        "about": [{"@type": "Thing", "name": sector.name} for sector in agreement.sectors.all()],
        "contributor": [party_reference(request, p.party) for p in participants],
        "citation": [
            _drop_empty(
                {
                    "@type": "CreativeWork",
                    "name": citation.source.title,
                    "url": citation.source.url,
                    "publisher": citation.source.publisher,
                    "datePublished": citation.source.published_on,
                }
            )
            for citation in agreement.citations.all()
        ],
    }
    if agreement.value_amount is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": str(agreement.value_amount),
            "priceCurrency": agreement.value_currency,
        }
    if agreement.event:
        data["recordedAt"] = {
            "@type": "Event",
            "name": agreement.event.name,
            "url": _url(request, agreement.event),
        }
    return _drop_empty(data)


def party(request, party, aliases):
    return _drop_empty(
        {
            "@context": SCHEMA,
            **party_reference(request, party, as_contributor=False),
            "alternateName": [alias.name for alias in aliases],
            "sameAs": [
                url
                for url in (
                    party.website,
                    f"https://www.wikidata.org/wiki/{party.wikidata_id}"
                    if party.wikidata_id
                    else "",
                )
                if url
            ],
            "parentOrganization": (
                party_reference(request, party.parent)
                if party.parent and party.parent.is_published and party.kind != PartyKind.PERSON
                else None
            ),
        }
    )


def event(request, event):
    return _drop_empty(
        {
            "@context": SCHEMA,
            "@type": "Event",
            "name": event.name,
            "url": _url(request, event),
            "startDate": event.starts_on,
            "endDate": event.ends_on,
            "location": {"@type": "Place", "name": event.place} if event.place else None,
            "superEvent": (
                {"@type": "Event", "name": event.parent.name, "url": _url(request, event.parent)}
                if event.parent
                else None
            ),
            "subEvent": [
                {"@type": "Event", "name": child.name, "url": _url(request, child)}
                for child in event.children.all()
            ],
        }
    )
