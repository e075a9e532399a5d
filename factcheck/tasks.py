"""Background work run through django.tasks (the database backend in production)."""

from django.tasks import task


@task()
def extract_article_claims(article_id: int) -> int:
    """Extract an imported article's claims; returns how many claims were stored."""
    from factcheck.extraction.store import store_claims
    from factcheck.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None:  # deleted before a worker got to it
        return 0
    return store_claims(article)


@task()
def expire_leases() -> int:
    """Return claims whose reviewer's lease ran out to the queue (periodic; audited)."""
    from factcheck import workflow

    return workflow.expire_leases()


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
