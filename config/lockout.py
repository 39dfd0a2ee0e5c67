"""What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): a 429 with
`Retry-After`, as JSON on the API and as a page in the admin."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.http import JsonResponse
from django.shortcuts import render


def lockout_message(minutes: int, failure_limit: int) -> str:
    return (
        f"Too many failed sign-in attempts: after {failure_limit} wrong passwords for this "
        f"username from your address, signing in is blocked for {minutes} minutes, even with "
        "the right password. Wait, then try again; each further attempt restarts the wait. "
        "If you have forgotten your password, ask an administrator to reset it."
    )


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    minutes = max(1, round(seconds / 60))
    failure_limit = get_failure_limit(request, credentials)
    message = lockout_message(minutes, failure_limit)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "retry_after": seconds}, status=429)
    else:
        context = {
            "message": message,
            "minutes": minutes,
            "failure_limit": failure_limit,
            "username": get_client_username(request, credentials) or "",
        }
        response = render(request, "axes/lockout.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response
