"""The article page: every claim highlighted in place (nested or listed, always escaped),
coloured by status or rating, progress per status, and a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.models import Article, Claim
from factcheck.views.articles import highlight_claims, paragraph_spans
from tests.views.conftest import drive, make_claim

pytestmark = pytest.mark.django_db


def test_article_page_requires_a_role(client_for, outsider, article):
    assert client_for(outsider).get(article.get_absolute_url()).status_code == 403


def test_claims_are_highlighted_in_place_and_coloured(client_for, reviewer, editor, article):
    troops = make_claim(article, span="1,200 soldiers")
    killed = make_claim(article, kind="casualties", span="At least 14 people were killed")
    drive(killed, "published", reviewer=reviewer, editor=editor)  # rated False (#cf222e)
    html = client_for(reviewer).get(article.get_absolute_url()).content.decode()
    text = html[html.index('id="article-text"') :]
    assert re.search(
        rf'<mark class="claim status-new" id="mark-{troops.pk}"[^>]*>'
        r"1,200 soldiers</mark>",
        text,
    )
    assert re.search(
        rf'<mark class="claim status-published rated colour-cf222e" id="mark-{killed.pk}" '
        r'title="Casualties \(Published: False\)">'
        r"At least 14 people were killed</mark>",
        text,
    )
    assert f'<a href="{troops.get_absolute_url()}" aria-label="Claim 1: New">1</a>' in text
    assert f'href="{reverse("article_report", args=[article.pk])}"' in html


def test_progress_counts_claims_per_status(client_for, reviewer, editor, article):
    claims = [make_claim(article) for _ in range(4)]
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


def test_nested_spans_nest_and_crossing_spans_are_listed(client_for, reviewer):
    body = "Officials said at least 14 people died on 3 March.\n\nSecond paragraph here."
    article = _article(body)
    outer = make_claim(article, span="at least 14 people died on 3 March")
    inner = make_claim(article, span="14 people")
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
        rf'{inner.pk}"[^>]*>14 people</mark><sup[^>]*>.*?</sup> died on 3 March'
        r"</mark>",
        text,
    )
    assert f'id="mark-{crossing.pk}"' not in text and f'id="mark-{outside.pk}"' not in text
    unplaced = html[html.index("Claims not marked in the text") :]
    assert crossing.get_absolute_url() in unplaced and outside.get_absolute_url() in unplaced
    assert "<p>Second paragraph here.</p>" in text


def test_highlighting_escapes_the_text_around_and_inside_marks(client_for, reviewer):
    body = 'He wrote <script>alert("x")</script> & said 5 < 7 troops.'
    article = _article(body)
    make_claim(article, span='<script>alert("x")</script> & said 5')
    html = client_for(reviewer).get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; said 5</mark>" in html
    assert "&lt; 7 troops." in html


def test_paragraph_spans_skip_blank_lines_and_whitespace():
    body = "  First line\nstill first.\n\n\n  Second.\n \nThird"
    spans = paragraph_spans(body)
    assert [body[s:e] for s, e in spans] == ["First line\nstill first.", "Second.", "Third"]


def test_highlight_claims_places_identical_spans_by_nesting():
    body = "Exactly 1,200 soldiers."

    class C:
        def __init__(self, pk, start, end):
            self.pk, self.start, self.end, self.status, self.kind = pk, start, end, "new", "troops"

        def get_status_display(self):
            return "New"

        def get_kind_display(self):
            return "Troops"

        def get_absolute_url(self):
            return f"/claims/{self.pk}/"

    marked = highlight_claims(body, [C(1, 8, 22), C(2, 8, 22)])
    assert not marked.unplaced
    assert marked.paragraphs[0].count("<mark") == 2


def test_article_page_runs_a_fixed_number_of_queries(
    client_for, reviewer, editor, article, django_assert_num_queries
):
    """5 claims or 60 (some published with a rating): the same number of queries."""
    client = client_for(reviewer)
    spans = ["1,200 soldiers", "At least 14 people", "since March 3", "hold the bridge"]
    for i in range(5):
        make_claim(article, span=spans[i % 4])
    drive(Claim.objects.first(), "published", reviewer=reviewer, editor=editor)
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        assert client.get(article.get_absolute_url()).status_code == 200
    for i in range(55):
        make_claim(article, span=spans[i % 4])
    for claim in Claim.objects.filter(status="new")[:4]:
        drive(claim, "published", reviewer=reviewer, editor=editor)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('<mark class="claim status-') >= 60
    assert (
        len(
            re.findall(
                r'<mark class="claim status-published rated colour-cf222e" id="mark-\d+"',
                html,
            )
        )
        == 5
    )
    assert len(small.captured_queries) <= 8
