from django.urls import path

from . import feeds, views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.AgreementListView.as_view(), name="list"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="detail"),
    path(
        "agreements/<slug:slug>/history/",
        views.AgreementHistoryView.as_view(),
        name="history",
    ),
    path("events/", views.EventListView.as_view(), name="events"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("sectors/", views.SectorListView.as_view(), name="sectors"),
    path("sectors/<slug:slug>/", views.SectorDetailView.as_view(), name="sector"),
    path("network/", views.NetworkView.as_view(), name="network"),
    path("feeds/agreements/", feeds.LatestAgreementsFeed(), name="feed"),
    path("feeds/parties/<slug:slug>/", feeds.PartyAgreementsFeed(), name="party_feed"),
    path("feeds/sectors/<slug:slug>/", feeds.SectorAgreementsFeed(), name="sector_feed"),
]

# Mounted at /parties/ as the `parties` namespace by config/urls.py: the party pages
# show agreements, and `parties` must not import `agreements`.
party_urlpatterns = (
    [
        path("", views.PartyListView.as_view(), name="list"),
        path("<slug:slug>/", views.PartyDetailView.as_view(), name="detail"),
        path(
            "<slug:slug>/with/<slug:other>/",
            views.RelationshipView.as_view(),
            name="relationship",
        ),
    ],
    "parties",
)
