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
