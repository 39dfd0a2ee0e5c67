"""The site's URLs mounted under /elsewhere/ (tests/test_links.py)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("config.urls"))]
