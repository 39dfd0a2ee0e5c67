"""/sitemap.xml: an index of sections (pages, agreements, parties, events, sectors), each
paginated; entries are published only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from parties.models import Party

from .models import Agreement, Event, Sector

PAGE_SIZE = 5000  # URLs per sitemap page (the protocol allows 50,000; smaller pages are quick)


class AgreementSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = PAGE_SIZE

    def items(self):
        return Agreement.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PartySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = PAGE_SIZE

    def items(self):
        return Party.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Event.objects.only("slug").order_by("pk")


class SectorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Sector.objects.only("slug").order_by("pk")


class PageSitemap(Sitemap):
    """The pages that are not entries: home, lists, indexes."""

    changefreq = "daily"
    priority = 0.7

    def items(self):
        return [
            "core:home",
            "agreements:list",
            "parties:list",
            "agreements:events",
            "agreements:sectors",
            "agreements:network",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "agreements": AgreementSitemap,
    "parties": PartySitemap,
    "events": EventSitemap,
    "sectors": SectorSitemap,
}
