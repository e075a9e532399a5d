"""The editors' dashboard: how the desk is doing."""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.http import require_GET

from factcheck import dashboard as desk_dashboard
from factcheck import workflow
from factcheck.views.claims import refused


@require_GET
def dashboard(request):
    if not workflow.is_editor(request.user):
        return refused(request, workflow.NotAllowed("Only editors may see the dashboard."))
    # A minute-old picture of the desk is good enough and spares the database.
    ttl = settings.DASHBOARD_CACHE_SECONDS
    board = cache.get_or_set("dashboard", desk_dashboard.dashboard, ttl) if ttl else None
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "board": board or desk_dashboard.dashboard(),
            "statuses": desk_dashboard.LABELS,
            "cache_seconds": ttl,
        },
    )
