"""The queue page's template tags: links keep the filters, menus, per-row take."""

import pytest
from django.http import QueryDict

from factcheck.queue import QueueFilters, queue_page
from factcheck.templatetags import review_queue
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory, drive

pytestmark = pytest.mark.django_db


def filters(query: str) -> QueueFilters:
    return QueueFilters.from_query(QueryDict(query))


def test_status_links_keep_the_other_filters_and_drop_the_cursor():
    reviewer = ReviewerFactory()
    f = filters("kind=quote&after=0.5~3&status=new")
    links = review_queue.status_links(queue_page(f, user=reviewer), f)
    queued = next(link for link in links if link["value"] == "queued")
    assert queued["query"] == "status=queued&kind=quote"
    assert [link["value"] for link in links][:2] == ["new", "queued"]


def test_export_links_carry_the_filters_exports_understand():
    links = review_queue.export_links(filters("status=queued&article=7&kind=quote&q=x"))
    assert links[0] == ("CSV", "format=csv&status=queued&article=7")
    assert [label for label, _ in links] == ["CSV", "JSON", "ClaimReview"]


def test_article_choices_name_a_filtered_article_not_on_the_page():
    reviewer = ReviewerFactory()
    claim = ClaimFactory()
    other = ArticleFactory(title="Zeta report")
    f = filters(f"article={other.pk}")
    choices = review_queue.article_choices(queue_page(filters(""), user=reviewer), f)
    assert (other.pk, "Zeta report") in choices and claim.article_id in dict(choices)
    missing = review_queue.article_choices(queue_page(f, user=reviewer), filters("article=999"))
    assert (999, "Article 999 (not found)") in missing


def test_can_take_only_free_claims_for_a_reviewer():
    reviewer, editor = ReviewerFactory(), EditorFactory()
    queued = drive(ClaimFactory(), "queued", reviewer=reviewer, editor=editor)
    new = ClaimFactory()
    assert review_queue.can_take(queued, reviewer)
    assert not review_queue.can_take(new, reviewer)


def test_querystring_applies_changes():
    f = filters("status=queued&after=0.5~3")
    assert f.querystring(after="") == "status=queued"
    assert f.querystring() == "status=queued&after=0.5~3"
