"""The CSV export: one row per claim, UTF-8 with a BOM, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet

from factcheck.exports.common import (
    ClaimCallback,
    People,
    article_prefetch,
    buffered,
    cited_evidence,
    current_verdict,
    first_published_at,
    iso_date,
    iso_datetime,
    plain_number,
    report_url,
    stream,
    verdict_list,
    verdicts_prefetch,
)

BOM = "\ufeff"
COLUMNS = [
    "article_id", "article_title", "article_outlet", "article_url", "article_published",
    "claim_id", "claim_url", "kind", "claim_text", "claim_span",
    "low", "high", "qualifier", "unit", "date", "granularity", "speaker",
    "status", "rating", "rating_value", "rationale", "evidence_urls",
    "reviewer", "editor", "verdict_revision", "proposed_at", "approved_at",
    "first_published_at", "correction_note", "dismissal_reason",
]
# A spreadsheet runs a cell that starts with one of these as a formula (tab and CR too,
# since some programs strip them before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str | int | Decimal:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def prepare(claims: QuerySet) -> QuerySet:
    return (
        claims.order_by("article_id", "start", "id")
        .defer("entities")
        .prefetch_related(article_prefetch(), verdicts_prefetch(evidence_fields=("url",)))
    )


def claim_row(claim, people: People) -> list:
    article = claim.article
    verdicts = verdict_list(claim)
    verdict = current_verdict(verdicts)
    values = [
        article.pk, article.title, article.outlet, article.url, iso_date(article.published),
        claim.pk, report_url(article.pk, claim.pk), claim.kind, claim.text, claim.span,
        plain_number(claim.low), plain_number(claim.high), claim.qualifier, claim.unit,
        claim.date, claim.granularity, claim.speaker, claim.status,
    ]
    if verdict is None:
        values += ["", "", "", "", "", "", "", "", "", "", ""]
    else:
        values += [
            verdict.rating.label,
            verdict.rating.value if verdict.rating.value is not None else "",
            verdict.rationale,
            "\n".join(e.url for e in cited_evidence(verdict)),
            people.name(verdict.author_id),
            people.name(verdict.approved_by_id),
            verdict.revision,
            iso_datetime(verdict.created_at),
            iso_datetime(verdict.approved_at),
            iso_datetime(first_published_at(verdicts)),
            verdict.correction_note,
        ]
    values.append(claim.dismissal_reason)
    return [neutralise(v) for v in values]


class _Line:
    """A file-like object that hands back what csv.writer writes (Django's Echo pattern)."""

    def write(self, value):
        return value


def write_csv(claims: QuerySet, *, on_claim: ClaimCallback = None) -> Iterator[str]:
    """The CSV text for these claims, in chunks."""
    writer = csv.writer(_Line())

    def lines():
        people = People()
        yield BOM + writer.writerow(COLUMNS)
        for claim in stream(prepare(claims), on_claim):
            yield writer.writerow(claim_row(claim, people))

    return buffered(lines())

