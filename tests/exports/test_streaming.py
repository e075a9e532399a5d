"""Exports stream: claims are fetched a chunk at a time and let go once written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import workflow
from factcheck.exports import FORMATS, ExportFilters, common, export_chunks
from factcheck.models import Claim

from .conftest import add_evidence


@pytest.fixture
def many_published(article, reviewer, editor):
    for n in range(12):
        claim = Claim.objects.create(
            article=article, kind="troops", text=f"Claim {n}", span="x", start=n, end=n + 1
        )
        workflow.claim_queue(claim=claim, actor=editor)
        workflow.claim_take(claim=claim, actor=reviewer)
        add_evidence(claim, reviewer, n)
        workflow.verdict_propose(claim=claim, actor=reviewer, rating="false", rationale="No.")
        workflow.verdict_approve(claim=claim, actor=editor)
    return 12


@pytest.mark.parametrize("fmt", ["csv", "json", "claimreview"])
def test_claims_are_fetched_chunk_by_chunk(many_published, monkeypatch, fmt):
    monkeypatch.setattr(common, "CHUNK_SIZE", 3)
    monkeypatch.setattr(common, "FLUSH_CHARS", 1)  # hand every piece on at once
    seen = []
    chunks = export_chunks(FORMATS[fmt], ExportFilters().claims(), on_claim=seen.append)
    with CaptureQueriesContext(connection) as first:
        while not seen:
            next(chunks)
    with CaptureQueriesContext(connection) as rest:
        for _ in chunks:
            pass
    assert len(seen) == many_published

    def verdict_fetches(queries):
        # `IN (...)` from a prefetch or SQLite's page of ids; `= ANY(array)` from PostgreSQL's.
        fetch = ('"factcheck_verdict"."claim_id" IN', '"factcheck_verdict"."claim_id" = ANY(')
        return [q for q in queries if any(f in q["sql"] for f in fetch)]

    # Verdicts are prefetched per chunk of 3 claims: the first claim is written after the
    # first chunk's fetch, the other three chunks come as the export goes on.
    assert len(verdict_fetches(first.captured_queries)) == 1
    assert len(verdict_fetches(rest.captured_queries)) == 3
    # Each claim written lets go of its prefetched verdicts (no cycle left to the GC).
    assert all(not hasattr(c, common.REVISIONS) for c in seen)
