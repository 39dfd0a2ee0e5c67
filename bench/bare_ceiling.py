"""Settings of the bare ceiling: Django with no middleware, no apps and no database, serving
only the ceiling view (config/ceiling.py). This is the issue's "bare Django view", the
fastest any Django view can answer on the machine; bench.py runs it with
DJANGO_SETTINGS_MODULE=bare_ceiling on its own gunicorn. The module is its own URLconf."""

from django.urls import path

from config.ceiling import ceiling

SECRET_KEY = "bench-only-bare-ceiling"  # noqa: S105 - serves one constant page on 127.0.0.1
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bare_ceiling"
MIDDLEWARE = []
INSTALLED_APPS = []
DATABASES = {}
USE_I18N = False

urlpatterns = [path("bench/ceiling/", ceiling)]
