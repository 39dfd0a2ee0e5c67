import os

from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from agreements.sitemaps import SITEMAPS
from agreements.urls import party_urlpatterns
from config import ceiling
from core import views as core_views

urlpatterns = [
    path("", include("core.urls")),
    path("parties/", include(party_urlpatterns)),
    path("", include("agreements.urls")),
    # An index of sections, each paginated: a sitemap stays small however large the register.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

# The benchmark's reference view (bench/): only when BENCH_CEILING=1, never in production.
if ceiling.enabled(os.environ):
    urlpatterns.append(path("bench/ceiling/", ceiling.ceiling, name="bench-ceiling"))

handler404 = core_views.page_not_found
handler500 = "core.errors.server_error"
