from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from agreements.sitemaps import SITEMAPS
from agreements.urls import party_urlpatterns
from core import views as core_views

urlpatterns = [
    path("", include("core.urls")),
    path("parties/", include(party_urlpatterns)),
    path("", include("agreements.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = core_views.page_not_found
handler500 = "core.errors.server_error"
