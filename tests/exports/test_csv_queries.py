"""The CSV export's queries grow with its pages of claims, never with the claims themselves."""

import csv
import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factcheck.exports import FORMATS, ExportFilters, common, export_chunks
from factcheck.exports.csv import BOM
from factcheck.models import Claim, Evidence, Rating, Verdict

PAGE = 100


def published_claims(article, reviewer, editor, count: int, *, first: int = 0) -> list[Claim]:
    """`count` published claims, each with two sources; every third one corrected."""
    ratings = list(Rating.objects.filter(active=True).order_by("order"))
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                kind="troops",
                text=f"Claim {n}",
                span=str(n),
                start=n,
                end=n + 1,
                status=Claim.Status.PUBLISHED,
            )
            for n in range(first, first + count)
        ]
    )
    evidence = Evidence.objects.bulk_create(
        [
            Evidence(
                claim=claim,
                url=f"https://example.org/{claim.pk}/{k}",
                title=f"Source {k}",
                stance="supports",
                added_by=reviewer,
            )
            for claim in claims
            for k in range(2)
        ]
    )
    now = timezone.now()
    verdicts = []
    for i, claim in enumerate(claims):
        corrected = i % 3 == 0
        verdicts.append(
            Verdict(
                claim=claim,
                revision=1,
                rating=ratings[i % len(ratings)],
                rationale="No.",
                author=reviewer,
                approved_by=editor,
                approved_at=now,
                state=Verdict.State.SUPERSEDED if corrected else Verdict.State.PUBLISHED,
            )
        )
        if corrected:
            verdicts.append(
                Verdict(
                    claim=claim,
                    revision=2,
                    rating=ratings[0],
                    rationale="Corrected.",
                    author=editor,
                    approved_by=editor,
                    approved_at=now,
                    state=Verdict.State.PUBLISHED,
                    correction_note="Typo.",
                )
            )
    Verdict.objects.bulk_create(verdicts)
    sources = {}
    for e in evidence:
        sources.setdefault(e.claim_id, []).append(e.pk)
    Verdict.evidence.through.objects.bulk_create(
        [
            Verdict.evidence.through(verdict_id=v.pk, evidence_id=e)
            for v in verdicts
            for e in sources[v.claim_id]
        ]
    )
    return claims


def export(on_claim=None):
    with CaptureQueriesContext(connection) as queries:
        text = "".join(export_chunks(FORMATS["csv"], ExportFilters().claims(), on_claim=on_claim))
    return text, len(queries)


@pytest.mark.django_db
def test_queries_grow_with_pages_not_with_claims(article, reviewer, editor, monkeypatch):
    monkeypatch.setattr(common, "CHUNK_SIZE", PAGE)
    published_claims(article, reviewer, editor, 3)
    small_text, small = export()

    published_claims(article, reviewer, editor, 1197, first=3)
    seen = []
    big_text, big = export(on_claim=seen.append)

    rows = list(csv.DictReader(io.StringIO(big_text[len(BOM) :], newline="")))
    assert len(rows) == len(seen) == 1200
    assert seen == [int(row["claim_id"]) for row in rows]
    # Every claim's current verdict and both its sources made it into its row.
    assert all(row["evidence_urls"].count("\n") == 1 and row["rating"] for row in rows)
    assert sum(row["correction_note"] == "Typo." for row in rows) == 400
    # One page (3 claims) against twelve (1,200): two more queries per extra page (verdicts,
    # cited evidence), nothing per claim, and the people are looked up once either way.
    pages = math.ceil(1200 / PAGE)
    assert big - small == 2 * (pages - 1)
    assert small <= 6
