"""The read side of articles: the list with claim counts, one article's progress."""

import pytest

from factcheck.articles import article_list, article_page
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory, drive

pytestmark = pytest.mark.django_db


def test_article_list_counts_claims_newest_first():
    old, new = ArticleFactory(), ArticleFactory()
    ClaimFactory(article=old)
    ClaimFactory(article=old, span="14 people")
    listed = list(article_list())
    assert [a.pk for a in listed] == [new.pk, old.pk]
    assert [a.claim_count for a in listed] == [0, 2]


def test_article_page_counts_progress_and_carries_ratings():
    article = ArticleFactory()
    reviewer, editor = ReviewerFactory(), EditorFactory()
    claims = [ClaimFactory(article=article) for _ in range(4)]
    drive(claims[0], "published", reviewer=reviewer, editor=editor, rating="false")
    drive(claims[1], "dismissed", reviewer=reviewer, editor=editor)
    page = article_page(article)
    assert page.done == 2
    by_status = {step["status"]: (step["count"], step["percent"]) for step in page.progress}
    assert by_status["new"] == (2, 50) and by_status["published"] == (1, 25)
    rated = [c for c in page.claims if c.rating_label]
    assert [(c.pk, c.rating_label, c.rating_colour) for c in rated] == [
        (claims[0].pk, "False", "#cf222e")
    ]
    assert [r.slug for r in page.ratings][:2] == ["true", "mostly-true"]


def test_article_page_of_an_article_without_claims():
    page = article_page(ArticleFactory())
    assert page.claims == [] and page.done == 0
    assert all(step["percent"] == 0 for step in page.progress)
