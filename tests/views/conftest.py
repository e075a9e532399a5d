"""Fixtures for the view tests: claims on the shared article, driven through the workflow."""

import pytest

from factcheck import workflow
from factcheck.models import Claim, Rating


def make_claim(article, *, text=None, span=None, kind="troops", start=None, end=None, **extra):
    """A claim on `article` whose span is found in the article body (status new)."""
    body = article.body
    span = span or "1,200 soldiers"
    if start is None:
        start = body.find(span)
        assert start >= 0, f"{span!r} not in the article body"
        end = start + len(span)
    return Claim.objects.create(
        article=article, kind=kind, text=text or span, span=span, start=start, end=end, **extra
    )


@pytest.fixture
def claim(article):
    return make_claim(
        article, low=1200, high=1200, qualifier="exact", unit="soldiers", checkworthiness=0.9
    )


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="false")


def drive(claim, status, *, reviewer, editor, editor2=None):
    """Move `claim` to `status` through the workflow (never by setting fields)."""
    if status == "new":
        return claim
    if status == "dismissed":
        workflow.claim_dismiss(claim=claim, actor=editor, reason="opinion")
        return claim
    workflow.claim_queue(claim=claim, actor=editor)
    if status == "queued":
        return claim
    workflow.claim_take(claim=claim, actor=reviewer)
    workflow.evidence_add(
        claim=claim,
        actor=reviewer,
        url="https://example.org/source",
        title="Ministry figures",
        stance="contradicts",
    )
    if status == "in_review":
        return claim
    workflow.verdict_propose(
        claim=claim, actor=reviewer, rating="false", rationale="The ministry counted 900."
    )
    if status == "proposed":
        return claim
    workflow.verdict_approve(claim=claim, actor=editor)
    assert status == "published", status
    return claim


@pytest.fixture
def claim_in(claim, reviewer, editor):
    def make(status):
        drive(claim, status, reviewer=reviewer, editor=editor)
        claim.refresh_from_db()
        return claim

    return make
