"""Production settings: secrets are mandatory and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# What the test run sets but a deployment does not (the browser tests set
# DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; `check --deploy` rightly refuses it).
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _python(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _manage(*args, **env):
    return _python("manage.py", *args, **env)


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deploy-check-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "accords.example",
}


def test_check_deploy_reports_nothing_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_the_app_refuses_to_start_without_a_production_secret_or_hosts(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_a_worker_loads_the_views_and_freezes_them_before_serving():
    # config/wsgi.py: the URLconf and its views imported, then gc.freeze(), so the
    # collector's full passes skip them.
    script = (
        "import gc, sys, config.wsgi; "
        "print(gc.get_freeze_count(), 'agreements.api.views' in sys.modules)"
    )
    result = _python("-c", script, DJANGO_SETTINGS_MODULE="config.settings", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == "True"


def test_a_worker_collects_what_the_last_request_left_before_the_next_one():
    # config/wsgi.py: request_started runs the collector over its young generations, so
    # what the request before left is freed young instead of a pass stopping a request;
    # the objects of a request still being answered are not promoted by it.
    script = (
        "import gc, config.wsgi; "
        "from django.core.signals import request_started; "
        "passes = []; "
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and passes.append(info)); "
        "gc.collect(); request_started.send(sender=None); "  # a request that left little
        "left = [[] for _ in range(1000)]; left.append(left); del left; "  # a cycle left
        "request_started.send(sender=None); "
        "print(*(f\"{info['generation']}:{info['collected']}\" for info in passes[1:]))"
    )
    result = _python("-c", script, DJANGO_SETTINGS_MODULE="config.settings", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1:1001"]
