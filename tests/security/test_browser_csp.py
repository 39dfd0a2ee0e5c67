"""The admin works in a real Chromium under the site's Content-Security-Policy: sign-in,
the change form with its inlines, autocomplete (select2 over the admin's JSON view),
adding an inline row, the calendar, lists, history and the intake page — with no CSP
violation and no console error. (The Swagger UI is checked the same way in
tests/api/test_docs.py.)"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from tests.factories import make_user

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCRIPT = Path(__file__).with_name("admin_in_chromium.py")


def test_the_admin_works_under_the_content_security_policy(transactional_db, live_server):
    if not CHROMIUM.exists():
        message = f"Chromium is needed at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    call_command("load_demo", verbosity=0)
    make_user(username="csp-admin", is_superuser=True)
    mou = Agreement.objects.get(slug="hd-hhi-sima-submarine-mou-2024")

    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            live_server.url,
            str(CHROMIUM),
            "csp-admin",
            "correct horse battery",
            str(mou.pk),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["violations"] == []
    assert seen["problems"] == []
    assert all(seen["pages"].values()), seen["pages"]
    assert seen["title"].startswith("HD Hyundai Heavy Industries")
    assert "APEC" in seen["event"]
    assert "Republic of Peru" in seen["new_participant"]
    assert seen["calendar"]
    assert seen["action_counter"].startswith(f"{Agreement.objects.count()} of")
