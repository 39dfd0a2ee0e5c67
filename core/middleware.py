import logging
import time
import uuid

from django.conf import settings

from .requests import reads_from_primary, request_id

request_logger = logging.getLogger("accords.request")


def is_signed_in(request) -> bool:
    """Whether the request may come from a signed-in user (a session cookie or an
    Authorization header), decided without touching the session or the database. Such
    reads go to the primary and never through the anonymous response cache (core.cache)."""
    # META, not request.headers: building that mapping of every header was a tenth of a
    # cached response's time, and a hit needs only these two.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


class RequestContextMiddleware:
    """Gives each request an id (from `X-Request-ID` or a new one), pins the reads of
    signed-in editors to the primary database, and writes one log line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        id_token = request_id.set(request.id)
        primary_token = reads_from_primary.set(is_signed_in(request))
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            reads_from_primary.reset(primary_token)
            request_id.reset(id_token)
