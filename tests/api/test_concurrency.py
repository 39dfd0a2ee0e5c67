"""No lost updates: two editors who read the same version cannot both write it, even at
the same moment (the row is locked before If-Match is compared). PostgreSQL only: that is
where row locks exist."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from rest_framework.test import APIClient

from agreements.api import serializers as agreement_serializers
from agreements.models import Agreement

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(target):
    results = {}

    def run():
        try:
            results["response"] = target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, results


def test_two_writes_from_the_same_version_cannot_both_succeed(publisher, world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT … FOR UPDATE) are a PostgreSQL matter.")
    url = reverse("api:agreement-detail", kwargs={"slug": "submarine-mou"})
    first, second = APIClient(), APIClient()
    first.force_authenticate(publisher)
    second.force_authenticate(publisher)
    etag = first.get(url)["ETag"]
    first_saved, let_first_commit = threading.Event(), threading.Event()
    real_update = agreement_serializers.agreement_update

    def update_then_wait(**kwargs):
        agreement = real_update(**kwargs)
        if kwargs["fields"].get("title") == "First":
            first_saved.set()
            let_first_commit.wait(10)  # still inside the first request's transaction
        return agreement

    monkeypatch.setattr(agreement_serializers, "agreement_update", update_then_wait)

    thread_one, one = in_thread(
        lambda: first.patch(url, {"title": "First"}, format="json", HTTP_IF_MATCH=etag)
    )
    assert first_saved.wait(10)
    thread_two, two = in_thread(
        lambda: second.patch(url, {"title": "Second"}, format="json", HTTP_IF_MATCH=etag)
    )
    thread_two.join(1)
    waited_for_the_lock = thread_two.is_alive()
    let_first_commit.set()
    thread_one.join(10)
    thread_two.join(10)

    assert waited_for_the_lock
    assert one["response"].status_code == 200
    assert two["response"].status_code == 412
    assert Agreement.objects.get(slug="submarine-mou").title == "First"
