from core.models import PublishableQuerySet


class PartyQuerySet(PublishableQuerySet):
    def states(self):
        return self.filter(kind="state")

    def with_listing_data(self):
        return self.select_related("parent")
