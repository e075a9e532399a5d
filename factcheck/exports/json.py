"""The JSON export: articles -> claims -> verdict revisions -> evidence -> history -> comments.

Complete enough to rebuild the record, streamed one claim at a time.
"""

import json
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from factcheck.exports.common import (
    COMMENTS,
    EVENTS,
    SOURCES,
    ClaimCallback,
    People,
    article_prefetch,
    buffered,
    cited_evidence,
    comments_prefetch,
    events_prefetch,
    evidence_prefetch,
    iso_date,
    iso_datetime,
    report_url,
    stream,
    verdict_list,
    verdicts_prefetch,
)
from factcheck.exports.filters import ExportFilters
from factcheck.models import Claim, Rating
from factcheck.site import fact_check_url

FORMAT_NAME = "factcheck.verdicts"
FORMAT_VERSION = 1


def prepare(claims: QuerySet) -> QuerySet:
    # The article (with its text) is fetched once per chunk of claims, not once per claim.
    return claims.order_by("article_id", "start", "id").prefetch_related(
        article_prefetch(with_text=True),
        verdicts_prefetch(),
        evidence_prefetch(),
        events_prefetch(),
        comments_prefetch(),
    )


def number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def article_record(article, people: People) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": iso_date(article.published) or None,
        "source_line": article.source_line,
        "source_name": article.source_name,
        "content_hash": article.content_hash,
        "imported_at": iso_datetime(article.imported_at),
        "imported_by": people.record(article.imported_by_id),
        "extracted_at": iso_datetime(article.extracted_at) or None,
        "extractor_version": article.extractor_version,
        "report_url": report_url(article.pk),
        "body": article.body,
        "raw_text": article.raw_text,
    }


def evidence_record(evidence) -> dict:
    return {
        "id": evidence.pk,
        "url": evidence.url,
        "title": evidence.title,
        "publisher": evidence.publisher,
        "stance": evidence.stance,
        "excerpt": evidence.excerpt,
        "accessed": iso_date(evidence.accessed),
        "created_at": iso_datetime(evidence.created_at),
        "removed_at": iso_datetime(evidence.removed_at) or None,
    }


def verdict_record(verdict, people: People) -> dict:
    return {
        "revision": verdict.revision,
        "state": verdict.state,
        "rating": {
            "slug": verdict.rating.slug,
            "label": verdict.rating.label,
            "value": verdict.rating.value,
        },
        "rationale": verdict.rationale,
        "author": people.record(verdict.author_id),
        "approved_by": people.record(verdict.approved_by_id),
        "approved_at": iso_datetime(verdict.approved_at) or None,
        "review_note": verdict.review_note,
        "correction_note": verdict.correction_note,
        "created_at": iso_datetime(verdict.created_at),
        "evidence": [evidence_record(e) for e in cited_evidence(verdict)],
    }


def claim_record(claim, people: People) -> dict:
    record = {
        "id": claim.pk,
        "url": report_url(claim.article_id, claim.pk),
        # The public fact-check page, once a verdict is published (None before).
        "public_url": fact_check_url(claim.pk, claim.text)
        if claim.status == Claim.Status.PUBLISHED
        else None,
        "kind": claim.kind,
        "text": claim.text,
        "span": claim.span,
        "start": claim.start,
        "end": claim.end,
        "low": number(claim.low),
        "high": number(claim.high),
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "date": claim.date,
        "granularity": claim.granularity,
        "speaker": claim.speaker,
        "entities": claim.entities,
        "checkworthiness": claim.checkworthiness,
        "extractor_version": claim.extractor_version,
        "status": claim.status,
        "dismissal_reason": claim.dismissal_reason,
        "assignee": people.record(claim.assignee_id),
        "lease_expires_at": iso_datetime(claim.lease_expires_at) or None,
        "version": claim.version,
        "created_at": iso_datetime(claim.created_at),
        "updated_at": iso_datetime(claim.updated_at),
        "verdicts": [verdict_record(v, people) for v in verdict_list(claim)],
        "evidence": [
            {**evidence_record(e), "added_by": people.record(e.added_by_id)}
            for e in getattr(claim, SOURCES)
        ],
        "history": [
            {
                "at": iso_datetime(event.created_at),
                "actor": people.record(event.actor_id),
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "note": event.note,
                "data": event.data,
            }
            for event in getattr(claim, EVENTS)
        ],
        "comments": [
            {
                "author": people.record(c.author_id),
                "body": c.body,
                "created_at": iso_datetime(c.created_at),
            }
            for c in getattr(claim, COMMENTS)
        ],
    }
    return record


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_json(
    claims: QuerySet, *, filters: ExportFilters | None = None, on_claim: ClaimCallback = None
) -> Iterator[str]:
    """The JSON document for these claims, in chunks."""

    def pieces():
        people = People()
        head = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "generated_at": iso_datetime(timezone.now()),
            "site": settings.SITE_URL,
            "filters": (filters or ExportFilters()).as_dict(),
            "rating_scale": [
                {
                    "slug": r.slug,
                    "label": r.label,
                    "value": r.value,
                    "colour": r.colour,
                    "order": r.order,
                    "active": r.active,
                }
                for r in Rating.objects.order_by("order", "id")
            ],
        }
        # The head without its closing brace, then the articles array streamed into it.
        yield _dumps(head)[:-1] + ', "articles": ['
        article_id = None
        first_claim = True
        for claim in stream(prepare(claims), on_claim):
            if claim.article_id != article_id:
                if article_id is not None:
                    yield "\n]},"
                yield "\n" + _dumps(article_record(claim.article, people))[:-1] + ', "claims": ['
                article_id = claim.article_id
                first_claim = True
            yield ("\n" if first_claim else ",\n") + _dumps(claim_record(claim, people))
            first_claim = False
        if article_id is not None:
            yield "\n]}"
        yield "\n]}\n"

    return buffered(pieces())
