"""Endpoints for operators and load balancers: /healthz (liveness) and /readyz (readiness).

A lost database connection is handled by factcheck.middleware.DatabaseConnectionLostMiddleware
(one retry for a read, else 503 with Retry-After).
"""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
