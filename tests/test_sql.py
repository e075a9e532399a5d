"""factcheck/sql.py: querysets compiled once per process, run with other values."""

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from factcheck import sql
from factcheck.models import Claim, ClaimEvent, Verdict
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory, drive

pytestmark = pytest.mark.django_db

ANY = -7  # a stand-in id no row has


def _claims():
    return (
        Claim.objects.select_related("article", "assignee")
        .defer("article__raw_text")
        .filter(pk=ANY)
        .annotate(has_events=Exists(ClaimEvent.objects.filter(claim=OuterRef("pk"))))
    )


def test_instances_are_the_querysets_own_with_other_values():
    reviewer, editor = ReviewerFactory(), EditorFactory()
    first, second = ClaimFactory(), ClaimFactory(article=ArticleFactory(title="Two"))
    drive(second, "in_review", reviewer=reviewer, editor=editor)
    assert ClaimEvent.objects.filter(claim=second).exists()
    for claim in (first, second):
        (got,) = sql.instances("test-claim", _claims, {ANY: claim.pk})
        want = Claim.objects.select_related("article", "assignee").get(pk=claim.pk)
        assert got.pk == want.pk and got.version == want.version
        assert got.article.title == want.article.title  # select_related, built without a query
        assert (got.assignee and got.assignee.pk) == (want.assignee and want.assignee.pk)
        assert got.has_events == ClaimEvent.objects.filter(claim=claim).exists()  # annotation
        assert got.created_at == want.created_at  # converters: an aware datetime
        assert got.entities == want.entities  # and JSON
        assert "raw_text" in got.article.get_deferred_fields()
    assert sql.instances("test-claim", _claims, {ANY: 10**9}) == []


def test_related_objects_come_in_the_same_query():
    claim = ClaimFactory()
    (got,) = sql.instances("test-claim", _claims, {ANY: claim.pk})
    with CaptureQueriesContext(connection) as queries:
        assert got.article.pk == claim.article_id and got.assignee is None
    assert len(queries) == 0


def test_fetch_all_replaces_stand_ins():
    claim = ClaimFactory()
    ClaimFactory(article=claim.article)

    def build():
        return Claim.objects.filter(article_id=ANY).order_by("id").values_list("id", "article_id")

    rows = sql.fetch_all("test-rows", build, {ANY: claim.article_id})
    assert [r[1] for r in rows] == [claim.article_id] * 2 and rows[0][0] == claim.pk
    assert sql.fetch_all("test-rows", build, {ANY: 10**9}) == []


def test_a_queryset_that_prefetches_is_refused():
    with pytest.raises(ValueError, match="prefetch"):
        sql.instances("test-prefetch", lambda: Verdict.objects.prefetch_related("evidence"), {})


def test_grouped_annotations_keep_their_values():
    claim = ClaimFactory()
    ClaimFactory(article=claim.article)

    def build():
        from factcheck.models import Article

        return Article.objects.filter(pk=ANY).annotate(n=Count("claims"))

    (article,) = sql.instances("test-count", build, {ANY: claim.article_id})
    assert article.n == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_compiled_queries_run_prepared_unless_db_prepared_is_off(monkeypatch):
    claim = ClaimFactory()

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)  # DB_PREPARED=0
    before = prepared()
    (got,) = sql.instances("test-prepared", _claims, {ANY: claim.pk})
    assert got.pk == claim.pk and prepared() == before
    monkeypatch.setattr(connection.connection, "prepare_threshold", 0)
    (got,) = sql.instances("test-prepared", _claims, {ANY: claim.pk})
    assert got.pk == claim.pk and prepared() == before + 1
