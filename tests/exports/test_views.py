"""The report page and the export download: permissions, escaping, query counts, headers."""

import csv
import io
import json
import re

import jsonschema
import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.exports.claimreview import load_schema
from factcheck.models import Claim

from .conftest import SCRIPT, SHOIGU, add_evidence, make_claim


def content(response):
    return b"".join(response.streaming_content).decode("utf-8")


def report_url(article):
    return reverse("article_report", args=[article.pk])


# --- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "editor", "admin_user"])
def test_reviewers_and_editors_can_export_and_see_reports(request, checked, client_for, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(report_url(checked.article)).status_code == 200
    response = client.get(reverse("export"), {"format": "csv"})
    assert response.status_code == 200
    assert len(content(response).splitlines()) > 1


def test_outsider_gets_403(checked, client_for, outsider):
    client = client_for(outsider)
    assert client.get(report_url(checked.article)).status_code == 403
    for fmt in ("csv", "json", "claimreview"):
        assert client.get(reverse("export"), {"format": fmt}).status_code == 403


def test_anonymous_is_sent_to_login(checked, client):
    for url in (report_url(checked.article), reverse("export") + "?format=json"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_export_refuses_post(checked, client_for, editor):
    assert client_for(editor).post(reverse("export"), {"format": "csv"}).status_code == 405


def test_unknown_article_report_is_404(db, client_for, editor):
    assert client_for(editor).get(reverse("article_report", args=[999999])).status_code == 404


# --- the download ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type", "suffix"),
    [
        ("csv", "text/csv; charset=utf-8", ".csv"),
        ("json", "application/json; charset=utf-8", ".json"),
        ("claimreview", "application/ld+json; charset=utf-8", ".claimreview.json"),
    ],
)
def test_download_headers(checked, client_for, reviewer, fmt, content_type, suffix):
    response = client_for(reviewer).get(reverse("export"), {"format": fmt})
    assert response.streaming
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    pattern = r'attachment; filename="factcheck-verdicts-\d{8}-\d{6}' + re.escape(suffix) + '"'
    assert re.fullmatch(pattern, disposition)
    assert "no-store" in response["Cache-Control"]
    assert content(response)


def test_download_applies_filters(checked, client_for, reviewer):
    response = client_for(reviewer).get(
        reverse("export"),
        {
            "format": "csv",
            "article": [checked.article.pk],
            "status": "published",
            "rating": "mostly-false",
            "outlet": checked.article.outlet,
            "date_from": "2024-03-11",
            "date_to": "2024-03-11",
        },
    )
    rows = list(csv.DictReader(io.StringIO(content(response).lstrip("\ufeff"))))
    assert [int(r["claim_id"]) for r in rows] == [checked.quote.pk]

    response = client_for(reviewer).get(
        reverse("export"), {"format": "claimreview", "article": checked.article.pk}
    )
    reviews = json.loads(content(response))
    jsonschema.validate(reviews, load_schema())
    assert len(reviews) == 2


def test_format_defaults_to_csv(checked, client_for, reviewer):
    response = client_for(reviewer).get(reverse("export"))
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"format": "xlsx"}, "Unknown format &#x27;xlsx&#x27;; use one of: csv, json, claimreview"),
        (
            {"article": "x<b>"},
            "article must be an article id (a whole number), not &#x27;x&lt;b&gt;&#x27;",
        ),
        ({"status": "<script>"}, "Unknown status &#x27;&lt;script&gt;&#x27;"),
        ({"rating": "meh"}, "Unknown rating &#x27;meh&#x27;"),
        ({"date_from": "soon"}, "date_from must be a date as YYYY-MM-DD"),
    ],
)
def test_bad_filters_get_a_400_naming_the_problem(db, client_for, editor, params, message):
    response = client_for(editor).get(reverse("export"), params)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<script>" not in page.split("<main", 1)[1]


# --- the report page -----------------------------------------------------------------------


def test_report_shows_metadata_verdicts_evidence_and_corrections(checked, client_for, reviewer):
    response = client_for(reviewer).get(report_url(checked.article))
    page = response.content.decode()
    assert "Troops, &quot;tanks&quot; &amp; &lt;b&gt;bridges&lt;/b&gt;: the week in Karsk" in page
    assert "Wire, &quot;Daily&quot; &amp; Co" in page
    assert 'href="https://news.example.com/karsk?a=1&amp;b=2"' in page
    assert '<time datetime="2024-03-11">11 March 2024</time>' in page
    # Each claim marked in the text, linked to its verdict, with the verdict's badge.
    assert (
        f'<a class="claim-mark" href="#claim-{checked.troops.pk}"><mark class="claim '
        f'claim-rated colour-6e7781">1,200 soldiers</mark>'
        f'<span class="verdict-badge colour-6e7781">Unverifiable</span></a>' in page
    )
    assert f'href="#claim-{checked.quote.pk}"' in page and ">Mostly false</span>" in page
    assert f'href="#claim-{checked.arabic.pk}"' in page and 'verdict-pending">Proposed' in page
    # Dismissed claims are not marked in the text.
    assert f'href="#claim-{checked.curfew.pk}"' not in page
    # Verdict sections: rationale, evidence with stance and excerpt, who and when.
    assert f'id="claim-{checked.troops.pk}"' in page
    assert "=cmd|&#x27; /C calc&#x27;!A0" in page
    assert '<a href="https://example.org/source-2" rel="noopener noreferrer">Брифинг</a>' in page
    assert "(Министерство обороны)" in page
    assert 'class="stance stance-contradicts">Contradicts' in page
    assert "Line one, with comma<br>Line two" in page
    assert 'Reviewed by <span class="who">rita</span>' in page
    assert 'approved by <span class="who">Erin Editor</span>' in page
    # The corrected quote credits its reviewer (rob) and the correction's two editors.
    quote = page.split(f'id="claim-{checked.quote.pk}"')[1]
    assert 'Reviewed by <span class="who">rob</span>' in quote
    assert 'Corrected by <span class="who">ed</span>' in quote
    assert 'correction approved by <span class="who">Erin Editor</span>' in quote
    # The corrections log: the note, who corrected, the revision it replaced.
    assert "The transcript was mistranslated, &quot;sorry&quot;." in page
    assert "Replaced revision 1:" in page and "<strong>False</strong>" in page
    assert "He never said it,<br>the transcript shows." in page
    assert f"said by {SHOIGU}" in page
    # Download buttons for this article.
    for fmt in ("csv", "json", "claimreview"):
        assert f'href="/exports/?format={fmt}&amp;article={checked.article.pk}"' in page


def test_report_escapes_all_text(checked, client_for, reviewer):
    page = client_for(reviewer).get(report_url(checked.article)).content.decode()
    # SCRIPT appears in evidence titles, excerpts, a rationale and a correction note; the body
    # has a <script> tag too. None of it reaches the page as markup.
    assert SCRIPT not in page
    assert "<script>alert" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bridges</b>" not in page


def test_report_embeds_published_verdicts_as_jsonld(checked, client_for, reviewer):
    page = client_for(reviewer).get(report_url(checked.article)).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    assert "\\u003C/script\\u003E" in scripts[0]
    reviews = json.loads(scripts[0])
    jsonschema.validate(reviews, load_schema())
    assert [r["url"].rsplit("#", 1)[1] for r in reviews] == [
        f"claim-{checked.troops.pk}",
        f"claim-{checked.quote.pk}",
    ]
    assert reviews[1]["correction"][0]["text"].endswith(SCRIPT)


def test_report_of_article_without_claims(article, client_for, reviewer):
    page = client_for(reviewer).get(report_url(article)).content.decode()
    assert "No verdict on this article has been published yet." in page
    assert '<script type="application/ld+json">[]</script>' in page


def add_published_claims(checked, n, reviewer, editor):
    for _ in range(n):
        claim = make_claim(checked.article, "statement", "crossed the river")
        workflow.claim_queue(claim=claim, actor=editor)
        workflow.claim_take(claim=claim, actor=reviewer)
        add_evidence(claim, reviewer, 10)
        add_evidence(claim, reviewer, 11, stance="contradicts")
        workflow.verdict_propose(claim=claim, actor=reviewer, rating="false", rationale="No.")
        workflow.verdict_approve(claim=claim, actor=editor)


def test_report_query_count_does_not_grow_with_claims(
    checked, client_for, reviewer, editor, django_assert_num_queries
):
    client = client_for(reviewer)
    url = report_url(checked.article)
    client.get(url)  # warm caches (session, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_published_claims(checked, 6, reviewer, editor)
    assert Claim.objects.filter(article=checked.article, status="published").count() == 8
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="verdict"') == 8
