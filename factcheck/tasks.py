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
    if article.extracted_at is not None:  # done by an earlier run of this task
        return 0
    return store_claims(article, first_time=True)


@task()
def expire_leases() -> int:
    """Return claims whose reviewer's lease ran out to the queue (periodic; audited)."""
    from factcheck import workflow

    return workflow.expire_leases()
