"""Atom feeds of newly published agreements: all of them, per party, per sector.

Feeds are read by machines and cached by them, so they are published-only for
everyone, staff included.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from parties.models import Party

from .models import Agreement, Sector

FEED_LENGTH = 30


class LatestAgreementsFeed(Feed):
    feed_type = Atom1Feed
    title = "Accords: newly published agreements"
    subtitle = "International agreements as they are added to the Accords register."
    link = reverse_lazy("agreements:list")

    def agreements(self, obj):
        return Agreement.objects.published()

    def items(self, obj=None):
        return (
            self.agreements(obj)
            .prefetch_related("sectors")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's <summary type="html"> is read as HTML by feed readers: the plain summary
        # is escaped, so markup typed into it shows as text there too.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [sector.name for sector in item.sectors.all()]


class PartyAgreementsFeed(LatestAgreementsFeed):
    """A party's agreements, and those of its sub-entities (as on its page)."""

    def get_object(self, request, slug):
        return get_object_or_404(Party.objects.published(), slug=slug)

    def title(self, obj):
        return f"Accords: agreements of {obj.name}"

    def subtitle(self, obj):
        return f"Newly published agreements of {obj.name} and its sub-entities."

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("agreements:party_feed", kwargs={"slug": obj.slug})

    def agreements(self, obj):
        return Agreement.objects.published().involving_any(obj.descendant_ids())


class SectorAgreementsFeed(LatestAgreementsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Sector, slug=slug)

    def title(self, obj):
        return f"Accords: agreements in {obj.name.lower()}"

    def subtitle(self, obj):
        return f"Newly published agreements in the sector {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("agreements:sector_feed", kwargs={"slug": obj.slug})

    def agreements(self, obj):
        return obj.agreements.published()
