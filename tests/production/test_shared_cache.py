"""The shared cache: REDIS_URL selects Django's Redis backend; generations keep nodes in step."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from factcheck import caching, queue, workflow
from factcheck.importing import import_article
from factcheck.models import Claim
from tests.factories import ClaimFactory, drive

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/1")


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def redis_cache(settings):
    """The default cache on the machine's Redis (db 1), under a prefix of this test's own."""
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    prefix = f"fc-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    assert isinstance(caches["default"], RedisCache)
    yield prefix
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _other_node(prefix) -> RedisCache:
    """A cache with its own connection, as another web node has."""
    return RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": prefix})


def test_redis_url_switches_the_cache_to_djangos_redis_backend():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'])"
    )
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    run = lambda **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True
    ).stdout.splitlines()[-1]
    assert run(REDIS_URL="redis://127.0.0.1:6379/1").endswith("RedisCache")
    env.pop("REDIS_URL", None)
    assert run().endswith("LocMemCache")


def test_a_step_shows_in_the_next_counts_on_any_node(
    redis_cache, settings, article, reviewer, django_capture_on_commit_callbacks
):
    settings.QUEUE_COUNTS_SECONDS = 60
    claim = ClaimFactory(article=article, span="1,200 soldiers")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_queue(claim=claim, actor=_editor())
    filters = queue.QueueFilters()
    before = queue.status_counts(filters, user=reviewer)
    assert before[Claim.Status.QUEUED] == 1
    seen_by_other = _other_node(redis_cache).get(f"generation:{caching.CLAIMS}")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_take(claim=claim, actor=reviewer)
    # The other node's connection sees the bumped generation: its cached counts are old.
    assert _other_node(redis_cache).get(f"generation:{caching.CLAIMS}") == seen_by_other + 1
    after = queue.status_counts(filters, user=reviewer)
    assert after[Claim.Status.QUEUED] == 0 and after[Claim.Status.IN_REVIEW] == 1


def _editor():
    from tests.factories import EditorFactory

    return EditorFactory()


def test_counts_are_reused_while_nothing_changes(settings, article, reviewer, redis_cache):
    settings.QUEUE_COUNTS_SECONDS = 60
    ClaimFactory(article=article, span="1,200 soldiers")
    filters = queue.QueueFilters()
    assert queue.status_counts(filters, user=reviewer)[Claim.Status.NEW] == 1
    # A write that bypasses the workflow (no event, no bump) is not seen: the reuse is real.
    Claim.objects.update(status=Claim.Status.DISMISSED)
    assert queue.status_counts(filters, user=reviewer)[Claim.Status.NEW] == 1


def test_the_outlet_menu_shows_a_new_outlet_at_once(db, django_capture_on_commit_callbacks):
    cache.clear()
    assert "Harbour Post" not in queue.outlet_choices()
    with django_capture_on_commit_callbacks(execute=True):
        import_article(
            b"Port reopens\n\nThe port reopened on Monday after 12 days.\n",
            "port.txt",
            sidecar=b'{"outlet": "Harbour Post"}',
            extract=False,
        )
    assert "Harbour Post" in queue.outlet_choices()


def test_a_lost_generation_restarts_above_any_number_used_before(locmem_cache):
    caching.bump(caching.CLAIMS)
    first = caching.generation(caching.CLAIMS)
    cache.delete(f"generation:{caching.CLAIMS}")  # evicted
    assert caching.generation(caching.CLAIMS) > first


@pytest.fixture
def locmem_cache():
    cache.clear()
    yield
    cache.clear()


def test_an_extraction_task_run_twice_stores_the_claims_once(
    db, article, django_capture_on_commit_callbacks
):
    from factcheck.tasks import extract_article_claims

    first = extract_article_claims.call(article.pk)
    assert first > 0
    events = article.claims.count()
    assert extract_article_claims.call(article.pk) == 0  # a retried task: nothing new
    assert article.claims.count() == events
    ids = set(article.claims.values_list("pk", flat=True))
    assert ids == set(Claim.objects.filter(article=article).values_list("pk", flat=True))


def test_rows_are_keyed_on_the_claim_version(client_for, reviewer, editor, article, settings):
    settings.QUEUE_ROW_CACHE_SECONDS = 60
    cache.clear()
    claim = ClaimFactory(article=article, span="1,200 soldiers")
    drive(claim, "queued", reviewer=reviewer, editor=editor)
    client = client_for(reviewer)
    assert ">Take</button>" in client.get("/queue/").content.decode()
    workflow.claim_take(claim=claim, actor=reviewer)
    page = client.get("/queue/").content.decode()
    assert "In review" in page
