"""What every public page shares: who may see what, and how responses may be cached."""

from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from core.cache import CachedCountPaginator, list_count_key
from core.models import sees_drafts


class PublicPageMixin:
    """A public page. Staff may see drafts on it, so their responses are never cached:
    neither by their browser's back/forward history nor by a shared cache or CDN."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if sees_drafts(request.user):
            patch_cache_control(response, private=True, no_store=True)
        return response


class VisibleToUserMixin(PublicPageMixin):
    """Public pages list what the requesting user may see: published rows, or all for staff."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


def without_empty_values(params):
    """A copy of a QueryDict without blank values: a submitted form sends `party=` for an
    untouched select, which means "any", not "the party with an empty slug"."""
    cleaned = params.copy()
    for key in list(cleaned):
        values = [value for value in cleaned.getlist(key) if value.strip()]
        if values:
            cleaned.setlist(key, values)
        else:
            del cleaned[key]
    return cleaned


class FilteredListMixin:
    """A list driven by a FilterSet (django-filter's FilterView). A submitted form's blank
    fields are dropped by a redirect, so the address shows only the filters in use; when a
    parameter is invalid the page still renders, with the error beside its field, as a 400."""

    def dispatch(self, request, *args, **kwargs):
        cleaned = without_empty_values(request.GET)
        if request.method == "GET" and cleaned != request.GET:
            query = cleaned.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = without_empty_values(self.request.GET) or None
        return kwargs

    @property
    def filters_active(self):
        return bool(set(self.filterset.data or {}) - {"page", "ordering"})

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response


class ForgivingPaginationMixin:
    """`?page=abc` or `?page=999` shows the first or last page instead of a 404. The count
    is kept until the next change (settings.COUNT_CACHE)."""

    paginator_class = CachedCountPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
            count_key=list_count_key(
                self.request,
                sees_drafts=sees_drafts(self.request.user),
                page_params=(self.page_kwarg,),
            ),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def paginate(request, queryset, per_page, *, page_kwarg="page"):
    """A page of `queryset` for function-like views, forgiving bad page numbers."""
    key = list_count_key(request, sees_drafts=sees_drafts(request.user), page_params=(page_kwarg,))
    return CachedCountPaginator(queryset, per_page, count_key=key).get_page(
        request.GET.get(page_kwarg)
    )
