"""/api/v1/ — the REST API (see DESIGN.md §4 and the README's "API" section)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from agreements.api.views import (
    AgreementViewSet,
    EventViewSet,
    SearchView,
    SectorViewSet,
    SourceViewSet,
)
from config.api_views import SchemaView, SwaggerView, TokenView
from parties.api.views import PartyViewSet

app_name = "api"

router = DefaultRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("parties", PartyViewSet, basename="party")
router.register("events", EventViewSet, basename="event")
router.register("sectors", SectorViewSet, basename="sector")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(), name="docs"),
    *router.urls,
]
