"""The minimal logged-in page: the reference the benchmarks compare every page against."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def ping(request):
    # Same middleware, session and user lookup as every page; one tiny template, no queries
    # of its own, so its latency is the floor a real page is measured against.
    return render(request, "ping.html")


# --- health checks for load balancers (/healthz, /readyz) and database errors --------------
import logging  # noqa: E402
import uuid  # noqa: E402

from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import DatabaseError, InterfaceError, OperationalError, connection  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.views import defaults  # noqa: E402
from django.views.decorators.cache import never_cache  # noqa: E402

logger = logging.getLogger(__name__)
_migrations_applied = False  # once true, true for the life of the process (code is fixed)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """The process is up and answers; touches nothing else (a liveness probe)."""
    return JsonResponse({"status": "ok"})


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def _check_migrations():
    global _migrations_applied
    if _migrations_applied:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        raise RuntimeError(f"{len(plan)} migration(s) not applied: {names}")
    _migrations_applied = True


def _check_tasks():
    from django.tasks import task_backends

    backend = task_backends["default"]
    if hasattr(backend, "get_client"):  # django-tasks-redis
        backend.get_client().ping()
    elif type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


READY_CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "migrations": _check_migrations,
    "tasks": _check_tasks,
}


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Ready for traffic: database, cache, migrations applied, task backend reachable.

    503 (with Retry-After) names what failed, so a load balancer takes the node out until
    it recovers.
    """
    checks = {}
    for name, check in READY_CHECKS.items():
        try:
            check()
            checks[name] = "ok"
        except Exception as exc:  # any failure means "not ready", reported by name
            logger.warning("readyz: %s failed: %s", name, exc)
            checks[name] = f"failed: {type(exc).__name__}: {exc}"[:300]
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = "5"
    return response


def _is_connection_error(exc) -> bool:
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        if isinstance(exc, DatabaseError) and "connection" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request, *args, **kwargs):
    """handler500: a lost database connection is a 503 with Retry-After, not a 500.

    The broken connection is dropped here so the next request (the retry) gets a fresh one.
    """
    import sys

    exc = sys.exc_info()[1]
    if _is_connection_error(exc):
        connection.close_if_unusable_or_obsolete()
        if connection.connection is not None and not connection.is_usable():
            connection.close()
        response = HttpResponse(
            "The database connection was lost; try again in a moment.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "1"
        return response
    return defaults.server_error(request, *args, **kwargs)
