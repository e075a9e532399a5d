"""Writing extracted claims to the database, and re-extracting without losing reviewed work."""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
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


def _create(article, drafts) -> list:
    from factcheck.models import Claim, ClaimEvent

    claims = Claim.objects.bulk_create([_claim(article, d) for d in drafts])
    ClaimEvent.objects.bulk_create(
        [
            ClaimEvent(
                claim=c,
                actor=None,
                action="extracted",
                to_status=Claim.Status.NEW,
                data={"extractor_version": EXTRACTOR_VERSION},
            )
            for c in claims
        ]
    )
    return claims


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


def store_claims(article) -> int:
    """Extract an article's claims and store them (one transaction); returns how many.

    An article that already has claims is re-extracted instead (reextract_article), so
    running the task twice never duplicates claims or loses reviewed work.
    """
    if article.claims.exists():
        counts = reextract_article(article)
        return counts["added"]
    drafts = _run(article)
    if drafts is None:
        return 0
    with transaction.atomic():
        claims = _create(article, drafts)
        _mark_done(article)
    return len(claims)


def untouched_claims(article):
    """Claims nobody has worked on: new, no verdicts, evidence, comments or human events."""
    from factcheck.models import Claim

    return (
        Claim.objects.filter(article=article, status=Claim.Status.NEW)
        .annotate(
            n_verdicts=Count("verdicts", distinct=True),
            n_evidence=Count("evidence", distinct=True),
            n_comments=Count("comments", distinct=True),
            n_human=Count("events", filter=~Q(events__action="extracted"), distinct=True),
        )
        .filter(n_verdicts=0, n_evidence=0, n_comments=0, n_human=0, assignee__isnull=True)
    )


def reextract_article(article) -> dict:
    """Re-run the (newer) extractor: replace untouched claims, keep everything reviewed.

    Returns {"replaced": untouched claims removed, "kept": claims kept as they were,
    "added": new claims stored}. New claims are added only where no kept claim already
    covers the same kind and span (same offsets, or the same span text in the same sentence).
    """
    from factcheck.models import Claim

    drafts = _run(article)
    if drafts is None:
        return {"replaced": 0, "kept": article.claims.count(), "added": 0, "error": True}
    with transaction.atomic():
        # Lock the article's claims so a reviewer's concurrent take waits for us.
        list(Claim.objects.select_for_update().filter(article=article).values_list("pk"))
        untouched = set(untouched_claims(article).values_list("pk", flat=True))
        kept = list(Claim.objects.filter(article=article).exclude(pk__in=untouched))
        covered_offsets = {(c.kind, c.start, c.end) for c in kept}
        covered_text = {(c.kind, c.span.strip(), c.text.strip()) for c in kept}
        fresh = [
            d
            for d in drafts
            if (d.kind, d.start, d.end) not in covered_offsets
            and (d.kind, d.span.strip(), d.text.strip()) not in covered_text
        ]
        if untouched:
            Claim.objects.filter(pk__in=untouched).delete()
        created = _create(article, fresh)
        _mark_done(article)
    return {"replaced": len(untouched), "kept": len(kept), "added": len(created)}
