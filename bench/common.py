"""What bench.py and load.py share: the server's environment, manage.py, the database."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"  # never anything else


def server_env(database_url, **overrides):
    """Production-like settings for a local gunicorn: DEBUG off, throttling lifted."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_REPLICA_URL"} and not key.startswith("PYTEST")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        API_ANON_RATE="off",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def ensure_database(database_url, log):
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    admin_url = psycopg.conninfo.make_conninfo(database_url, dbname="postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def synthetic_counts(database_url):
    """(synthetic agreements, synthetic parties) already in the database."""
    with psycopg.connect(database_url) as connection:
        return tuple(
            connection.execute(
                f"SELECT count(*) FROM {table} WHERE is_synthetic"  # noqa: S608 - constants
            ).fetchone()[0]
            for table in ("agreements_agreement", "parties_party")
        )
