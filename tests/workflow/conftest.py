"""Claims in every status, driven there through the workflow itself."""

import pytest

from factcheck import workflow
from factcheck.models import Claim, Rating

EVIDENCE = {
    "url": "https://example.org/report",
    "title": "UN report",
    "stance": "supports",
    "publisher": "UN",
    "excerpt": "1,200 soldiers",
}


def new_claim(article, n=0, checkworthiness=0.5, **extra):
    text = extra.pop("text", None) or article.body[:60] or "text"
    return Claim.objects.create(
        article=article,
        kind=extra.pop("kind", "troops"),
        text=text,
        span=text[:20],
        start=0,
        end=min(20, len(text)),
        checkworthiness=checkworthiness,
        **extra,
    )


def rating(slug="false"):
    return Rating.objects.get(slug=slug)


def drive(claim, status, *, editor, reviewer, approver=None):
    """Move a new claim to `status` the way people would; returns it re-read."""
    if status == "dismissed":
        workflow.claim_dismiss(claim=claim, actor=editor, reason="opinion")
    if status in ("queued", "in_review", "proposed", "published"):
        workflow.claim_queue(claim=claim, actor=editor)
    if status in ("in_review", "proposed", "published"):
        workflow.claim_take(claim=claim, actor=reviewer)
    if status in ("proposed", "published"):
        workflow.evidence_add(claim=claim, actor=reviewer, **EVIDENCE)
        workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating(), rationale="The UN counted 600."
        )
    if status == "published":
        workflow.verdict_approve(claim=claim, actor=approver or editor)
    claim.refresh_from_db()
    assert claim.status == status
    return claim


@pytest.fixture
def claim(article):
    return new_claim(article)


@pytest.fixture
def make(article, editor, reviewer):
    def make(status="new", **extra):
        return drive(new_claim(article, **extra), status, editor=editor, reviewer=reviewer)

    return make
