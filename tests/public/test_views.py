"""Public pages: who may see what, one JSON-LD block, canonical URLs, cookies, cache, queries."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from factcheck import site, workflow
from factcheck.models import Evidence, Verdict
from tests.factories import ArticleFactory, ClaimFactory, drive

from .conftest import correct

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


def page_of(claim):
    return site.fact_check_path(claim.pk, claim.text)


def test_published_fact_check_has_one_jsonld_block_whose_url_is_canonical(desk, client):
    response = client.get(page_of(desk.troops))
    assert response.status_code == 200
    html = response.content.decode()
    blocks = JSONLD.findall(html)
    assert len(blocks) == 1
    review = json.loads(blocks[0])
    [canonical] = CANONICAL.findall(html)
    assert review["url"] == canonical == site.fact_check_url(desk.troops.pk, desk.troops.text)
    assert canonical.startswith("https://checks.example.org/fact-checks/")


@pytest.mark.parametrize("which", ["new", "queued", "in_review", "dismissed", "quote"])
def test_unpublished_claims_are_not_found(desk, client, which):
    claim = getattr(desk, which)
    for path in (page_of(claim), f"/fact-checks/{claim.pk}/"):
        assert client.get(path).status_code == 404


def test_unknown_fact_check_is_not_found(db, client):
    assert client.get("/fact-checks/999999-nothing/").status_code == 404


def test_article_report_without_a_published_verdict_is_not_found(desk, client):
    assert client.get(site.article_report_url(desk.other_article.pk)).status_code == 404
    assert client.get("/fact-checks/articles/999999/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/queue/",
        "/admin/",
        "/admin/factcheck/claim/",
        "/exports/?format=claimreview",
        "/exports/?format=json",
        "/articles/{article}/",
        "/articles/{article}/report/",
        "/claims/{claim}/",
    ],
)
def test_newsroom_pages_and_exports_need_a_login(desk, client, path):
    path = path.format(article=desk.article.pk, claim=desk.troops.pk)
    response = client.get(path)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/login/" in response["Location"]


def test_old_or_missing_slug_redirects_to_the_canonical_page(desk, client):
    canonical = page_of(desk.troops)
    for old in (
        f"/fact-checks/{desk.troops.pk}-an-old-headline/",
        f"/fact-checks/{desk.troops.pk}/",
    ):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == canonical


def test_page_shows_the_claim_source_rating_meaning_evidence_and_credit(desk, client):
    html = client.get(page_of(desk.troops)).content.decode()
    assert desk.troops.text in html
    assert "Army crosses the river at Karsk" in html and "Test Wire" in html
    assert 'href="https://news.example.org/' in html
    assert '<span class="rating-badge rating-false">False</span>' in html
    assert "What “False” means:" in html and "The claim is not accurate." in html
    assert "The ministry counted 900." in html
    assert "Contradicts the claim" in html and 'href="https://example.org/source"' in html
    assert (
        "Checked by <strong>Rita Reviewer</strong>; approved by <strong>Erin Editor</strong>"
        in (html)
    )
    for tag in ('property="og:title"', 'property="og:url"', 'name="twitter:card"', 'media="print"'):
        assert tag in html
    assert "Corrections" not in html and "Updated" not in html


def test_corrected_page_shows_the_note_what_changed_and_who(desk, client, editor2):
    editor2.first_name, editor2.last_name = "Ed", "Second"
    editor2.save()
    html = client.get(page_of(desk.casualties)).content.decode()
    assert "We first missed the ministry&#x27;s later count." in html
    assert "Rating changed from <strong>Mostly false</strong> to <strong>Half true</strong>" in html
    assert "Corrected by Ed Second; approved by Erin Editor." in html
    assert "Updated <time" in html
    # The first checker keeps the credit for the fact-check itself.
    assert "Checked by <strong>Rita Reviewer</strong>" in html


def test_organisation_only_credit_names_nobody(desk, client, settings):
    settings.FACTCHECK_CREDIT = "organisation"
    html = client.get(page_of(desk.casualties)).content.decode()
    assert "Checked and approved by <strong>Karsk Fact Desk</strong>" in html
    for name in ("Rita", "Erin", "rita", "erin", "Corrected by"):
        assert name not in html


def test_pending_correction_is_never_shown(desk, client, editor, editor2):
    # Four eyes: a correction written by one editor waits for a second one.
    workflow.verdict_correct(
        claim=desk.troops,
        actor=editor2,
        rating="true",
        rationale="SECRET DRAFT rationale",
        correction_note="SECRET DRAFT note",
    )
    assert desk.troops.verdicts.filter(state=Verdict.State.PROPOSED).exists()
    cache.clear()
    paths = [page_of(desk.troops), site.article_report_url(desk.article.pk), "/fact-checks/"]
    for path in [*paths, "/fact-checks/feed/", "/sitemap.xml"]:
        html = client.get(path).content.decode()
        assert "SECRET DRAFT" not in html
    html = client.get(page_of(desk.troops)).content.decode()
    assert "Corrections" not in html and '"rating-badge rating-false">False<' in html


def test_public_article_report_shows_only_published_verdicts(desk, client):
    html = client.get(site.article_report_url(desk.article.pk)).content.decode()
    assert html.count('class="claim-mark"') == 2
    assert page_of(desk.troops) in html and page_of(desk.casualties) in html
    # The proposed quote and anything about work in progress is neither shown nor hinted at.
    assert "Proposed" not in html and "still being checked" not in html
    assert "not yet published" not in html and f'id="claim-{desk.quote.pk}"' not in html
    assert "style=" not in html and "<script>" not in html
    assert 'href="https://news.example.org/' in html


def test_index_lists_published_newest_first_and_filters(desk, client):
    html = client.get("/fact-checks/").content.decode()
    first, second = page_of(desk.casualties), page_of(desk.troops)
    assert html.index(first) < html.index(second)
    assert "2 fact-checks." in html and "corrected" in html
    assert page_of(desk.quote) not in html
    by_rating = client.get("/fact-checks/?rating=false").content.decode()
    assert second in by_rating and first not in by_rating
    by_words = client.get("/fact-checks/?q=killed+shelling").content.decode()
    assert first in by_words and second not in by_words
    by_outlet = client.get("/fact-checks/?outlet=Other+Wire").content.decode()
    assert "No fact-check matches" in by_outlet


def test_index_paginates(desk, client, reviewer, editor, monkeypatch):
    monkeypatch.setattr("factcheck.public.PAGE_SIZE", 1)
    first = client.get("/fact-checks/").content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/fact-checks/?page=2").content.decode()
    assert page_of(desk.troops) in second and page_of(desk.casualties) not in second
    assert client.get("/fact-checks/?page=zzz").status_code == 200


@pytest.mark.parametrize("path", ["/fact-checks/", "/fact-checks/feed/", "/sitemap.xml"])
def test_anonymous_readers_get_no_cookies(desk, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_fact_check_page_sets_no_cookie_and_has_no_form_token(desk, client):
    response = client.get(page_of(desk.troops))
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "X-CSRFToken" not in response.content.decode()


def test_anonymous_pages_come_from_the_cache_until_a_correction(
    desk, client, editor, editor2, django_assert_num_queries
):
    path = page_of(desk.troops)
    assert "The ministry counted 900." in client.get(path).content.decode()
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200
    workflow.verdict_correct(
        claim=desk.troops,
        actor=editor,
        rating="mostly-false",
        rationale="Updated count from the ministry.",
        correction_note="Added the ministry's final count.",
    )
    # Written but not yet approved: still served from the cache, unchanged.
    with django_assert_num_queries(0):
        assert "Added the ministry" not in client.get(path).content.decode()
    workflow.correction_approve(claim=desk.troops, actor=editor2)
    html = client.get(path).content.decode()
    assert "Added the ministry&#x27;s final count." in html and "Mostly false" in html


def test_publishing_shows_at_once_on_the_cached_index(desk, client, reviewer, editor, editor2):
    assert "2 fact-checks." in client.get("/fact-checks/").content.decode()
    workflow.verdict_approve(claim=desk.quote, actor=editor2)
    desk.quote.refresh_from_db()
    html = client.get("/fact-checks/").content.decode()
    assert "3 fact-checks." in html and page_of(desk.quote) in html


def test_logged_in_readers_are_not_served_the_anonymous_copy(desk, client, editor):
    client.get(page_of(desk.troops))
    client.force_login(editor)
    html = client.get(page_of(desk.troops)).content.decode()
    assert "Open in the newsroom" in html
    assert "private" in client.get(page_of(desk.troops))["Cache-Control"]


def test_fact_check_page_queries_do_not_grow_with_evidence(
    desk, client, reviewer, editor, editor2, django_assert_num_queries, settings
):
    settings.PUBLIC_CACHE_SECONDS = 0
    few = ClaimFactory(article=ArticleFactory(), span="1,200 soldiers")
    many = ClaimFactory(article=ArticleFactory(), span="1,200 soldiers")
    drive(few, "published", reviewer=reviewer, editor=editor)
    workflow.claim_queue(claim=many, actor=editor)
    workflow.claim_take(claim=many, actor=reviewer)
    for n in range(12):
        workflow.evidence_add(
            claim=many,
            actor=reviewer,
            url=f"https://example.org/{n}",
            title=f"S{n}",
            stance="context",
        )
    workflow.verdict_propose(claim=many, actor=reviewer, rating="false", rationale="No.")
    workflow.verdict_approve(claim=many, actor=editor)
    many.refresh_from_db()
    assert Evidence.objects.filter(claim=many).count() == 12

    client.get(page_of(few))  # the first request warms Django's own lazy caches
    with django_assert_num_queries(5) as few_queries:
        assert client.get(page_of(few)).status_code == 200
    with django_assert_num_queries(5):
        html = client.get(page_of(many)).content.decode()
    assert html.count("Gives context") == 12
    assert (
        len(few_queries.captured_queries) == 5
    )  # claim, verdicts, evidence, rating scale, its measure


@pytest.mark.parametrize(
    "path", ["/fact-checks/", "/fact-checks/feed/", "/sitemap.xml", "/fact-checks/ratings.css"]
)
def test_list_pages_have_a_fixed_number_of_queries(
    desk, client, settings, path, django_assert_max_num_queries
):
    settings.PUBLIC_CACHE_SECONDS = 0
    with django_assert_max_num_queries(6):
        assert client.get(path).status_code == 200


def test_public_pages_accept_only_get(desk, client):
    assert client.post("/fact-checks/").status_code == 405
    assert client.post(page_of(desk.troops)).status_code in (403, 405)


def test_ftp_article_url_is_not_linked(desk, client):
    desk.article.url = "ftp://files.example.org/article.txt"
    desk.article.save()
    html = client.get(page_of(desk.troops)).content.decode()
    assert "ftp://" not in html
    assert "<cite>Army crosses the river at Karsk</cite>" in html


def test_ratings_stylesheet_follows_the_scale(desk, client):
    response = client.get(reverse("public_ratings_css"))
    assert response["Content-Type"].startswith("text/css")
    assert ".rating-badge.rating-half-true" in response.content.decode()
    assert "#9a6700" in response.content.decode()


def test_browsers_revalidate_and_get_304_until_a_correction(desk, client, editor, editor2):
    path = page_of(desk.troops)
    first = client.get(path)
    assert "max-age=0" in first["Cache-Control"]
    etag = first["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    correct(
        desk.troops,
        actor=editor,
        approver=editor2,
        rating="true",
        rationale="Right after all.",
        note="Recount.",
    )
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_claim_in_another_script_has_a_working_readable_address(db, client, reviewer, editor):
    article = ArticleFactory(body="قال المتحدث إن 300 جندي عبروا الحدود.")
    claim = ClaimFactory(article=article, kind="statement", span="300 جندي")
    drive(claim, "published", reviewer=reviewer, editor=editor)
    path = page_of(claim)
    assert "%D9%82" in path  # the Arabic words, percent-encoded
    response = client.get(path)
    assert response.status_code == 200
    assert "قال المتحدث" in response.content.decode()


def test_head_requests_are_answered(desk, client):
    assert client.head("/fact-checks/").status_code == 200
    assert client.head("/sitemap.xml").status_code == 200


def test_editing_a_published_claims_source_refreshes_its_page(desk, client):
    path = page_of(desk.troops)
    assert "Ministry figures" in client.get(path).content.decode()
    source = Evidence.objects.get(claim=desk.troops)
    source.title = "Ministry figures, revised"
    source.save()
    assert "Ministry figures, revised" in client.get(path).content.decode()


def test_editing_a_published_claim_in_the_admin_refreshes_its_page(desk, client):
    path = page_of(desk.troops)
    client.get(path)
    desk.troops.speaker = "General Ana Petrova"
    desk.troops.kind = "quote"
    desk.troops.save()
    assert "Said by <strong>General Ana Petrova</strong>" in client.get(path).content.decode()
