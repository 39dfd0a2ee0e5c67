"""Site-wide pages: home, search, robots.txt, health check, the 404 page.

These span both apps (the home page and the search box show agreements and
parties), so this module is where `core` meets them; `core`'s models stay
independent of both.
"""

from django import forms
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from agreements import structured_data
from agreements.models import Agreement, Event, Sector
from core.models import Publication
from core.views_mixins import PublicPageMixin, paginate
from parties.models import Party

HOME_LATEST = 8
HOME_PARTIES = 8
SEARCH_PARTIES = 10
SEARCH_PER_PAGE = 20


class HomeView(PublicPageMixin, TemplateView):
    """What this is, how much is in it, what is new. The same for everyone: published only."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreements = Agreement.objects.published()
        published = Q(agreements__publication=Publication.PUBLISHED)
        context.update(
            agreement_count=agreements.count(),
            party_count=Party.objects.published().count(),
            event_count=Event.objects.count(),
            latest_agreements=agreements.with_listing_data().order_by("-published_at", "-pk")[
                :HOME_LATEST
            ],
            sectors=Sector.objects.annotate(
                published_agreement_count=Count("agreements", filter=published)
            )
            .filter(published_agreement_count__gt=0)
            .order_by("name"),
            active_parties=agreements.top_participants(
                Party.objects.published(), limit=HOME_PARTIES
            ),
            structured_data=structured_data.website(self.request),
        )
        return context


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search agreements and parties",
        max_length=200,
        required=False,
        help_text="Names in any language or script, acronyms, words of a title: "
        "“KAI”, “perú”, “대한민국”, “chinchero”.",
    )


class SearchView(PublicPageMixin, TemplateView):
    """/search/?q=: one box over parties and agreements, through aliases, ranked."""

    template_name = "search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        context = self.get_context_data(form=form, **kwargs)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        if query:
            user = request.user
            parties = Party.objects.visible_to(user).search(query).select_related("parent")
            agreements = Agreement.objects.visible_to(user).search(query).with_listing_data()
            page = paginate(request, agreements, SEARCH_PER_PAGE)
            context.update(
                query=query,
                parties=parties[:SEARCH_PARTIES],
                party_count=parties.count(),
                page_obj=page,
                agreements=page.object_list,
                agreement_count=page.paginator.count,
                more_parties_url=f"{reverse('parties:list')}?{request.GET.urlencode()}",
            )
        return self.render_to_response(context, status=200 if form.is_valid() else 400)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        # Filter combinations are endless; the unfiltered lists and the sitemap cover all.
        "Disallow: /agreements/?",
        "Disallow: /parties/?",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": str(error)}, status=503)
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)
