"""Both task backends run the extraction task: the database one (default) and Redis."""

import os
import uuid

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.tasks.base import TaskResultStatus

from factcheck.tasks import extract_article_claims

REDIS_TASKS_URL = os.environ.get("REDIS_TASKS_TEST_URL", "redis://127.0.0.1:6379/3")


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_TASKS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def redis_tasks(settings):
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS_TASKS_URL}")
    prefix = f"fc-test-tasks-{uuid.uuid4().hex[:8]}"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {"REDIS_URL": REDIS_TASKS_URL, "REDIS_KEY_PREFIX": prefix},
        }
    }
    yield prefix
    import redis

    client = redis.Redis.from_url(REDIS_TASKS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_the_redis_backend_queues_and_a_worker_extracts(redis_tasks, article):
    result = extract_article_claims.enqueue(article.pk)
    assert result.status == TaskResultStatus.READY
    assert not article.claims.exists()  # nothing ran in-process
    # What `manage.py run_redis_tasks` does for each task (the app is not installed in tests).
    from django_tasks_redis import executor

    executor.process_one_task()
    article.refresh_from_db()
    assert article.extracted_at is not None and article.claims.exists()
    stored = task_backends["default"].get_result(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL
    assert stored.return_value == article.claims.count()


# The worker recycles connections as it would in production: not inside a test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_backend_queues_and_a_worker_extracts(settings, article):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = extract_article_claims.enqueue(article.pk)
    assert not article.claims.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    article.refresh_from_db()
    assert article.claims.exists()
    assert task_backends["default"].get_result(result.id).status == TaskResultStatus.SUCCESSFUL


def test_tasks_backend_redis_needs_a_redis_url():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "TASKS_REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**env, "DEBUG": "1", "TASKS_BACKEND": "redis"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "TASKS_BACKEND=redis needs" in result.stderr
