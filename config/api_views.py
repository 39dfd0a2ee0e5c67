"""The API's view classes shared by every resource, and the views that are not resources
(token, schema, Swagger UI). Kept apart from config.api, which DRF imports while it
defines its own views (throttles, pagination)."""

import reversion
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import SAFE_METHODS, AllowAny

from config.api import (
    AnonRateThrottle,
    CachingHeadersMixin,
    ConditionalMixin,
    CSVListMixin,
    ProtectedDeleteMixin,
    UserRateThrottle,
    error_responses,
)
from core.models import Publication


class RegisterSchema(AutoSchema):
    """Reads need no credentials (DjangoModelPermissionsOrAnonReadOnly): say so."""

    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths


class RegisterViewSet(
    CachingHeadersMixin, ConditionalMixin, ProtectedDeleteMixin, CSVListMixin, viewsets.ModelViewSet
):
    """Base of every resource: slug lookups, JSON (+ CSV on lists), capped pagination,
    model permissions, conditional requests and cache headers.

    A resource sets `queryset` (all rows) and overrides `with_data()` (the joins and
    prefetches its representation needs) and, if need be, `visible()`.
    """

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"  # a SlugField's characters; also the schema's pattern
    schema = RegisterSchema()

    def visible(self, queryset):
        """The rows the caller may see: published ones for all but staff."""
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(self.request.user)
        return queryset

    def with_data(self, queryset):
        return queryset

    def get_queryset(self):
        return self.with_data(self.visible(self.queryset.all()))

    #: The permission that publishing or unpublishing a row needs ("app.codename").
    publish_permission = None

    def perform_create(self, serializer):
        self._check_publication_change(serializer, current=Publication.DRAFT)
        self._save(serializer, "Created through the API")

    def perform_update(self, serializer):
        current = getattr(serializer.instance, "publication", None)
        self._check_publication_change(serializer, current=current)
        self._save(serializer, "Changed through the API")

    def _check_publication_change(self, serializer, *, current):
        """As in the admin, only publishers move an entry onto or off the public site."""
        requested = serializer.validated_data.get("publication")
        if not self.publish_permission or requested in (None, current):
            return
        if Publication.PUBLISHED not in (requested, current):
            return  # draft ⇄ review is an editor's move
        if not self.request.user.has_perm(self.publish_permission):
            model = self.queryset.model._meta.verbose_name_plural
            self.permission_denied(
                self.request,
                message=f"Publishing or unpublishing {model} needs the permission to publish "
                "them (the Publisher role). Save it as a draft or send it to review instead.",
            )

    def _save(self, serializer, comment):
        """Save as one revision of the entry's history, in the caller's name."""
        with reversion.create_revision():
            reversion.set_user(self.request.user)
            reversion.set_comment(comment)  # the publishing services may say more
            serializer.save()
        self._reload(serializer)

    def get_success_headers(self, data):
        """`Location` of a new row: its API URL (DRF's default would take the public `url`)."""
        return {"Location": str(data["api_url"])} if "api_url" in data else {}

    def _reload(self, serializer):
        """Read the written row back with everything its representation needs."""
        pk = serializer.instance.pk
        serializer.instance = self.with_data(self.queryset.all()).get(pk=pk)


# --- Views that are not resources -------------------------------------------------------


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


@extend_schema(
    request=AuthTokenSerializer,
    responses={200: TokenResponseSerializer, **error_responses(400, 406, 415, 429)},
    summary="Exchange a username and password for an API token",
    description="Send the token back as `Authorization: Token <token>`.",
)
class TokenView(CachingHeadersMixin, ObtainAuthToken):
    """POST username + password → {"token": …}; throttled like any anonymous request."""

    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    permission_classes = [AllowAny]


class SchemaView(CachingHeadersMixin, SpectacularAPIView):
    renderer_classes = SpectacularAPIView.renderer_classes


class SwaggerView(CachingHeadersMixin, SpectacularSwaggerSplitView):
    """Swagger UI from our own static files, its init script served as a separate file so
    it runs under the site's Content-Security-Policy (no inline script or style)."""

    template_name = "api/swagger_ui.html"
    renderer_classes = SpectacularSwaggerSplitView.renderer_classes
    url_name = "api:schema"
