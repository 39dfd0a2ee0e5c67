"""The API's view classes shared by every resource, and the views that are not resources
(token, schema, Swagger UI). Kept apart from config.api, which DRF imports while it
defines its own views (throttles, pagination)."""

import reversion
from django.contrib.auth import authenticate, user_logged_in
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from knox.models import get_token_model
from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import (
    AnonRateThrottle,
    CachingHeadersMixin,
    ConditionalMixin,
    CSVListMixin,
    ProtectedDeleteMixin,
    UserRateThrottle,
    error_responses,
)
from config.lockout import lockout_response
from core.models import Publication


class RegisterSchema(AutoSchema):
    """Reads need no credentials (config.api.ModelPermissions): say so."""

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


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    expiry = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the token stops working."
    )


INVALID_CREDENTIALS = (
    "Unable to sign in with this username and password. Check them and try again; "
    "repeated failures block signing in for a while."
)


@extend_schema(
    request=TokenRequestSerializer,
    responses={200: TokenResponseSerializer, **error_responses(400, 406, 415, 429)},
    summary="Exchange a username and password for an API token",
    description="Send the token back as `Authorization: Token <token>`. Tokens expire "
    "(`expiry`); ask for a new one then. Only a digest of the token is stored. After "
    "repeated wrong passwords for a username, signing in from that address is refused with "
    "a 429 and `Retry-After`, even with the right password.",
)
class TokenView(CachingHeadersMixin, APIView):
    """POST username + password → {"token": …, "expiry": …} (a django-rest-knox token).

    The password is checked by `django.contrib.auth.authenticate(request=…)`, so django-axes
    counts failures and locks out a username and address pair as it does for the admin.
    Throttled like any anonymous request."""

    authentication_classes = []  # a stale token in the header must not stop a new sign-in
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    serializer_class = TokenRequestSerializer

    def post(self, request, *args, **kwargs):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        credentials = {
            "username": serializer.validated_data["username"],
            "password": serializer.validated_data["password"],
        }
        http_request = request._request  # axes marks a lock-out on Django's own request
        user = authenticate(request=http_request, **credentials)
        if user is None:
            if getattr(http_request, "axes_locked_out", False):
                return lockout_response(
                    http_request, credentials={"username": credentials["username"]}
                )
            raise serializers.ValidationError({"non_field_errors": [INVALID_CREDENTIALS]})
        instance, token = get_token_model().objects.create(user=user)
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        return Response(TokenResponseSerializer({"token": token, "expiry": instance.expiry}).data)


class SchemaView(CachingHeadersMixin, SpectacularAPIView):
    renderer_classes = SpectacularAPIView.renderer_classes


class SwaggerView(CachingHeadersMixin, SpectacularSwaggerSplitView):
    """Swagger UI from our own static files, its init script served as a separate file so
    it runs under the site's Content-Security-Policy (no inline script or style)."""

    template_name = "api/swagger_ui.html"
    renderer_classes = SpectacularSwaggerSplitView.renderer_classes
    url_name = "api:schema"
