"""Small keyword-only factories for tests. Every default is valid; override what a test is about."""

import itertools

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementRelation,
    Citation,
    Event,
    Participation,
    Sector,
    Source,
)
from core.models import Publication
from parties.models import Party, PartyAlias, PartyKind

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_user(
    *,
    username=None,
    is_staff=False,
    is_superuser=False,
    password="correct horse battery",
    permissions=(),
):
    user = get_user_model().objects.create_user(
        username=username or f"user{_next()}",
        password=password,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if permissions:
        from django.contrib.auth.models import Permission

        for codename in permissions:
            app_label, _, perm = codename.partition(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=perm)
            )
    return user


def make_party(
    *,
    name=None,
    kind=PartyKind.COMPANY,
    country="KR",
    publication=Publication.PUBLISHED,
    aliases=(),
    **fields,
):
    name = name or f"Party {_next()}"
    party = Party.objects.create(
        name=name,
        slug=fields.pop("slug", None) or f"{slugify(name)}-{_next()}",
        kind=kind,
        country=country,
        publication=publication,
        **fields,
    )
    for alias in aliases:
        alias_name, _, language = alias.partition(":")
        PartyAlias.objects.create(party=party, name=alias_name, language=language)
    return party


def make_sector(*, name=None, **fields):
    name = name or f"Sector {_next()}"
    return Sector.objects.create(
        name=name, slug=fields.pop("slug", None) or slugify(name), **fields
    )


def make_event(*, name=None, **fields):
    name = name or f"Event {_next()}"
    return Event.objects.create(
        name=name, slug=fields.pop("slug", None) or f"{slugify(name)}-{_next()}", **fields
    )


def make_source(*, title=None, **fields):
    return Source.objects.create(title=title or f"Source {_next()}", **fields)


def make_agreement(
    *,
    title=None,
    kind=AgreementKind.MOU,
    publication=Publication.PUBLISHED,
    parties=(),
    sectors=(),
    **fields,
):
    """An agreement; `parties` are Party objects or (party, role) pairs."""
    title = title or f"Agreement {_next()}"
    agreement = Agreement.objects.create(
        title=title,
        slug=fields.pop("slug", None) or f"{slugify(title)}-{_next()}"[:200],
        kind=kind,
        publication=publication,
        **fields,
    )
    for order, entry in enumerate(parties):
        party, role = entry if isinstance(entry, tuple) else (entry, "party")
        Participation.objects.create(agreement=agreement, party=party, role=role, order=order)
    if sectors:
        agreement.sectors.set(sectors)
    return agreement


def make_relation(*, from_agreement, to_agreement, kind="builds_on"):
    return AgreementRelation.objects.create(
        from_agreement=from_agreement, to_agreement=to_agreement, kind=kind
    )


def make_citation(*, agreement, source=None, quote="A supporting passage."):
    return Citation.objects.create(agreement=agreement, source=source or make_source(), quote=quote)


def make_participation(
    *, agreement, party, role="party", representative=None, representative_title="", order=0
):
    return Participation.objects.create(
        agreement=agreement,
        party=party,
        role=role,
        representative=representative,
        representative_title=representative_title,
        order=order,
    )


def make_member(*, role, username=None, is_staff=True):
    """A staff user in one of the editorial groups of `core.roles` ("Editor", "Publisher")."""
    from django.contrib.auth.models import Group

    user = make_user(username=username, is_staff=is_staff)
    user.groups.add(Group.objects.get(name=role))
    return user
