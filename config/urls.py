from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", include("core.urls")),
    path("parties/", include("parties.urls")),
    path("", include("agreements.urls")),
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = core_views.page_not_found
handler500 = "core.errors.server_error"
