"""Error pages that never show a traceback, and a 503 when the database is away."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

UNAVAILABLE = "The register's database is unavailable right now. Please try again in a minute."


def server_error(request):
    """handler500: a database outage is a 503 with a retry hint; anything else a plain 500."""
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Something went wrong on our side; it has been logged."}, status=500
        )
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def unavailable(request):
    if request.path.startswith("/api/") or request.path == "/healthz":
        response = JsonResponse({"status": "unavailable", "detail": UNAVAILABLE}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
