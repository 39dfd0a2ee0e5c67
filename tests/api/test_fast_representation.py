"""The agreement representation is built directly (speed, see README "Performance"); it
must equal DRF's field-by-field representation for every caller and every shape of data."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from agreements.api.serializers import AgreementSerializer
from agreements.models import Agreement
from core.models import Publication
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_participation,
    make_party,
    make_relation,
    make_sector,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


def tricky_register():
    draft = make_party(name="Draft Co", publication=Publication.DRAFT)
    envoy = make_party(name="Envoy", kind="person", country="")
    hidden_envoy = make_party(name="Hidden", kind="person", publication=Publication.DRAFT)
    state = make_party(name="Perú", kind="state", country="PE")
    full = make_agreement(
        title="Full",
        event=make_event(name="Summit"),
        sectors=[make_sector(name="Defense"), make_sector(name="Energy")],
        signed_on=date(2024, 11, 16),
        signed_on_precision="month",
        announced_on=date(2024, 11, 1),
        expires_on=date(2030, 1, 1),
        value_amount=Decimal("463000000"),
        value_currency="USD",
        value_note="about",
    )
    make_participation(agreement=full, party=state, representative=envoy, representative_title="P")
    make_participation(agreement=full, party=draft, role="contractor", order=1)
    make_participation(agreement=full, party=state, role="guarantor", representative=hidden_envoy)
    make_citation(agreement=full, source=make_source(url="https://example.org/a", publisher="X"))
    make_citation(agreement=full, source=make_source(published_on=date(2024, 11, 18)), quote="")
    bare = make_agreement(title="Bare", value_amount=Decimal("0.5"), value_currency="EUR")
    hidden = make_agreement(title="Hidden", publication=Publication.DRAFT)
    make_relation(from_agreement=full, to_agreement=bare)
    make_relation(from_agreement=hidden, to_agreement=full, kind="amends")
    make_relation(from_agreement=full, to_agreement=hidden, kind="related")
    make_agreement(title="Empty")


@pytest.mark.parametrize("staff", [False, True])
def test_the_direct_representation_equals_drfs(staff):
    tricky_register()
    request = Request(APIRequestFactory().get("/api/v1/agreements/"))
    request.user = make_user(username="staff", is_staff=True) if staff else AnonymousUser()
    agreements = Agreement.objects.with_detail_data().order_by("pk")
    assert len(agreements) == 4
    for agreement in agreements:
        serializer = AgreementSerializer(agreement, context={"request": request})
        direct, generic = serializer.data, serializer.generic_representation(agreement)
        # Equal, keys in the same order, at every level (the JSON text is the same).
        assert json.dumps(direct) == json.dumps(generic), agreement.title


@pytest.mark.parametrize("staff", [False, True])
def test_a_list_reads_related_rows_once_and_equals_drfs(staff, django_assert_num_queries):
    tricky_register()
    request = Request(APIRequestFactory().get("/api/v1/agreements/"))
    request.user = make_user(username="staff", is_staff=True) if staff else AnonymousUser()
    context = {"request": request}
    agreements = list(Agreement.objects.order_by("pk"))  # as the API reads them

    with django_assert_num_queries(5):  # sectors, participants, relations, sources, events
        listed = AgreementSerializer(agreements, many=True, context=context).data

    for agreement, data in zip(agreements, listed, strict=True):
        prefetched = Agreement.objects.with_detail_data().get(pk=agreement.pk)
        generic = AgreementSerializer(context=context).generic_representation(prefetched)
        assert json.dumps(data) == json.dumps(generic), agreement.title
