"""queue.py: filters from the URL, ranking, keyset pages, counts, fixed query count."""

import datetime
from dataclasses import replace
from urllib.parse import quote

import pytest
from django.http import QueryDict
from django.utils import timezone

from factcheck import workflow
from factcheck.importing import import_article
from factcheck.models import Claim
from factcheck.queue import SORTS, QueueFilters, _cursor_for, queue_page

from .conftest import new_claim

pytestmark = pytest.mark.django_db


def filters(query=""):
    return QueueFilters.from_query(QueryDict(query))


def test_filters_parse_and_round_trip():
    f = filters("status=queued&kind=troops&article=3&assignee=mine&q=tank&sort=age")
    assert (f.status, f.kind, f.article, f.assignee, f.q, f.sort) == (
        "queued",
        "troops",
        3,
        "mine",
        "tank",
        "age",
    )
    assert filters(f.querystring()) == f
    assert f.params(status="") == {
        "kind": "troops",
        "article": 3,
        "assignee": "mine",
        "q": "tank",
        "sort": "age",
    }


def test_nonsense_filters_are_dropped_and_named():
    f = filters("status=bogus&article=abc&sort=sideways")
    assert (f.status, f.article, f.sort) == ("", None, "rank")
    assert len(f.errors) == 3 and any("bogus" in e for e in f.errors)


def test_rank_pages_cover_every_claim_once_with_ties(article, reviewer):
    claims = [
        new_claim(article, checkworthiness=[0.9, 0.5, 0.5, 0.5, 0.1][i % 5]) for i in range(23)
    ]
    seen, cursor = [], ""
    while True:
        page = queue_page(filters(f"after={cursor}" if cursor else ""), user=reviewer, size=5)
        seen += [c.pk for c in page.rows]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(c.pk for c in claims) and len(seen) == len(set(seen))
    ranks = [Claim.objects.get(pk=pk).checkworthiness for pk in seen]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize("sort", ["age", "newest"])
def test_age_pages(article, reviewer, sort):
    now = timezone.now()
    claims = [
        new_claim(article, created_at=now - datetime.timedelta(minutes=i % 4)) for i in range(11)
    ]
    seen, cursor = [], ""
    while True:
        page = queue_page(filters(f"sort={sort}&after={cursor}"), user=reviewer, size=4)
        seen += page.rows
        if not (cursor := page.next_cursor):
            break
    assert sorted(c.pk for c in seen) == sorted(c.pk for c in claims)
    keys = [(c.created_at, c.pk) for c in seen]
    assert keys == sorted(keys, reverse=(sort == "newest"))


def test_filters_and_counts(article, editor, reviewer, reviewer2):
    other = import_article(
        b"Other\n\nAnother text here.\n", "other.txt", sidecar=b'{"outlet": "Daily"}', extract=False
    ).article
    troops = new_claim(article, kind="troops", text="1,200 soldiers crossed")
    quote = new_claim(article, kind="quote", speaker="Ana Petrova", text="We will hold")
    elsewhere = new_claim(other, kind="troops", text="tanks")
    workflow.claims_queue_many(claim_ids=[troops.pk, quote.pk, elsewhere.pk], actor=editor)
    workflow.claim_take(claim=troops, actor=reviewer)
    workflow.claim_take(claim=quote, actor=reviewer2)

    def ids(query, user=reviewer):
        return {c.pk for c in queue_page(filters(query), user=user).rows}

    assert ids("kind=troops") == {troops.pk, elsewhere.pk}
    assert ids("assignee=mine") == {troops.pk}
    assert ids("assignee=unassigned") == {elsewhere.pk}
    assert ids("outlet=daily") == {elsewhere.pk}
    assert ids(f"article={article.pk}&status=in_review") == {troops.pk, quote.pk}
    assert ids("q=petrova") == {quote.pk}
    counts = queue_page(filters("kind=troops&status=queued"), user=reviewer).counts
    assert counts["in_review"] == 1 and counts["queued"] == 1 and counts["new"] == 0


def test_a_broken_cursor_shows_the_first_page(claim, reviewer):
    page = queue_page(filters("after=nonsense"), user=reviewer)
    assert [c.pk for c in page.rows] == [claim.pk]
    assert page.errors == ["That page link is broken; showing the first page."]


def test_reading_the_queue_writes_nothing_an_expired_lease_reads_as_free(
    claim, editor, reviewer, reviewer2
):
    workflow.claim_queue(claim=claim, actor=editor)
    workflow.claim_take(claim=claim, actor=reviewer)
    Claim.objects.filter(pk=claim.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    events = claim.events.count()
    page = queue_page(filters("status=in_review"), user=reviewer2)
    assert [c.pk for c in page.rows] == [claim.pk]
    assert workflow.refusal("take", page.rows[0], reviewer2) is None  # free to take
    claim.refresh_from_db()
    assert (claim.status, claim.events.count()) == ("in_review", events)  # nothing written
    assert workflow.expire_leases() == 1  # the command / periodic task writes it
    claim.refresh_from_db()
    assert claim.status == "queued"


@pytest.mark.parametrize("rows", [3, 60])
def test_a_page_costs_the_same_queries_whatever_its_size(
    article, reviewer, rows, django_assert_num_queries
):
    for i in range(rows):
        new_claim(article, checkworthiness=(i % 10) / 10)
    # lease probe, rows (article and assignee joined), counts
    with django_assert_num_queries(2):
        page = queue_page(filters(), user=reviewer)
        for claim in page.rows:
            assert claim.article.title and claim.assignee is None


def test_a_text_search_counts_its_first_matches_only(article, editor, reviewer, monkeypatch):
    """Past SEARCH_COUNT_LIMIT matches a search's counts are those of its best-ranked
    matches and the page says they are capped; under it they are exact."""
    from factcheck import queue

    monkeypatch.setattr(queue, "SEARCH_COUNT_LIMIT", 2)
    best = [new_claim(article, checkworthiness=0.9, text=f"{i} tanks") for i in range(2)]
    rest = [new_claim(article, checkworthiness=0.1, text=f"{i} tanks") for i in range(2)]
    workflow.claims_queue_many(claim_ids=[c.pk for c in best], actor=editor)
    page = queue_page(filters("q=tanks"), user=reviewer)
    assert page.counts_capped and page.total == 3  # the limit and one more
    assert page.counts["queued"] == 2 and page.counts["new"] == 1
    assert {c.pk for c in page.rows} == {c.pk for c in best + rest}
    exact = queue_page(filters("q=0 tanks"), user=reviewer)
    assert not exact.counts_capped
    assert (exact.counts["queued"], exact.counts["new"]) == (1, 1)
    assert not queue_page(filters("status=new"), user=reviewer).counts_capped  # no search


def test_counts_are_reused_briefly_when_asked(article, editor, reviewer, settings):
    from django.core.cache import cache

    cache.clear()
    settings.QUEUE_COUNTS_SECONDS = 5
    claim = new_claim(article)
    assert queue_page(filters(), user=reviewer).counts["new"] == 1
    workflow.claim_queue(claim=claim, actor=editor)
    assert queue_page(filters(), user=reviewer).counts["new"] == 1  # reused
    assert queue_page(filters("kind=troops"), user=reviewer).counts["queued"] == 1  # own key
    settings.QUEUE_COUNTS_SECONDS = 0
    assert queue_page(filters(), user=reviewer).counts["queued"] == 1
    cache.clear()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=in_review",
        "kind=troops&outlet=TEST wire",
        "assignee=mine",
        "assignee=unassigned&sort=age",
        "status=queued&kind=troops&article={article}",
        "q=soldiers",
        "q=SOLDIERS&sort=age&status=queued",
        "q=5&kind=troops",  # by the figure alone
        "q=1,000 soldiers",
        "q=nothing like this",
    ],
)
def test_page_keys_are_the_querysets_own(article, editor, reviewer, reviewer2, query):
    """A first page's keys, its query compiled once per shape of filters (run prepared
    but for a text search), are the rows, values and holders the queryset itself gives,
    whoever asks and whatever they search for."""
    from factcheck.queue import page_keys, row_keys, rows_query

    other = import_article(
        b"Other\n\nAnother text.\n", "other.txt", sidecar=b'{"outlet": "Daily"}', extract=False
    ).article
    claims = [
        new_claim(a, kind="troops", text=f"{i} soldiers", low=i + 5)
        for a in (article, other)
        for i in range(3)
    ] + [new_claim(other, kind="troops", text="1000 soldiers")]
    workflow.claims_queue_many(claim_ids=[c.pk for c in claims], actor=editor)
    workflow.claim_take(claim=claims[0], actor=reviewer)
    workflow.claim_take(claim=claims[4], actor=reviewer2)
    fields = ("pk", "version", "status", "assignee_id", "lease_expires_at", "created_at")
    later_pages = 0
    for i in range(8):  # past PostgreSQL's first custom plans; both users
        who = (reviewer, reviewer2)[i % 2]
        shown = filters(query.format(article=article.pk))
        # The first page and, where there is one, the next (its cursor in this sort).
        while shown:
            keys = row_keys(page_keys(shown, user=who, size=1))
            plain = row_keys(rows_query(shown, user=who, size=1))
            assert [[getattr(c, f) for f in fields] for c in keys] == [
                [getattr(c, f) for f in fields] for c in plain
            ]
            assert [c.assignee and c.assignee.username for c in keys] == [
                c.assignee and c.assignee.username for c in plain
            ]
            assert plain or "nothing" in query or shown.after  # first pages have rows
            if query == "assignee=mine":
                assert {c.assignee for c in keys} == {who}
            if shown.after or len(plain) <= 1:
                break
            later_pages += 1
            shown = replace(shown, after=_cursor_for(plain[0], shown.sort))
    one_row = ("assignee=mine", "q=5&kind=troops", "q=1,000 soldiers", "q=nothing like this")
    assert later_pages or query in one_row


@pytest.mark.parametrize("sort", ["rank", "age", "newest"])
def test_a_later_page_starts_after_the_cursor_in_every_sort(article, editor, reviewer, sort):
    """Keyset pages (their query compiled once per shape, the cursor's values put in)
    follow each other in the sort's order with no row twice or left out, ties broken
    by id; a broken cursor is named and the first page shown."""
    claims = [new_claim(article, checkworthiness=(0.5, 0.7)[i % 2]) for i in range(7)]
    Claim.objects.filter(pk__in=[c.pk for c in claims[:4]]).update(
        created_at=claims[0].created_at  # ties in the age order too
    )
    order = Claim.objects.filter(pk__in=[c.pk for c in claims]).order_by(*SORTS[sort][1])
    seen, after = [], ""
    for _ in range(8):
        page = queue_page(filters(f"sort={sort}&after={quote(after)}"), user=reviewer, size=2)
        assert not page.errors
        seen += [c.pk for c in page.rows]
        after = page.next_cursor
        if not after:
            break
    assert seen == [c.pk for c in order]
    broken = queue_page(filters(f"sort={sort}&after=1~x"), user=reviewer, size=2)
    assert broken.errors == ["That page link is broken; showing the first page."]
    assert [c.pk for c in broken.rows] == seen[:2]
