"""The article page: every claim highlighted in place (nested or listed, always escaped),
coloured by status or rating, progress per status, and a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.models import Article, Claim
from tests.factories import ClaimFactory, drive

pytestmark = pytest.mark.django_db


def test_article_page_requires_a_role(client_for, outsider, article):
    assert client_for(outsider).get(article.get_absolute_url()).status_code == 403


def test_claims_are_highlighted_in_place_and_coloured(client_for, reviewer, editor, article):
    troops = ClaimFactory(article=article, span="1,200 soldiers")
    killed = ClaimFactory(article=article, kind="casualties", span="At least 14 people were killed")
    drive(killed, "published", reviewer=reviewer, editor=editor)  # rated False (#cf222e)
    html = client_for(reviewer).get(article.get_absolute_url()).content.decode()
    text = html[html.index('id="article-text"') :]
    assert re.search(
        rf'<mark class="claim status-new" id="mark-{troops.pk}"[^>]*>'
        r"1,200 soldiers</mark>",
        text,
    )
    assert re.search(
        rf'<mark class="claim status-published rated" id="mark-{killed.pk}" '
        r'data-colour="#cf222e" title="Casualties \(Published: False\)">'
        r"At least 14 people were killed</mark>",
        text,
    )
    assert f'<a href="{troops.get_absolute_url()}" aria-label="Claim 1: New">1</a>' in text
    assert f'href="{reverse("article_report", args=[article.pk])}"' in html


def test_progress_counts_claims_per_status(client_for, reviewer, editor, article):
    claims = [ClaimFactory(article=article) for _ in range(4)]
    drive(claims[0], "queued", reviewer=reviewer, editor=editor)
    drive(claims[1], "dismissed", reviewer=reviewer, editor=editor)
    drive(claims[2], "published", reviewer=reviewer, editor=editor)
    html = client_for(reviewer).get(article.get_absolute_url()).content.decode()
    progress = html[html.index('id="article-progress"') :]
    for status, n in (
        ("new", 1),
        ("queued", 1),
        ("in_review", 0),
        ("published", 1),
        ("dismissed", 1),
    ):
        assert re.search(
            rf'status={status}"><span class="badge status-{status}">[^<]+</span> '
            rf'<span class="count">{n}</span>',
            progress,
        ), status
    assert "2 of 4 claims done" in html


def _article(body):
    return Article.objects.create(
        title="T", body=body, raw_text=body, content_hash=body[:64].ljust(64, "x")
    )


def test_nested_spans_nest_crossing_spans_split_and_outside_ones_are_listed(client_for, reviewer):
    body = "Officials said at least 14 people died on 3 March.\n\nSecond paragraph here."
    article = _article(body)
    outer = ClaimFactory(article=article, span="at least 14 people died on 3 March")
    inner = ClaimFactory(article=article, span="14 people")
    crossing = Claim.objects.create(
        article=article,
        kind="date",
        text="x",
        span="died on 3",
        start=body.index("people died"),
        end=body.index(" March"),
    )
    outside = Claim.objects.create(
        article=article, kind="date", text="x", span="?", start=len(body) + 5, end=len(body) + 9
    )
    html = client_for(reviewer).get(article.get_absolute_url()).content.decode()
    text = html[html.index('id="article-text"') :]
    assert re.search(
        rf'<mark[^>]*id="mark-{outer.pk}"[^>]*>at least <mark[^>]*id="mark-'
        rf"{inner.pk}\"[^>]*>14 <mark[^>]*id=\"mark-{crossing.pk}\"[^>]*>people</mark></mark>"
        rf"<sup[^>]*>.*?</sup><mark[^>]*continued[^>]*> died on 3</mark><sup[^>]*>.*?</sup>"
        r" March</mark>",
        text,
    )
    assert f'id="mark-{outside.pk}"' not in text
    unplaced = html[html.index("Claims not marked in the text") :].split("</section>")[0]
    assert outside.get_absolute_url() in unplaced
    assert crossing.get_absolute_url() not in unplaced
    # Each paragraph carries its offset in the body (selections map back to it).
    second = body.index("Second")
    assert f'<p dir="auto" data-start="{second}">Second paragraph here.</p>' in text


def test_highlighting_escapes_the_text_around_and_inside_marks(client_for, reviewer):
    body = 'He wrote <script>alert("x")</script> & said 5 < 7 troops.'
    article = _article(body)
    ClaimFactory(article=article, span='<script>alert("x")</script> & said 5')
    html = client_for(reviewer).get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; said 5</mark>" in html
    assert "&lt; 7 troops." in html


def test_article_page_runs_a_fixed_number_of_queries(
    client_for, reviewer, editor, article, django_assert_num_queries
):
    """5 claims or 60 (some published with a rating): the same number of queries."""
    client = client_for(reviewer)
    spans = ["1,200 soldiers", "At least 14 people", "since March 3", "hold the bridge"]
    for i in range(5):
        ClaimFactory(article=article, span=spans[i % 4])
    drive(Claim.objects.first(), "published", reviewer=reviewer, editor=editor)
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        assert client.get(article.get_absolute_url()).status_code == 200
    for i in range(55):
        ClaimFactory(article=article, span=spans[i % 4])
    for claim in Claim.objects.filter(status="new")[:4]:
        drive(claim, "published", reviewer=reviewer, editor=editor)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('<mark class="claim status-') >= 60
    assert (
        len(
            re.findall(
                r'<mark class="claim status-published rated" id="mark-\d+" '
                r'data-colour="#cf222e"',
                html,
            )
        )
        == 5
    )
    # +1 since the desk: the navigation bar's counts of what waits (one query).
    assert len(small.captured_queries) <= 9


def test_article_list_shows_progress_and_searches(client_for, reviewer, editor, article):
    from tests.factories import ArticleFactory

    other = ArticleFactory(title="Budget of $310 million approved", outlet="Daily Ledger")
    claim = ClaimFactory(article=article)
    ClaimFactory(article=article, span="At least 14 people")
    drive(claim, "published", reviewer=reviewer, editor=editor)
    client = client_for(reviewer)
    html = client.get("/").content.decode()
    card = html.split(f'href="{article.get_absolute_url()}"')[1].split("</li>\n")[0]
    assert "1 of 2 claims done" in html
    assert f'<progress id="progress-{article.pk}" max="2" value="1">' in html
    assert "Published" in card
    found = client.get("/", {"q": "ledger"}).content.decode()
    assert other.title in found and article.title not in found
    none = client.get("/", {"q": "zzz"}).content.decode()
    assert "No article matches “zzz”" in none


def test_the_scale_legend_follows_a_renamed_rating(client_for, reviewer, article):
    """The verdict scale is reused between pages until a rating is saved."""
    from factcheck.models import Rating

    ClaimFactory(article=article, span="1,200 soldiers")
    client = client_for(reviewer)
    rating = Rating.objects.filter(active=True).order_by("order").first()
    assert rating.label in client.get(article.get_absolute_url()).content.decode()
    assert "Wholly invented" not in client.get(article.get_absolute_url()).content.decode()
    rating.label = "Wholly invented"
    rating.save()
    assert "Wholly invented" in client.get(article.get_absolute_url()).content.decode()
    rating.active = False
    rating.save()
    assert "Wholly invented" not in client.get(article.get_absolute_url()).content.decode()


def test_a_published_claim_shows_its_newest_rating(client_for, reviewer, editor, article):
    claim = ClaimFactory(article=article, span="1,200 soldiers")
    other = ClaimFactory(article=article, span="hold the bridge")
    drive(claim, "published", reviewer=reviewer, editor=editor)
    html = client_for(reviewer).get(article.get_absolute_url()).content.decode()
    listed = html[html.index('id="claims-heading"') :]
    items = {
        int(pk): item
        for pk, item in re.findall(r'<li><a href="/claims/(\d+)/">(.*?)</li>', listed, re.S)
    }
    assert "badge rating" in items[claim.pk]
    assert "badge rating" not in items[other.pk]
