"""Faults, logs and routing: a database outage is a 503 that heals, every request is
traceable, every change is audited, and reads and writes go where they belong."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from agreements.models import Agreement
from core.db import PrimaryReplicaRouter
from core.middleware import RequestContextMiddleware
from core.requests import reads_from_primary
from tests.admin_forms import admin_form_data
from tests.factories import make_agreement, make_party

ROOT = Path(__file__).resolve().parent.parent

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="takes a real PostgreSQL server away and back"
)


@pytest.fixture
def unreachable_database():
    """Points the default connection at a port where no database listens, then back."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = "1"
    yield
    connection.close()
    settings_dict["PORT"] = port


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_pages_answer_a_friendly_503_while_the_database_is_away_and_recover(unreachable_database):
    client = Client(raise_request_exception=False)
    for path in ("/", "/agreements/"):
        response = client.get(path)
        assert response.status_code == 503
        assert "Back in a moment" in response.text
        assert "Traceback" not in response.text
        assert response["Retry-After"] == "30"
    api = client.get("/api/v1/agreements/")
    assert api.status_code == 503 and "unavailable" in api.json()["detail"]
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["status"] == "unavailable"


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_site_recovers_by_itself_when_the_database_returns():
    client = Client(raise_request_exception=False)
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = "1"
    assert client.get("/agreements/").status_code == 503
    settings_dict["PORT"] = port
    connection.close()
    assert client.get("/agreements/").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_echoes_a_given_one(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"})["X-Request-ID"] == "abc-123"


@pytest.mark.django_db
def test_one_structured_log_line_per_request_with_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="accords.request"):
        client.get("/healthz", headers={"X-Request-ID": "req-42"})
    (record,) = [r for r in caplog.records if r.name == "accords.request"]
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)
    assert record.request_id == "req-42"
    assert record.duration_ms >= 0


def test_the_log_format_is_one_json_object_per_line():
    from django.conf import settings
    from django.utils.module_loading import import_string

    formatter_config = settings.LOGGING["formatters"]["json"]
    formatter_class = import_string(formatter_config["()"])
    formatter = formatter_class(
        formatter_config["fmt"], rename_fields=formatter_config["rename_fields"]
    )
    record = logging.LogRecord(
        "accords.request", logging.INFO, __file__, 1, "GET / 200", None, None
    )
    record.request_id = "req-1"
    record.path = "/agreements/Perú/"
    line = formatter.format(record)
    assert "\n" not in line
    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": "accords.request",
        "message": "GET / 200",
        "request_id": "req-1",
        "path": "/agreements/Perú/",
    }


@pytest.mark.django_db
def test_every_admin_change_is_in_the_audit_log(staff_client, caplog):
    agreement = make_agreement(title="Audited accord")
    page = staff_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/")
    with caplog.at_level(logging.INFO, logger="accords.audit"):
        staff_client.post(page.request["PATH_INFO"], admin_form_data(page, title="Audited, edited"))
    (record,) = [r for r in caplog.records if r.name == "accords.audit"]
    assert record.user == "editor"
    assert f"agreements.agreement:{agreement.pk}" in record.objects


@pytest.mark.django_db
def test_a_failure_half_way_through_a_write_leaves_nothing_half_saved(monkeypatch):
    """Multi-model writes are atomic services: when the last step fails, the first
    steps are rolled back too (here: a merge whose redirect cannot be written)."""
    from parties import services
    from parties.models import Party, PartyRedirect

    survivor = make_party(name="Republic of Peru", kind="state", country="PE")
    duplicate = make_party(name="Peru", kind="state", country="PE")
    agreement = make_agreement(title="Held by the duplicate", parties=[duplicate])

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PartyRedirect.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.party_merge(survivor=survivor, merged=[duplicate])
    assert Party.objects.filter(pk=duplicate.pk).exists()
    assert agreement.participations.get().party_id == duplicate.pk
    assert not survivor.aliases.exists()


# --- routing ---------------------------------------------------------------------------------

WITH_REPLICA = {"default": {}, "replica": {}}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
@override_settings(DATABASES=WITH_REPLICA)
def test_router_sends_anonymous_reads_to_the_replica_and_writes_to_the_primary():
    router = PrimaryReplicaRouter()
    token = reads_from_primary.set(False)
    try:
        assert router.db_for_read(Agreement) == "replica"
        assert router.db_for_write(Agreement) == "default"
        assert router.db_for_read(Agreement) == "default", "reads after a write use the primary"
    finally:
        reads_from_primary.reset(token)


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
@override_settings(DATABASES=WITH_REPLICA)
def test_router_keeps_sessions_and_users_on_the_primary():
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session

    router = PrimaryReplicaRouter()
    assert router.db_for_read(Session) == "default"
    assert router.db_for_read(User) == "default"
    assert router.allow_migrate("replica", "agreements") is False


def test_router_uses_the_primary_when_no_replica_is_configured():
    assert PrimaryReplicaRouter().db_for_read(Agreement) == "default"


@pytest.mark.parametrize(
    ("cookies", "headers", "pinned"),
    [
        ({}, {}, False),
        ({"sessionid": "abc"}, {}, True),
        ({}, {"Authorization": "Token abc"}, True),
    ],
)
def test_signed_in_requests_read_from_the_primary(cookies, headers, pinned):
    seen = []
    middleware = RequestContextMiddleware(
        lambda request: seen.append(reads_from_primary.get()) or _ok()
    )
    request = RequestFactory().get("/agreements/", headers=headers)
    request.COOKIES.update(cookies)
    request.user = AnonymousUser()
    outside = reads_from_primary.set(False)
    try:
        middleware(request)
        assert seen == [pinned]
        assert reads_from_primary.get() is False, "the pin does not outlive the request"
    finally:
        reads_from_primary.reset(outside)


def _ok():
    from django.http import HttpResponse

    return HttpResponse("ok")


def test_replica_routing_end_to_end_with_a_mirrored_replica():
    """Runs tests/replica/ with a second alias that mirrors the primary."""
    database_url = os.environ.get("DATABASE_URL", "")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    if database_url.startswith("postgres"):
        # A database name of its own, so its test database does not collide with ours.
        database_url = database_url.rsplit("/", 1)[0] + "/accords_replica_check"
    else:
        database_url = "sqlite:///" + str(ROOT / "replica-check.sqlite3")
    env.update(DATABASE_URL=database_url, DATABASE_REPLICA_URL=database_url)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/replica"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout


@pytest.mark.django_db
def test_a_database_error_that_is_not_an_outage_stays_a_500(rf):
    from django.db import DataError

    from core.errors import server_error

    request = rf.get("/agreements/")
    try:
        raise DataError("bad data")
    except DataError:
        response = server_error(request)
    assert response.status_code == 500


@on_postgresql
@pytest.mark.django_db
def test_the_pool_replaces_a_connection_the_server_ended_while_it_was_idle(monkeypatch):
    """core.pool.check_connection: a pooled connection is checked by a round trip only when
    the server wrote to it or closed it while idle; a terminated one is replaced."""
    import time

    import psycopg
    from psycopg_pool import ConnectionPool

    from core.pool import check_connection

    params = {**connection.get_connection_params(), "autocommit": True}
    round_trips = []
    round_trip = ConnectionPool.check_connection
    monkeypatch.setattr(
        ConnectionPool,
        "check_connection",
        staticmethod(lambda conn: (round_trips.append(conn), round_trip(conn))),
    )

    with ConnectionPool(kwargs=params, min_size=1, max_size=1, check=check_connection) as pool:
        with pool.connection() as conn:
            pid = conn.info.backend_pid
        with pool.connection() as conn:
            assert conn.info.backend_pid == pid
        assert round_trips == []  # idle and untouched: handed out as it is

        with psycopg.connect(**params) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        time.sleep(0.2)  # the server's goodbye reaches the idle socket
        with pool.connection() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
            assert conn.info.backend_pid != pid
        assert len(round_trips) == 1
