import os

import pytest

from tests.factories import make_user

# tests/replica/ needs a second database alias; tests/test_reliability.py runs it in a
# subprocess with DATABASE_REPLICA_URL set.
collect_ignore = [] if os.environ.get("DATABASE_REPLICA_URL") else ["replica"]


@pytest.fixture
def staff_user(db):
    return make_user(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def demo(db):
    """The Korea–Peru demo of DESIGN.md §7, loaded through the real command."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture
def empty_cache():
    """The cache, emptied before and after the test (it may be a Redis other tests share)."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def values_kept(settings, empty_cache):
    """Counts and other values kept per generation (core.cache) as in production, whole
    responses not: each request computes its page from them, and a change must drop them."""
    settings.RESPONSE_CACHE = False
    settings.COUNT_CACHE = True
