from django.views.generic import DetailView, ListView

from core.views_mixins import VisibleToUserMixin

from .models import Party


class PartyListView(VisibleToUserMixin, ListView):
    model = Party
    paginate_by = 50
    template_name = "parties/party_list.html"

    def get_queryset(self):
        return super().get_queryset().with_listing_data()


class PartyDetailView(VisibleToUserMixin, DetailView):
    model = Party
    template_name = "parties/party_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent").prefetch_related("aliases")
