"""The public read model: only what was published, credited as the organisation chooses."""

import pytest
from django.http import Http404

from factcheck import public
from factcheck.models import Verdict


def test_fact_check_of_a_corrected_claim(desk, editor, editor2):
    check = public.fact_check(desk.casualties.pk)
    assert check.rating.slug == "half-true"
    assert check.verdict.state == Verdict.State.PUBLISHED
    assert check.credit.checked_by == "Rita Reviewer" and check.credit.approved_by == "Erin Editor"
    [fix] = check.corrections
    assert fix.replaced.rating.slug == "mostly-false" and fix.rating_changed
    assert fix.credit.checked_by == editor2.get_username()  # wrote the correction
    assert fix.credit.approved_by == "Erin Editor"  # the second editor who published it
    assert check.modified_at == check.verdict.approved_at > check.published_at
    assert [e.title for e in check.evidence] == ["Ministry figures"]


@pytest.mark.parametrize("which", ["quote", "new", "queued", "in_review", "dismissed"])
def test_unpublished_claims_have_no_fact_check(desk, which):
    with pytest.raises(Http404):
        public.fact_check(getattr(desk, which).pk)


def test_organisation_only_credit(desk, settings):
    settings.FACTCHECK_CREDIT = "organisation"
    check = public.fact_check(desk.casualties.pk)
    assert check.credit.checked_by == check.credit.approved_by == "Karsk Fact Desk"
    assert not check.credit.by_name
    assert check.corrections[0].credit.checked_by == "Karsk Fact Desk"


def test_index_filters(desk):
    page = public.index_page(public.IndexFilters.from_query({"q": "  soldiers   river "}))
    assert [v.claim_id for v in page.page.object_list] == [desk.troops.pk]
    assert page.outlets == ["Test Wire"]
    assert [r.slug for r in page.ratings] == ["half-true", "false"]
    page = public.index_page(public.IndexFilters.from_query({"rating": "nonsense"}))
    assert page.count == 0


def test_article_report_only_published(desk):
    report = public.article_report(desk.article.pk)
    assert [fc.claim.pk for fc in report.fact_checks] == [desk.troops.pk, desk.casualties.pk]
    assert "Proposed" not in report.body_html
    with pytest.raises(Http404):
        public.article_report(desk.other_article.pk)


def test_feed_items_most_recent_change_first(desk):
    assert [i.claim.pk for i in public.feed_items()] == [desk.casualties.pk, desk.troops.pk]


def test_cache_version_changes_on_publish_but_not_on_drafts(desk, reviewer, editor):
    from factcheck import workflow
    from tests.factories import ArticleFactory, ClaimFactory, drive

    claim = drive(
        ClaimFactory(article=ArticleFactory()), "in_review", reviewer=reviewer, editor=editor
    )
    before = public.cache_version()
    workflow.verdict_propose(claim=claim, actor=reviewer, rating="false", rationale="Draft.")
    assert public.cache_version() == before  # a draft is not public
    workflow.verdict_approve(claim=claim, actor=editor)
    assert public.cache_version() != before


def test_page_keys_differ_by_version_and_query(db):
    assert public.page_key("/a/", "q=1", "v1") != public.page_key("/a/", "q=2", "v1")
    assert public.page_key("/a/", "q=1", "v1") != public.page_key("/a/", "q=1", "v2")


def test_sentence_marks_the_words_checked_and_escapes_the_rest(desk):
    check = public.fact_check(desk.troops.pk)
    assert str(check.sentence_html) == (
        'The army said on Monday that <mark class="claim-words">1,200 soldiers</mark> '
        "crossed the river near Karsk."
    )
    check.claim.text = "<b>1,200 soldiers</b> & more"
    assert str(check.sentence_html) == (
        '&lt;b&gt;<mark class="claim-words">1,200 soldiers</mark>&lt;/b&gt; &amp; more'
    )
    check.claim.span = "not in it"
    assert str(check.sentence_html) == "&lt;b&gt;1,200 soldiers&lt;/b&gt; &amp; more"
