"""Browser-side defences on every kind of response — pages, API and admin: a
Content-Security-Policy without inline script or style, no framing, no MIME sniffing, a
referrer policy, a cross-origin opener policy, HSTS over HTTPS in production, and no
cookie on anonymous reads (so a CDN can cache them)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

PAGES = [
    "/",
    "/agreements/",
    "/agreements/hd-hhi-sima-submarine-mou-2024/",
    "/agreements/hd-hhi-sima-submarine-mou-2024/history/",
    "/agreements/?signed_after=2024-13-45",  # the page with a visible error (400)
    "/parties/",
    "/parties/republic-of-peru/",
    "/parties/republic-of-korea/with/republic-of-peru/",
    "/events/",
    "/sectors/",
    "/sectors/defense/",
    "/network/",
    "/search/?q=kai",
    "/does-not-exist/",
]
OTHER_PUBLIC = [
    "/feeds/agreements/",
    "/feeds/parties/republic-of-peru/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
]
API = [
    "/api/v1/agreements/",
    "/api/v1/agreements/hd-hhi-sima-submarine-mou-2024/",
    "/api/v1/agreements/?format=csv",
    "/api/v1/agreements/?signed_after=nope",
    "/api/v1/parties/",
    "/api/v1/parties/republic-of-peru/",
    "/api/v1/events/",
    "/api/v1/sectors/",
    "/api/v1/sources/",
    "/api/v1/search/?q=peru",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/nope/",
]
ADMIN = [
    "/admin/",
    "/admin/agreements/agreement/",
    "/admin/parties/party/",
    "/admin/agreements/agreement/add/",
]

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_protected(response):
    path = response.request["PATH_INFO"]
    for header, value in EXPECTED.items():
        assert response.get(header) == value, (path, header, response.get(header))
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert all(source.startswith("'nonce-") for source in csp["script-src"][1:])
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert "Strict-Transport-Security" not in response  # only over HTTPS


def test_public_responses_carry_the_security_headers(client, demo):
    for path in PAGES + OTHER_PUBLIC + API:
        response = client.get(path)
        assert response.status_code < 500, path
        assert_protected(response)


def test_admin_pages_carry_the_security_headers(staff_client, demo):
    for path in ADMIN:
        response = staff_client.get(path)
        assert response.status_code == 200, path
        assert_protected(response)


def test_admin_change_form_and_login_carry_the_security_headers(client, staff_client, demo):
    from agreements.models import Agreement

    agreement = Agreement.objects.get(slug="hd-hhi-sima-submarine-mou-2024")
    assert_protected(staff_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/"))
    assert_protected(Client().get("/admin/login/"))


def test_api_writes_and_the_token_endpoint_carry_the_security_headers(demo):
    from rest_framework.test import APIClient

    client = APIClient()
    assert_protected(client.post("/api/v1/agreements/", {}, format="json"))  # 401
    assert_protected(client.post("/api/v1/auth/token/", {}, format="json"))  # 400


def test_the_json_ld_nonce_is_the_one_the_policy_allows(client, demo):
    response = client.get("/agreements/hd-hhi-sima-submarine-mou-2024/")
    (nonce_source,) = policy(response)["script-src"][1:]
    nonce = nonce_source.removeprefix("'nonce-").removesuffix("'")
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.text


# --- no cookie on anonymous reads ----------------------------------------------------------


def test_anonymous_reads_set_no_cookie(client, demo):
    for path in PAGES + OTHER_PUBLIC + API:
        response = client.get(path)
        assert not response.cookies, f"{path} sets {list(response.cookies)}"
        assert "Set-Cookie" not in response, path


def test_anonymous_api_reads_are_publicly_cacheable(client, demo):
    response = client.get("/api/v1/agreements/")
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies


# --- HTTPS in production -------------------------------------------------------------------

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-https-test-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "accords.example",
}
HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


@pytest.fixture(scope="module")
def production_https_settings():
    """The HTTPS settings that config/settings.py gives with DEBUG off (read in a
    subprocess, where the test suite's fallbacks do not apply)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT"}
        and not key.startswith("SECURE_HSTS")
    }
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {HTTPS_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_settings_turn_https_on(production_https_settings):
    assert production_https_settings == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


HSTS = "max-age=31536000; includeSubDomains; preload"


def test_https_responses_carry_hsts_under_production_settings(production_https_settings, demo):
    for path in ["/", "/agreements/", "/api/v1/agreements/", "/admin/login/"]:
        with override_settings(**production_https_settings):
            client = Client()
            secure = client.get(path, secure=True)
            behind_proxy = client.get(path, headers={"X-Forwarded-Proto": "https"})
            plain = client.get(path)

        assert secure.status_code == 200, path
        assert secure["Strict-Transport-Security"] == HSTS
        assert behind_proxy["Strict-Transport-Security"] == HSTS
        assert plain.status_code == 301
        assert plain["Location"] == f"https://testserver{path}"
        assert "Strict-Transport-Security" not in plain


def test_cookies_are_secure_and_http_only_under_production_settings(production_https_settings, db):
    make_user(username="staffer", is_staff=True)
    with override_settings(**production_https_settings):
        client = Client()
        login_page = client.get("/admin/login/", secure=True)
        signed_in = client.post(
            "/admin/login/?next=/admin/",
            {"username": "staffer", "password": "correct horse battery"},
            secure=True,
        )

    assert login_page.cookies["csrftoken"]["secure"]
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
