from django.urls import path

from . import views

app_name = "parties"

urlpatterns = [
    path("", views.PartyListView.as_view(), name="list"),
    path("<slug:slug>/", views.PartyDetailView.as_view(), name="detail"),
]
