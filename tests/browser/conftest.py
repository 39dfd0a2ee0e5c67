"""Real-browser tests: Playwright's sync API driving Debian's Chromium against
pytest-django's live server, with the Korea–Peru demo loaded."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# beside one unless told that this is deliberate. Set while the browser runs (see
# `browser`), so it does not leak into the rest of the session or its subprocesses.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium is needed at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def site(transactional_db, live_server):
    """The live server's address, with the demo loaded."""
    call_command("load_demo", verbosity=0)
    return live_server.url


def _open_page(browser, viewport):
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    # A blocked inline style or script (CSP), a failed asset or a script error shows here.
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and problems.append(f"{response.status} {response.url}")
        ),
    )
    return context, page, problems


@pytest.fixture
def page(browser):
    context, page, problems = _open_page(browser, DESKTOP)
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def phone(browser):
    context, page, problems = _open_page(browser, PHONE)
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def screenshot():
    """Save a screenshot for the README: `screenshot(page, "home")`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name, *, full_page=True):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return save
