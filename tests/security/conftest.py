"""Fixtures for the security tests: no API throttling unless a test asks for it, and no
throttle or lock-out history carried over from another test."""

import pytest

from tests.api.conftest import throttle_rates


@pytest.fixture(autouse=True)
def _fresh_throttles(settings, empty_cache):
    throttle_rates(settings)
