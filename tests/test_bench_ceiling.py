"""The benchmark's ceiling view (bench/bench.py) exists only when BENCH_CEILING=1."""

import importlib
import json

import pytest
from django.urls import clear_url_caches

import config.urls
from config import ceiling

pytestmark = pytest.mark.django_db


def reload_urls(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("BENCH_CEILING", raising=False)
    else:
        monkeypatch.setenv("BENCH_CEILING", value)
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def restore_urls(monkeypatch):
    yield
    monkeypatch.delenv("BENCH_CEILING", raising=False)
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.parametrize("value", [None, "", "0", "yes"])
def test_the_ceiling_is_not_served_without_bench_ceiling_1(
    client, monkeypatch, restore_urls, value
):
    reload_urls(monkeypatch, value)
    assert client.get("/bench/ceiling/").status_code == 404


def test_the_ceiling_serves_60_kb_of_json_with_bench_ceiling_1(client, monkeypatch, restore_urls):
    reload_urls(monkeypatch, "1")
    response = client.get("/bench/ceiling/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 55_000 < len(response.content) < 65_000
    assert response.content == ceiling.BODY
    assert len(json.loads(response.content)["results"]) == 100
