"""The OpenAPI schema and the Swagger UI at /api/v1/docs/, served from our own static
files and working under the site's Content-Security-Policy."""

import re
import shutil

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_documents_every_filter_and_error(anon):
    response = anon.get(reverse("api:schema"), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    listing = schema["paths"]["/api/v1/agreements/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert names == {
        "q", "kind", "status", "sector", "event", "party", "country", "role",
        "signed_after", "signed_before", "value_min", "value_max", "currency",
        "publication", "ordering", "page", "page_size", "format",
    }  # fmt: skip
    party_names = {
        parameter["name"] for parameter in schema["paths"]["/api/v1/parties/"]["get"]["parameters"]
    }
    assert {"q", "kind", "country", "parent", "page", "page_size", "format"} <= party_names
    assert set(listing["responses"]) >= {"200", "400", "429"}
    assert set(listing["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    detail = schema["paths"]["/api/v1/agreements/{slug}/"]
    assert set(detail["get"]["responses"]) >= {"200", "304", "404", "429"}
    assert set(detail["put"]["responses"]) >= {"200", "400", "401", "403", "412"}
    assert set(detail["delete"]["responses"]) >= {"204", "409", "412"}
    components = schema["components"]["schemas"]
    assert components["AgreementKindEnum"]["enum"] == [
        "treaty", "convention", "protocol", "mou", "contract", "framework_agreement",
        "cooperation_agreement", "joint_statement", "letter_of_intent", "loan_agreement",
        "exchange_of_notes", "pledge", "other",
    ]  # fmt: skip
    assert set(components["Agreement"]["properties"]) >= {"participants", "relations", "value"}
    assert components["AgreementWriteRequest"]["properties"]["event"]["type"] == "string"
    assert "/api/v1/auth/token/" in schema["paths"]
    assert "/api/v1/search/" in schema["paths"]


def test_docs_page_has_no_inline_script_or_style_and_local_assets(anon):
    response = anon.get(reverse("api:docs"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        assert body.strip() == ""
        source = re.search(r'src="([^"]+)"', attributes).group(1)
        assert source.startswith("/"), source  # our own origin: no CDN
        script = anon.get(source.replace("&amp;", "&"))
        assert script.status_code == 200, source
    init = anon.get(reverse("api:docs"), {"script": ""})
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()
    assert "/api/v1/schema/" in init.content.decode()


@pytest.mark.browser
def test_swagger_ui_renders_the_api_in_a_real_browser(live_server):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (CI installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page()
        page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.goto(f"{live_server.url}/api/v1/docs/")
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)

        paths = page.locator(".opblock-summary-path").all_inner_texts()
        title = page.locator(".info .title").inner_text()
        violations = page.evaluate("window.__violations")
        browser.close()

    assert "Accords API" in title
    assert any("/api/v1/agreements/" in path for path in paths)
    assert any("/api/v1/search/" in path for path in paths)
    assert violations == []
    assert errors == []
