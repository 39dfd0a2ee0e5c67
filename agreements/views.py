from django.views.generic import DetailView, ListView

from core.views_mixins import VisibleToUserMixin

from .models import Agreement, Event, Sector


class AgreementListView(VisibleToUserMixin, ListView):
    model = Agreement
    paginate_by = 20
    template_name = "agreements/agreement_list.html"

    def get_queryset(self):
        return super().get_queryset().with_listing_data()


class AgreementDetailView(VisibleToUserMixin, DetailView):
    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get_queryset(self):
        return super().get_queryset().with_detail_data()


class EventListView(ListView):
    model = Event
    template_name = "agreements/event_list.html"


class EventDetailView(DetailView):
    model = Event
    template_name = "agreements/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = self.object.agreements.visible_to(
            self.request.user
        ).with_listing_data()
        return context


class SectorDetailView(DetailView):
    model = Sector
    template_name = "agreements/sector_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = self.object.agreements.visible_to(
            self.request.user
        ).with_listing_data()
        return context
