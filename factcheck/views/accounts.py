"""The login page when too many wrong passwords locked a username or address out."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def lockout_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME * 60))


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this instead of logging in: the login page with the reason, 429."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username[:150]})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "locked_out": True,
            "lockout_minutes": lockout_minutes(),
            "next": request.POST.get("next", ""),
        },
        status=429,
    )
