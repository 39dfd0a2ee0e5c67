"""A reader's way through the site, in a real Chromium: search, follow links, filter,
use the keyboard only, and read it on a phone."""

import re

import pytest

pytestmark = pytest.mark.browser

SIMA_MOU = "HD Hyundai Heavy Industries–SIMA MOU on joint submarine development"
CONTRACT = "HD Hyundai Heavy Industries contract to deliver naval vessels to the Peruvian Navy"
KOREA_PERU = {
    "Korea–Peru MOU on critical minerals",
    "Korea–Peru joint statement of November 2024",
    "Korea–Peru pledge on joint infrastructure projects, including Chinchero Airport",
}


def _card_titles(page):
    return {title.strip() for title in page.locator(".card__title a").all_inner_texts()}


def test_from_home_through_search_to_the_korea_peru_relationship(page, site, screenshot):
    page.goto(site + "/")
    assert page.locator("h1").inner_text().startswith("Who agreed with whom")
    screenshot(page, "home")

    page.get_by_label("Search agreements and parties").first.fill("submarine")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=submarine"))
    page.get_by_role("link", name=SIMA_MOU).click()

    page.wait_for_url(re.compile(r"/agreements/hd-hhi-sima-submarine-mou-2024/$"))
    assert page.locator("h1").inner_text() == SIMA_MOU
    assert page.get_by_text("16 November 2024").first.is_visible()
    screenshot(page, "agreement")

    page.locator(".relations").get_by_role("link", name=CONTRACT).click()
    page.wait_for_url(re.compile(r"/agreements/hd-hhi-peruvian-navy-naval-vessels-contract/$"))
    assert page.get_by_text("USD 463,000,000").is_visible()
    assert page.get_by_text("Built upon by").is_visible()

    page.locator(".participants").get_by_role("link", name="Peruvian Navy").click()
    page.wait_for_url(re.compile(r"/parties/peruvian-navy/$"))
    page.locator(".facts").get_by_role("link", name="Republic of Peru").click()

    page.wait_for_url(re.compile(r"/parties/republic-of-peru/$"))
    assert page.locator("h1").inner_text() == "Republic of Peru"
    assert page.locator(".chart--years svg").is_visible()
    assert page.locator(".chart--network svg").is_visible()
    screenshot(page, "party")

    page.get_by_role("link", name="3 agreements with South Korea").click()
    page.wait_for_url(re.compile(r"/parties/republic-of-peru/with/republic-of-korea/$"))
    assert _card_titles(page) == KOREA_PERU
    screenshot(page, "relationship")


def test_filter_the_list_by_two_parties(page, site):
    page.goto(site + "/agreements/")
    assert len(_card_titles(page)) == 7
    page.get_by_label("Involving all of").select_option(label="Republic of Korea")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"party=republic-of-korea"))
    page.get_by_label("Involving all of").select_option(label="Republic of Peru")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"party=republic-of-korea&party=republic-of-peru"))
    assert _card_titles(page) == KOREA_PERU
    # The download links carry the same filter to the API.
    csv = page.get_by_role("link", name="CSV").get_attribute("href")
    assert "party=republic-of-korea&party=republic-of-peru" in csv and "format=csv" in csv
    # Removing a chosen party widens the selection again.
    page.get_by_role("link", name="Remove Peru").click()
    page.wait_for_url(re.compile(r"/agreements/\?party=republic-of-korea$"))
    assert _card_titles(page) == KOREA_PERU  # Korea's agreements are all with Peru


def test_everything_is_reachable_by_keyboard(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(5):
        if page.evaluate("document.activeElement.type") == "search":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("KAI")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=KAI"))
    assert "KAI–SEMAN MOU on joint production of KF-21 components" in _card_titles(page)
    # Tab onwards reaches the first result, and Enter follows it.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.party-results') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/parties/korea-aerospace-industries/$"))
    # The skip link moves focus to the content.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/agreements/",
        "/agreements/hd-hhi-sima-submarine-mou-2024/",
        "/parties/republic-of-peru/",
        "/parties/republic-of-korea/with/republic-of-peru/",
        "/events/apec-economic-leaders-week-2024/",
        "/search/?q=per%C3%BA",
    ],
)
def test_pages_fit_a_phone_screen(phone, site, path):
    phone.goto(site + path)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_screenshots(phone, site, screenshot):
    phone.goto(site + "/")
    screenshot(phone, "home-phone", full_page=False)
    phone.goto(site + "/parties/republic-of-peru/")
    screenshot(phone, "party-phone")
