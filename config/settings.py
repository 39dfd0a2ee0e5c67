"""Accords settings: one module, read from the environment.

Every variable is documented in the README. Secrets are mandatory when DEBUG is
off; development and the test suite get safe fallbacks.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
if not ALLOWED_HOSTS and not (DEBUG or TESTING):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set it to the comma-separated host names the site answers to."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_countries",
    "corsheaders",
    "django_filters",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "reversion_compare",
    "core",
    "parties",
    "agreements",
]

MIDDLEWARE = [
    "core.middleware.RequestContextMiddleware",
    # Repeated anonymous GETs from Redis (settings.RESPONSE_CACHE), with the headers the
    # middleware below gave them (security, CORS: the caller's Origin is in the key); only
    # the request id and the log line are per request on a hit.
    "core.cache.AnonymousResponseCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so the lock-out answer it substitutes still gets the headers above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.db.PrimaryReplicaRouter"]
# DATABASE_POOL=1 on PostgreSQL: each worker keeps a psycopg pool of open connections, so a
# request does not pay for a new connection (about 2 ms of its time under load, bench/).
# Django requires CONN_MAX_AGE = 0 with the pool, so the pool takes its place.
# A connection is checked by a round trip only when the server wrote to it or closed it
# while it was idle (core.pool).
if env_bool("DATABASE_POOL") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    from core.pool import check_connection

    for alias in DATABASES:
        DATABASES[alias]["CONN_MAX_AGE"] = 0
        DATABASES[alias].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("DATABASE_POOL_SIZE", "4")),
            "check": check_connection,
        }
# The hottest statements (an agreement's related rows, core.db.rows_by_id) are prepared on
# each PostgreSQL connection and planned once (a generic plan: without it the server plans
# them again on every call); the ORM's own queries are never prepared (Django binds their
# parameters on the client). Set 0 behind a pooler that cannot keep prepared statements
# or pass startup options (PgBouncer in transaction mode before 1.21).
if env_bool("DATABASE_PREPARED_STATEMENTS", True):
    for alias in DATABASES:
        if DATABASES[alias]["ENGINE"].endswith("postgresql"):
            options = DATABASES[alias].setdefault("OPTIONS", {})
            options["prepare_threshold"] = 5
            options["options"] = " ".join(
                filter(None, [options.get("options"), "-c plan_cache_mode=force_generic_plan"])
            )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "accords"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The anonymous response cache (core/cache.py): whole responses to credential-free GETs,
# dropped at once by any publish or edit. On by default with Redis (one cache shared by
# every worker), off with the per-process local-memory cache and in the test suite.
RESPONSE_CACHE = env_bool("RESPONSE_CACHE", bool(REDIS_URL) and not TESTING)
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "600"))
# Each process keeps the responses it served last (at most this many bytes of content), so
# a hit reads only the generation token from Redis; 0 turns that off.
RESPONSE_CACHE_LOCAL_BYTES = int(os.environ.get("RESPONSE_CACHE_LOCAL_BYTES", str(16 * 2**20)))
# The API's list counts, kept per SQL statement until the next change (core.cache): a page
# of 100,000 agreements does not count them on every request. Off in the test suite, whose
# tests change rows behind the ORM's back.
COUNT_CACHE = env_bool("COUNT_CACHE", not TESTING)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Every password check goes through django-axes first (admin login and the API token
# endpoint alike): after AXES_FAILURE_LIMIT failures for one username from one address,
# that pair is refused, even with the right password, until the cool-off has passed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The public site is served without inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)


def throttle_rate(name, default):
    """A DRF rate such as `120/min` from the environment; `off` disables the throttle."""
    value = os.environ.get(name, default).strip()
    return None if value.lower() in {"off", "none", ""} else value


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api.ModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["config.api.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["config.api.JSONRenderer"],
    # These read the rates on each request (DRF's own copy them at import time).
    "DEFAULT_THROTTLE_CLASSES": [
        "config.api.AnonRateThrottle",
        "config.api.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": throttle_rate("API_ANON_RATE", "120/min"),
        "user": throttle_rate("API_USER_RATE", "1200/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# API tokens (django-rest-knox): only a SHA-512 digest is stored, each token expires after
# API_TOKEN_TTL_HOURS, and callers send `Authorization: Token <token>`.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(os.environ.get("API_TOKEN_TTL_HOURS", "720"))),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Accords API",
    "DESCRIPTION": "A curated, public register of international agreements.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PartyKindEnum": "parties.models.PartyKind",
        "AgreementKindEnum": "agreements.models.AgreementKind",
        "EventKindEnum": "agreements.models.EventKind",
        "RelationKindEnum": "agreements.models.RelationKind",
        "PublicationEnum": "core.models.Publication",
    },
}

# Anonymous, credential-free reads of the API from any origin; nothing else is cross-origin.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Content-Disposition"]

# Where the demo's source article lives (DESIGN.md: ../shared/seed/ beside the repository).
SEED_DIR = Path(os.environ.get("SEED_DIR", BASE_DIR.parent / "shared" / "seed"))

# One line per request and per error, as JSON, each with the request id; `accords.audit`
# logs every saved revision (who changed what, when) from the admin, the API and commands.
# Written with orjson: the standard library's encoder took 40 % of a cached answer's time.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.orjson.OrjsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request line is ours; Django's own would repeat each 4xx/5xx.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "accords.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        # django-axes announces itself at every start; its warnings (failures, lock-outs) stay.
        "axes.apps": {"level": "WARNING"},
    },
}
