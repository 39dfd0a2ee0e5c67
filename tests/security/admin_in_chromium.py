"""Drives the admin in Chromium under the site's Content-Security-Policy and prints what
it saw as JSON. Run by test_browser_csp.py in a subprocess, so its Playwright never meets
the one that tests/browser/ keeps open for the whole session (two sync Playwrights in one
process refuse to run).

    python tests/security/admin_in_chromium.py BASE_URL CHROMIUM USERNAME PASSWORD AGREEMENT_PK
"""

import json
import re
import sys

from playwright.sync_api import sync_playwright

RECORD_VIOLATIONS = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', (e) =>"
    " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' '"
    " + e.sourceFile + ':' + e.lineNumber));"
)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main(base, chromium, username, password, agreement_pk):
    seen = {"violations": [], "problems": [], "pages": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        page.add_init_script(RECORD_VIOLATIONS)
        # The admin declares no icon, so Chromium asks for /favicon.ico: not tested here.
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        page.on("console", lambda m: m.type == "error" and seen["problems"].append(m.text))
        page.on("pageerror", lambda error: seen["problems"].append(str(error)))
        page.on(
            "response",
            lambda r: r.status >= 400 and seen["problems"].append(f"{r.status} {r.url}"),
        )

        def visit(path):
            seen["violations"].extend(page.evaluate("window.__violations || []"))
            page.goto(base + path)
            page.wait_for_load_state("load")
            seen["pages"][path] = page.locator("#content").count() == 1

        visit("/admin/login/?next=/admin/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))

        # The change form: autocomplete on a field (select2 asking /admin/autocomplete/) …
        visit(f"/admin/agreements/agreement/{agreement_pk}/change/")
        seen["title"] = page.locator("#id_title").input_value()
        page.locator(".field-event .select2-selection").click()
        page.locator(".select2-container--open .select2-search__field").fill("APEC")
        option = page.locator(".select2-results__option", has_text="APEC").first
        option.wait_for()
        option.click()
        seen["event"] = page.locator(".field-event .select2-selection__rendered").inner_text()
        # … a new inline row, and autocomplete inside it …
        page.locator("#participations-group .add-row a").click()
        row = page.locator("#participations-group .form-row.dynamic-participations").last
        row.locator(".field-party .select2-selection").click()
        page.locator(".select2-container--open .select2-search__field").fill("Peru")
        page.locator(".select2-results__option", has_text="Republic of Peru").first.click()
        seen["new_participant"] = row.locator(".field-party").inner_text()
        # … and the date shortcuts' calendar.
        calendar = page.locator("#id_signed_on ~ .datetimeshortcuts [id^=calendarlink]").first
        if calendar.count():
            page.locator("#id_place").click()  # close any open autocomplete first
            calendar.click()
            seen["calendar"] = page.locator(".calendarbox >> visible=true").count() == 1

        for path in [
            "/admin/",
            "/admin/agreements/agreement/add/",
            f"/admin/agreements/agreement/{agreement_pk}/history/",
            "/admin/parties/party/",
            "/admin/parties/party/add/",
            "/admin/agreements/event/add/",
            "/admin/agreements/agreement/new-from-article/",
            "/admin/agreements/agreement/",
        ]:
            visit(path)
        # The list's "select all" checkbox and action counter are scripts too.
        page.locator("#action-toggle").check()
        seen["action_counter"] = page.locator(".action-counter").inner_text()
        seen["violations"].extend(page.evaluate("window.__violations || []"))
        browser.close()
    print(json.dumps(seen))


if __name__ == "__main__":
    main(*sys.argv[1:])
