"""Background work run through django.tasks (the database backend in production)."""

from django.tasks import task


@task()
def extract_article_claims(article_id: int) -> int:
    """Extract an imported article's claims; returns how many claims were stored.

    Safe to run again (a task retried after its worker died): an article already extracted
    is left alone, and two runs at once store the claims once (store_claims locks).
    """
    from factcheck.extraction.store import store_claims
    from factcheck.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None:  # deleted before a worker got to it
        return 0
    if article.extracted_at is None:
        stored = store_claims(article, first_time=True)
    else:  # done by an earlier run of this task; only its story may be missing
        from factcheck.models import StoryArticle

        if StoryArticle.objects.filter(article=article).exists():
            return 0
        stored = 0
    place_in_story(article)
    return stored


def place_in_story(article) -> None:
    """Group the article with other outlets' reports of its event (never fails the import)."""
    import logging

    from factcheck.stories.store import place_article

    try:
        place_article(article)
    except Exception:  # a story is a convenience; the claims are already stored
        logging.getLogger(__name__).exception("placing article %s in a story failed", article.pk)


@task()
def expire_leases() -> int:
    """Return claims whose reviewer's lease ran out to the queue (periodic; audited)."""
    from factcheck import workflow

    return workflow.expire_leases()


@task()
def poll_due_feeds() -> int:
    """Poll the active feeds not polled for INTAKE_FEED_POLL_MINUTES; then come back later.

    Returns how many articles were imported. The next run is queued at the end, so one
    `manage.py poll_feeds --schedule` (or adding a feed on the feeds page) keeps it going.
    """
    import datetime

    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone

    from factcheck.importing import poll_feeds
    from factcheck.models import Feed

    minutes = settings.INTAKE_FEED_POLL_MINUTES
    due = timezone.now() - datetime.timedelta(minutes=minutes)
    feeds = Feed.objects.filter(active=True).filter(
        Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=due)
    )
    try:
        reports = poll_feeds(feeds)
    finally:
        schedule_feed_polling(delay_minutes=minutes)
    return sum(r.imported for r in reports)


def schedule_feed_polling(*, delay_minutes: float = 0) -> bool:
    """Queue the next feed poll unless one is already waiting; False when not possible.

    Only a backend that can run a task later (the database backend) keeps a chain; with
    the in-process backend, `manage.py poll_feeds` from cron does the polling.
    """
    import datetime

    from django.utils import timezone

    backend = poll_due_feeds.get_backend()
    if not backend.supports_defer:
        return False
    try:
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=poll_due_feeds.module_path
        )
        if waiting.exists():
            return True
    except ImportError:  # another deferring backend: no way to look, queue it anyway
        pass
    run_after = timezone.now() + datetime.timedelta(minutes=delay_minutes)
    poll_due_feeds.using(run_after=run_after).enqueue()
    return True


@task()
def poll_one_feed(feed_id: int) -> int:
    """Poll one feed now (the feeds page's "Poll now"); returns how many articles came in."""
    from factcheck.importing import poll_feed
    from factcheck.models import Feed

    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return 0
    return poll_feed(feed).imported


@task()
def notify_claim_event(event_id: int) -> int:
    """Tell the people a claim event concerns (in the app, and by email if they chose)."""
    from factcheck.notifications import notify_event

    return notify_event(event_id)


@task()
def notify_expiring_leases() -> int:
    """Warn reviewers whose hold on a claim runs out within LEASE_WARNING_MINUTES."""
    from factcheck import notifications

    return notifications.notify_expiring_leases()
