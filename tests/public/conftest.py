"""Published, corrected and unpublished claims for the public pages, made through the workflow."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from factcheck import workflow
from factcheck.models import Article, Claim
from tests.factories import ArticleFactory, ClaimFactory, drive


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Test databases reuse ids after a rollback: a page cached by one test is not another's.
    cache.clear()
    settings.SITE_URL = "https://checks.example.org"
    settings.FACTCHECK_ORG_NAME = "Karsk Fact Desk"
    settings.FACTCHECK_ORG_URL = "https://desk.example.org/"
    settings.FACTCHECK_ORG_LOGO = "https://desk.example.org/logo.png"
    settings.FACTCHECK_CREDIT = "names"
    yield
    cache.clear()


def correct(claim, *, actor, approver, rating, rationale, note):
    """Correct `claim` through the workflow: `actor` writes it, `approver` publishes it.

    The one place tests correct a verdict (four eyes: the approver is another editor).
    """
    workflow.verdict_correct(
        claim=claim, actor=actor, rating=rating, rationale=rationale, correction_note=note
    )
    return workflow.correction_approve(claim=claim, actor=approver)


@dataclass
class Desk:
    article: Article
    troops: Claim  # published (False), its article has a url
    casualties: (
        Claim  # published, then corrected by ed, approved by erin (Mostly false -> Half true)
    )
    quote: Claim  # proposed: written, waiting for an editor
    new: Claim
    queued: Claim
    in_review: Claim
    dismissed: Claim
    other_article: Article  # has claims but nothing published


@pytest.fixture
def desk(db, reviewer, editor, editor2):
    reviewer.first_name, reviewer.last_name = "Rita", "Reviewer"
    reviewer.save()
    editor.first_name, editor.last_name = "Erin", "Editor"
    editor.save()
    article = ArticleFactory(title="Army crosses the river at Karsk", outlet="Test Wire")
    troops = ClaimFactory(article=article, span="1,200 soldiers")
    casualties = ClaimFactory(
        article=article, kind="casualties", span="At least 14 people were killed"
    )
    quote = ClaimFactory(
        article=article,
        kind="quote",
        span="We will hold the bridge until the spring",
        speaker="Ana Petrova",
    )
    drive(troops, "published", reviewer=reviewer, editor=editor, rating="false")
    drive(casualties, "published", reviewer=reviewer, editor=editor, rating="mostly-false")
    correct(
        casualties,
        actor=editor2,
        approver=editor,
        rating="half-true",
        rationale="The ministry later confirmed 12 deaths.",
        note="We first missed the ministry's later count.",
    )
    drive(quote, "proposed", reviewer=reviewer, editor=editor)

    other = ArticleFactory(title="Nothing published here", outlet="Other Wire")
    states = {}
    for status in ("new", "queued", "in_review", "dismissed"):
        claim = ClaimFactory(article=other)
        states[status] = drive(claim, status, reviewer=reviewer, editor=editor)
    for claim in (troops, casualties, quote):
        claim.refresh_from_db()
    return Desk(
        article=article,
        troops=troops,
        casualties=casualties,
        quote=quote,
        new=states["new"],
        queued=states["queued"],
        in_review=states["in_review"],
        dismissed=states["dismissed"],
        other_article=other,
    )
