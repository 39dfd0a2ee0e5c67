"""core.links.slug_url_builder: addresses of many rows, reversed once per process."""

from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from core.links import slug_url_builder


def test_addresses_equal_reverse_for_plain_and_unusual_slugs():
    url = slug_url_builder("agreements:detail")

    for slug in ("korea-peru-mou", "KAI_2024", "2024"):
        assert url(slug) == reverse("agreements:detail", kwargs={"slug": slug})


def test_a_different_script_prefix_gives_its_own_addresses():
    try:
        set_script_prefix("/register/")
        under_prefix = slug_url_builder("agreements:detail")("korea-peru-mou")
    finally:
        clear_script_prefix()
    at_root = slug_url_builder("agreements:detail")("korea-peru-mou")

    assert under_prefix == "/register/agreements/korea-peru-mou/"
    assert at_root == "/agreements/korea-peru-mou/"


@override_settings(ROOT_URLCONF="tests.urls_elsewhere")
def test_another_urlconf_gives_its_own_addresses():
    assert slug_url_builder("agreements:detail")("x") == "/elsewhere/agreements/x/"
