from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        from agreements.models import Agreement, Sector
        from parties.models import Party

        context = super().get_context_data(**kwargs)
        agreements = Agreement.objects.published()
        context.update(
            agreement_count=agreements.count(),
            party_count=Party.objects.published().count(),
            latest_agreements=agreements.with_listing_data()[:10],
            sectors=Sector.objects.all(),
        )
        return context


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": str(error)}, status=503)
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
