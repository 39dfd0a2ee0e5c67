"""Signing in: failed passwords lock a username out (admin and API token endpoint alike),
API tokens are stored as digests only, and they expire."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/admin/login/"
DRAFT_LIST = "/api/v1/agreements/?publication=draft"


@pytest.fixture
def editor():
    return make_member(role="Publisher", username="ed")


def ask_token(client, username, password):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def admin_login(client, username, password):
    return client.post(f"{LOGIN_URL}?next=/admin/", {"username": username, "password": password})


# --- the API token endpoint -----------------------------------------------------------------


def test_the_token_endpoint_answers_a_token_and_its_expiry(editor):
    response = ask_token(APIClient(), "ed", PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    assert len(body["token"]) == 64
    expiry = timezone.datetime.fromisoformat(body["expiry"])
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert abs(expiry - (timezone.now() + ttl)) < timedelta(minutes=1)
    assert response["Cache-Control"] == "private, no-store"

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get(DRAFT_LIST).status_code == 200


def test_the_token_endpoint_takes_a_form_as_curl_sends_it(editor):
    response = APIClient().post(
        TOKEN_URL,
        "username=ed&password=correct+horse+battery",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert len(response.json()["token"]) == 64


def test_tokens_are_stored_as_digests_not_in_plaintext(editor):
    token = ask_token(APIClient(), "ed", PASSWORD).json()["token"]

    row = AuthToken.objects.get(user=editor)
    assert row.digest != token and len(row.digest) == 128
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")  # noqa: S608 - our table
        stored = [str(value) for line in cursor.fetchall() for value in line]
    assert stored
    assert not any(token in value for value in stored)
    assert not any(value and value in token and len(value) > 15 for value in stored)


def test_an_expired_token_is_refused(editor):
    row, token = AuthToken.objects.create(editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(DRAFT_LIST).status_code == 200

    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = client.get(DRAFT_LIST)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert response["WWW-Authenticate"] == "Token"
    assert not AuthToken.objects.filter(pk=row.pk).exists()


def test_the_token_lifetime_comes_from_the_environment():
    env = {**os.environ, "DEBUG": "1", "API_TOKEN_TTL_HOURS": "2"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    code = (
        "import django; django.setup(); from knox.settings import knox_settings; "
        "print(knox_settings.TOKEN_TTL.total_seconds())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "7200.0", result.stderr


def test_a_stale_token_in_the_header_does_not_stop_a_new_sign_in(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token expired-or-revoked")
    assert ask_token(client, "ed", PASSWORD).status_code == 200


def test_the_token_endpoint_locks_a_username_out_after_repeated_failures(editor):
    client = APIClient()
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5

    answers = [ask_token(client, "ed", "wrong").status_code for _ in range(limit)]

    assert answers == [400] * (limit - 1) + [429]
    locked = ask_token(client, "ed", PASSWORD)
    assert locked.status_code == 429
    assert "blocked for 15 minutes" in locked.json()["detail"]
    assert "even with the right password" in locked.json()["detail"]
    assert locked["Retry-After"] == "900"
    assert locked["Content-Type"] == "application/json"
    assert not AuthToken.objects.filter(user=editor).exists()


def test_a_lock_out_lasts_the_cool_off_and_no_longer(editor):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        ask_token(client, "ed", "wrong")
    assert ask_token(client, "ed", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert ask_token(client, "ed", PASSWORD).status_code == 200


def test_a_lock_out_is_per_username_and_address(editor):
    other = make_user(username="other")
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        ask_token(client, "ed", "wrong")

    assert ask_token(client, other.username, PASSWORD).status_code == 200
    elsewhere = APIClient(REMOTE_ADDR="203.0.113.7")
    assert ask_token(elsewhere, "ed", PASSWORD).status_code == 200


def test_a_successful_sign_in_forgets_earlier_failures(editor):
    client = APIClient()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        ask_token(client, "ed", "wrong")
    assert ask_token(client, "ed", PASSWORD).status_code == 200
    answers = [ask_token(client, "ed", "wrong").status_code for _ in range(limit - 1)]
    assert answers == [400] * (limit - 1)


def test_malformed_token_requests_are_field_keyed_400s(editor):
    client = APIClient()
    assert client.post(TOKEN_URL, {}, format="json").json() == {
        "username": ["This field is required."],
        "password": ["This field is required."],
    }
    wrong = ask_token(client, "nobody", "x")
    assert wrong.status_code == 400
    assert "Unable to sign in" in wrong.json()["non_field_errors"][0]


# --- the admin --------------------------------------------------------------------------------


def test_the_admin_locks_a_username_out_after_repeated_failures(client):
    make_user(username="staffer", is_staff=True, is_superuser=True)
    limit = settings.AXES_FAILURE_LIMIT

    answers = [admin_login(client, "staffer", "wrong").status_code for _ in range(limit)]

    assert answers == [200] * (limit - 1) + [429]
    locked = admin_login(client, "staffer", PASSWORD)
    assert locked.status_code == 429
    assert "Signing in is blocked for 15 minutes" in locked.text
    assert "even with the right password" in locked.text
    assert locked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_the_admin_lets_the_right_password_in_when_not_locked(client):
    make_user(username="staffer", is_staff=True)
    admin_login(client, "staffer", "wrong")

    response = admin_login(client, "staffer", PASSWORD)

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_lock_out_page_keeps_the_security_headers(client):
    make_user(username="staffer", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = admin_login(client, "staffer", "wrong")

    assert response.status_code == 429
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
