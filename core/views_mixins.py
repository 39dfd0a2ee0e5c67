class VisibleToUserMixin:
    """Public pages list what the requesting user may see: published rows, or all for staff."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
