"""Periodic work: a registry of jobs and one loop (`manage.py run_scheduler`) that runs them.

Any module adds a job with::

    from factcheck import scheduler

    @scheduler.job("poll_feeds", every=300)
    def poll_feeds():
        ...

Several copies of the scheduler may run (one per node, for resilience) and still each job
runs at most once per interval and never twice at the same moment:

- the interval is claimed with an atomic `cache.add` of a key that lives `every` seconds,
  shared by all copies when the cache is (REDIS_URL);
- on PostgreSQL a session advisory lock per job stops two runs from overlapping even
  without a shared cache.

Jobs should be idempotent all the same (expire_leases is): a copy can die half-way.
"""

import datetime
import logging
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: int  # seconds between runs
    run: Callable[[], object]


JOBS: dict[str, Job] = {}


def load_jobs() -> dict[str, Job]:
    """Import the modules named in settings.SCHEDULER_MODULES, whose @job functions register."""
    from importlib import import_module

    for module in getattr(settings, "SCHEDULER_MODULES", ()):
        import_module(module)
    return JOBS


def job(name: str, *, every: int):
    """Register `func` as a periodic job called `name`, run every `every` seconds."""

    def register(func):
        JOBS[name] = Job(name=name, every=every, run=func)
        return func

    return register


class _AdvisoryLock:
    """pg_try_advisory_lock for one job on PostgreSQL; always granted elsewhere."""

    def __init__(self, name: str):
        # A stable 32-bit key per job name, in its own namespace (first argument).
        self.key = zlib.crc32(name.encode())
        self.held = False

    def __enter__(self) -> bool:
        if connection.vendor != "postgresql":
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [0x0FC5, self.key])
            self.held = bool(cursor.fetchone()[0])
        return self.held

    def __exit__(self, *exc):
        if self.held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [0x0FC5, self.key])


def run_job(item: Job) -> tuple[bool, object]:
    """Run `item` if no copy ran it within its interval; (ran, result)."""
    if not cache.add(f"scheduler:claimed:{item.name}", timezone.now().isoformat(), item.every):
        return False, None
    with _AdvisoryLock(item.name) as granted:
        if not granted:
            return False, None
        started = time.perf_counter()
        try:
            result = item.run()
        except Exception:
            logger.exception("scheduled job %s failed", item.name)
            return True, None
        logger.info(
            "scheduled job %s done in %.0f ms: %s",
            item.name,
            (time.perf_counter() - started) * 1000,
            result,
        )
        return True, result


def run_due(names=None) -> dict[str, object]:
    """One pass over the registry; returns {job name: result} for the jobs that ran."""
    ran = {}
    for item in list(JOBS.values()):
        if names and item.name not in names:
            continue
        if not connection.in_atomic_block:  # (tests run inside one)
            close_old_connections()
        did_run, result = run_job(item)
        if did_run:
            ran[item.name] = result
    return ran


def run_forever(*, tick: float = 5.0, max_seconds: float | None = None, names=None) -> None:
    """Run due jobs every `tick` seconds (until `max_seconds`, if given)."""
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    while deadline is None or time.monotonic() < deadline:
        run_due(names)
        time.sleep(tick if deadline is None else max(0.0, min(tick, deadline - time.monotonic())))


# --- the app's own jobs ----------------------------------------------------------------------


@job("expire_leases", every=60)
def expire_leases():
    """Return claims whose reviewer's lease ran out to the queue."""
    from factcheck import workflow

    return workflow.expire_leases()


# Looked for twice per TASK_STALE_SECONDS (at least once a minute).
@job("requeue_stale_tasks", every=max(1, min(60, settings.TASK_STALE_SECONDS // 2)))
def requeue_stale_tasks():
    """Run again the tasks a worker started and never finished (it was killed).

    Only for the database task backend; the Redis backend reclaims such tasks itself.
    Tasks are idempotent (see tasks.py), so a slow task run twice does no harm.
    """
    from django.tasks import task_backends

    if not type(task_backends["default"]).__module__.startswith("django_tasks_db"):
        return 0
    from django.tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASK_STALE_SECONDS)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)


@job("notify_expiring_leases", every=60)
def notify_expiring_leases():
    """Warn reviewers whose hold runs out within LEASE_WARNING_MINUTES (once per hold)."""
    from factcheck import notifications

    return notifications.notify_expiring_leases()


@job("poll_feeds", every=60)
def poll_feeds():
    """Hand each followed feed not polled for INTAKE_FEED_POLL_MINUTES to the task workers.

    A feed handed over is not handed over again for that long (a cache key), so a busy
    worker is not sent the same feed every minute; polling twice would only cost time.
    """
    from django.db.models import Q

    from factcheck.models import Feed
    from factcheck.tasks import poll_one_feed

    seconds = settings.INTAKE_FEED_POLL_MINUTES * 60
    due = timezone.now() - datetime.timedelta(seconds=seconds)
    feeds = Feed.objects.filter(active=True).filter(
        Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=due)
    )
    handed = 0
    for pk in feeds.values_list("pk", flat=True):
        if cache.add(f"scheduler:feed:{pk}", 1, max(1, seconds - 30)):
            poll_one_feed.enqueue(pk)
            handed += 1
    return handed
