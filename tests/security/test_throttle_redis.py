"""Anonymous API use is throttled with its counters in Redis when REDIS_URL is set, so
every app server and worker counts against the same window. Runs against the Redis
that REDIS_URL names (CI: redis://127.0.0.1:6379/15); skipped without one."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIClient

from tests.api.conftest import throttle_rates

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set"),
]


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


def test_the_default_cache_is_redis_when_redis_url_is_set():
    assert settings.CACHES["default"]["BACKEND"] == "core.redis.RedisCache"
    assert isinstance(caches["default"], RedisCache)  # Django's, one client per pool
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL


def test_writes_share_one_redis_client_and_reads_one_per_thread():
    import threading

    writer = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b", write=True) is writer
    reader = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is reader
    assert reader is not writer
    cache.set("one-client", 1)
    assert cache.get("one-client") == 1

    other_thread = {}

    def read_elsewhere():
        other_thread["client"] = cache._cache.get_client("a")
        other_thread["value"] = cache.get("one-client")

    thread = threading.Thread(target=read_elsewhere)
    thread.start()
    thread.join()
    assert other_thread["client"] is not reader  # a held connection is never shared
    assert other_thread["value"] == 1


def test_a_reader_reconnects_after_redis_drops_its_connection(redis_client):
    cache.set("after-a-loss", "still here")
    reader = cache._cache.get_client("after-a-loss")
    redis_client.client_kill_filter(_id=reader.client_id())
    assert cache.get("after-a-loss") == "still here"


def test_anonymous_requests_are_counted_in_redis_and_refused_over_the_rate(settings, redis_client):
    throttle_rates(settings, anon="3/min", user=None)
    client = APIClient()

    answers = [client.get("/api/v1/sectors/") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Request was throttled" in refused.json()["detail"]
    (key,) = redis_client.keys("*throttle_anon_127.0.0.1")
    assert key.decode().startswith(settings.CACHES["default"]["KEY_PREFIX"])
    assert len(cache.get("throttle_anon_127.0.0.1")) == 3  # one timestamp per request

    # Another worker or server reads the same counter: forgetting it in Redis lifts the limit.
    redis_client.delete(key)
    assert client.get("/api/v1/sectors/").status_code == 200


def test_each_address_has_its_own_counter(settings, redis_client):
    throttle_rates(settings, anon="1/min", user=None)
    first, second = APIClient(REMOTE_ADDR="198.51.100.1"), APIClient(REMOTE_ADDR="198.51.100.2")

    assert first.get("/api/v1/sectors/").status_code == 200
    assert first.get("/api/v1/sectors/").status_code == 429
    assert second.get("/api/v1/sectors/").status_code == 200
    assert len(redis_client.keys("*throttle_anon_198.51.100.*")) == 2
