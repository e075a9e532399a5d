"""Extracted claims to the database, and re-extraction that never loses reviewed work.

This module turns the extractor's drafts into unsaved `Claim` rows and records on the
article how extraction went; the claims themselves are written by `workflow.py`
(`claims_extracted`, `claims_reextracted`), which audits each with the extractor's version.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .draft import ClaimDraft
from .pipeline import EXTRACTOR_VERSION, extract_claims

logger = logging.getLogger(__name__)


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _claim(article, draft: ClaimDraft):
    from factcheck.models import Claim

    low, high = _decimal(draft.low), _decimal(draft.high)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Claim(
        article=article,
        kind=draft.kind,
        text=draft.text,
        span=draft.span,
        start=max(0, draft.start),
        end=max(draft.start, draft.end),
        low=low,
        high=high,
        qualifier=draft.qualifier or "",
        unit=(draft.unit or "")[:200],
        date=draft.date or "",
        granularity=draft.granularity or "",
        speaker=(draft.speaker or "")[:200],
        entities=list(draft.entities or []),
        checkworthiness=min(1.0, max(0.0, float(draft.checkworthiness))),
        extractor_version=EXTRACTOR_VERSION,
    )


def _run(article):
    """The drafts for an article, or None after recording why extraction failed."""
    try:
        return extract_claims(article.body or "", article.published, strict=True)
    except Exception as exc:  # bad input must never take the worker down
        logger.exception("extraction failed for article %s", article.pk)
        article.extraction_error = f"{type(exc).__name__}: {exc}"[:2000]
        article.save(update_fields=["extraction_error"])
        return None


def _mark_done(article):
    article.extracted_at = timezone.now()
    article.extractor_version = EXTRACTOR_VERSION
    article.extraction_error = ""
    article.save(update_fields=["extracted_at", "extractor_version", "extraction_error"])


def store_claims(article, *, first_time=False) -> int:
    """Extract an article's claims and store them (one transaction); returns how many.

    An article that already has claims is re-extracted instead (reextract_article), so
    running the task twice never duplicates claims or loses reviewed work. With
    `first_time`, claims another worker stored meanwhile win and nothing is added: the
    article row is locked and looked at again before writing.
    """
    from factcheck import workflow
    from factcheck.models import Article

    if article.claims.exists():
        if first_time:
            return 0
        return reextract_article(article)["added"]
    drafts = _run(article)
    if drafts is None:
        return 0
    with transaction.atomic():
        locked = Article.objects.select_for_update().only("pk").get(pk=article.pk)
        if locked.claims.exists():  # a concurrent run of the same task got there first
            return 0
        claims = workflow.claims_extracted(
            article=article,
            claims=[_claim(article, d) for d in drafts],
            extractor_version=EXTRACTOR_VERSION,
        )
        _mark_done(article)
    return len(claims)


def untouched_claims(article):
    """Claims nobody has worked on (see workflow.untouched_claims)."""
    from factcheck import workflow

    return workflow.untouched_claims(article)


def reextract_article(article) -> dict:
    """Re-run the (newer) extractor: replace untouched claims, keep everything reviewed.

    Returns {"replaced": untouched claims removed, "kept": claims kept as they were,
    "added": new claims stored}. New claims are added only where no kept claim already
    covers the same kind and span (same offsets, or the same span text in the same sentence).
    """
    from factcheck import workflow

    drafts = _run(article)
    if drafts is None:
        return {"replaced": 0, "kept": article.claims.count(), "added": 0, "error": True}
    with transaction.atomic():
        counts = workflow.claims_reextracted(
            article=article,
            claims=[_claim(article, d) for d in drafts],
            extractor_version=EXTRACTOR_VERSION,
        )
        _mark_done(article)
    return counts
