from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.AgreementListView.as_view(), name="list"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="detail"),
    path("events/", views.EventListView.as_view(), name="events"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path("sectors/<slug:slug>/", views.SectorDetailView.as_view(), name="sector"),
]
