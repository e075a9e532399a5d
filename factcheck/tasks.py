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
    stored = store_claims(article)
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
