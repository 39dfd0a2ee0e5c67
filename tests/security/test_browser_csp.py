"""The admin works in a real Chromium under the site's Content-Security-Policy: sign-in,
the change form with its inlines, autocomplete (select2 over the admin's JSON view),
adding an inline row, the list, history and the intake page — with no CSP violation and
no console error. (The Swagger UI is checked the same way in tests/api/test_docs.py.)"""

import re

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from tests.browser.conftest import _open_page, browser  # noqa: F401 - the browser fixture
from tests.factories import make_user

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', (e) =>"
    " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' '"
    " + e.sourceFile + ':' + e.lineNumber));"
)


@pytest.fixture
def admin_page(browser, transactional_db, live_server):  # noqa: F811
    call_command("load_demo", verbosity=0)
    make_user(username="csp-admin", is_superuser=True)
    context, page, problems = _open_page(browser, {"width": 1280, "height": 900})
    page.add_init_script(RECORD_VIOLATIONS)
    # The admin declares no icon, so Chromium asks for /favicon.ico: not what is tested here.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    violations = []

    def visit(path):
        violations.extend(page.evaluate("window.__violations"))
        page.goto(live_server.url + path)
        return page

    visit.page = page
    visit.url = live_server.url
    yield visit
    violations.extend(page.evaluate("window.__violations"))
    context.close()
    assert violations == []
    assert problems == []


def test_admin_change_form_and_autocomplete_work_under_the_policy(admin_page):
    mou = Agreement.objects.get(slug="hd-hhi-sima-submarine-mou-2024")
    page = admin_page(f"/admin/agreements/agreement/{mou.pk}/change/")
    assert page.locator("#id_title").input_value().startswith("HD Hyundai Heavy Industries")

    # Autocomplete on the event field (select2 asking /admin/autocomplete/).
    page.locator(".field-event .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("APEC")
    option = page.locator(".select2-results__option", has_text="APEC")
    option.first.wait_for()
    option.first.click()
    assert "APEC" in page.locator(".field-event .select2-selection__rendered").inner_text()

    # A new participant row, and autocomplete inside it.
    page.locator(".add-row a").first.click()
    rows = page.locator("#participations-group .form-row.dynamic-participations")
    new_row = rows.last
    new_row.locator(".field-party .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Peru")
    page.locator(".select2-results__option", has_text="Republic of Peru").first.click()
    assert "Republic of Peru" in new_row.locator(".field-party").inner_text()

    # Collapsible fieldsets, date shortcuts and the calendar are admin scripts too.
    calendar = page.locator(".field-signed_on .datetimeshortcuts a").first
    if calendar.count():
        calendar.click()


def test_other_admin_pages_work_under_the_policy(admin_page):
    mou = Agreement.objects.get(slug="hd-hhi-sima-submarine-mou-2024")
    for path in [
        "/admin/",
        "/admin/agreements/agreement/",
        "/admin/agreements/agreement/add/",
        f"/admin/agreements/agreement/{mou.pk}/history/",
        "/admin/parties/party/",
        "/admin/parties/party/add/",
        "/admin/agreements/event/add/",
        "/admin/agreements/agreement/new-from-article/",
    ]:
        page = admin_page(path)
        page.wait_for_load_state("load")
        assert page.locator("#content").count() == 1, path

    # An action on the list (the list's checkboxes and action bar are scripts).
    page = admin_page("/admin/agreements/agreement/")
    page.locator("#action-toggle").check()
    assert (
        page.locator(".action-counter").inner_text().startswith(f"{Agreement.objects.count()} of")
    )
