"""Run by tests/test_reliability.py in a subprocess with DATABASE_REPLICA_URL set (a test
mirror of the primary), so both aliases exist and each query's alias can be observed."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.factories import make_agreement, make_party, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def _queries_per_alias(client, method, path, **kwargs):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(path, **kwargs)
    return response, len(primary.captured_queries), len(replica.captured_queries)


def test_anonymous_reads_go_to_the_replica(client):
    make_agreement(title="Replicated accord", parties=[make_party()])
    response, on_primary, on_replica = _queries_per_alias(client, "get", "/agreements/")
    assert response.status_code == 200 and "Replicated accord" in response.text
    assert on_replica > 0
    assert on_primary == 0


def test_a_signed_in_editor_reads_and_writes_on_the_primary(client):
    editor = make_user(is_staff=True, is_superuser=True)
    client.force_login(editor)
    make_agreement(title="Editor's accord", parties=[make_party()])
    response, on_primary, on_replica = _queries_per_alias(client, "get", "/agreements/")
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0
