"""The scheduler: a registry of periodic jobs, each run once per interval by many copies."""

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from factcheck import scheduler


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counting_job(fresh_cache):
    runs = []

    def slow():
        runs.append(threading.get_ident())
        time.sleep(0.2)
        return len(runs)

    item = scheduler.Job(name="test_counting", every=60, run=slow)
    scheduler.JOBS[item.name] = item
    yield runs
    scheduler.JOBS.pop(item.name)


def test_the_registry_holds_the_apps_jobs():
    jobs = scheduler.load_jobs()
    assert {
        "expire_leases",
        "requeue_stale_tasks",
        "notify_expiring_leases",
        "poll_feeds",
    } <= set(jobs)


def test_a_job_runs_once_per_interval(db, counting_job):
    assert scheduler.run_due(["test_counting"]) == {"test_counting": 1}
    assert scheduler.run_due(["test_counting"]) == {}
    cache.delete("scheduler:claimed:test_counting")  # the interval is over
    assert scheduler.run_due(["test_counting"]) == {"test_counting": 2}


def test_copies_running_at_once_run_a_job_once(db, counting_job):
    def copy():
        try:
            scheduler.run_due(["test_counting"])
        finally:
            connection.close()

    threads = [threading.Thread(target=copy) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(counting_job) == 1


def test_expire_leases_job_returns_lapsed_claims(
    db, fresh_cache, article, reviewer, editor, settings
):
    from factcheck.models import Claim
    from tests.factories import ClaimFactory, drive

    claim = ClaimFactory(article=article, span="1,200 soldiers")
    drive(claim, "in_review", reviewer=reviewer, editor=editor)
    Claim.objects.filter(pk=claim.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert scheduler.run_due(["expire_leases"]) == {"expire_leases": 1}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.QUEUED and claim.assignee is None


def test_stale_database_tasks_are_requeued(db, fresh_cache, settings, article):
    from django.tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_STALE_SECONDS = 60
    from factcheck.tasks import extract_article_claims

    stale = extract_article_claims.enqueue(article.pk)
    fresh = extract_article_claims.enqueue(article.pk)
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=stale.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago
    )
    DBTaskResult.objects.filter(pk=fresh.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    assert scheduler.run_due(["requeue_stale_tasks"]) == {"requeue_stale_tasks": 1}
    assert DBTaskResult.objects.get(pk=stale.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=fresh.id).status == TaskResultStatus.RUNNING


def test_lease_warnings_job_warns_a_holder_once(
    db, fresh_cache, article, reviewer, editor, settings
):
    from factcheck.models import Claim, Notification
    from tests.factories import ClaimFactory, drive

    settings.LEASE_WARNING_MINUTES = 5
    claim = ClaimFactory(article=article, span="1,200 soldiers")
    drive(claim, "in_review", reviewer=reviewer, editor=editor)
    Claim.objects.filter(pk=claim.pk).update(
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=2)
    )
    assert scheduler.run_due(["notify_expiring_leases"]) == {"notify_expiring_leases": 1}
    cache.delete("scheduler:claimed:notify_expiring_leases")
    assert scheduler.run_due(["notify_expiring_leases"]) == {"notify_expiring_leases": 0}
    assert Notification.objects.filter(recipient=reviewer, kind="lease").count() == 1


def test_feed_polling_job_hands_due_feeds_to_the_workers_once(db, fresh_cache, monkeypatch):
    from factcheck import tasks
    from tests.factories import FeedFactory

    handed = []
    monkeypatch.setattr(tasks, "poll_one_feed", type("Task", (), {"enqueue": handed.append}))
    due = FeedFactory(last_polled_at=None)
    FeedFactory(last_polled_at=timezone.now())  # polled just now
    FeedFactory(last_polled_at=None, active=False)  # no longer followed
    assert scheduler.run_due(["poll_feeds"]) == {"poll_feeds": 1}
    assert handed == [due.pk]
    cache.delete("scheduler:claimed:poll_feeds")  # a minute later, not yet polled
    assert scheduler.run_due(["poll_feeds"]) == {"poll_feeds": 0}
    assert handed == [due.pk]


def test_the_command_lists_and_runs_jobs(db, fresh_cache, capsys):
    call_command("run_scheduler", "--list")
    assert "expire_leases" in capsys.readouterr().out
    call_command("run_scheduler", "--once", "--job", "expire_leases")
    assert "expire_leases: 0" in capsys.readouterr().out


@pytest.mark.postgres
def test_a_job_another_copy_is_running_is_skipped_on_postgresql(db, counting_job):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    import psycopg

    settings_dict = connection.settings_dict
    other = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    )
    try:
        key = scheduler._AdvisoryLock("test_counting").key
        other.execute("SELECT pg_advisory_lock(%s, %s)", [0x0FC5, key])
        assert scheduler.run_due(["test_counting"]) == {}
        assert counting_job == []
    finally:
        other.close()
