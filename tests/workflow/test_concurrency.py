"""Real concurrency on PostgreSQL: threads with their own connections race for claims."""

import threading
from collections import Counter

import pytest
from django.db import connection

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent
from factcheck.workflow import Conflict

from ..conftest import make_user
from .conftest import EVIDENCE, new_claim, rating

pytestmark = [
    pytest.mark.postgres,
    # Threads need committed data; serialized_rollback restores the migrations' groups.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks with SKIP LOCKED)")


def run_together(functions):
    """Start every function at the same moment in its own thread; collect results/errors."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(i, fn):
        try:
            barrier.wait(timeout=30)
            results[i] = fn()
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def test_next_claim_hands_out_each_claim_exactly_once(article, editor, django_user_model):
    reviewers = [make_user(django_user_model, f"rev{i}", "Reviewers") for i in range(20)]
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            kind="quantity",
            text=f"claim {i}",
            span=f"{i}",
            start=0,
            end=1,
            checkworthiness=(i % 10) / 10,
        )
        for i in range(200)
    )
    assert workflow.claims_queue_many(claim_ids=[c.pk for c in claims], actor=editor) == 200

    def press_next_until_empty(user):
        def run():
            got = []
            while (claim := workflow.take_next_claim(actor=user)) is not None:
                got.append(claim.pk)
            return got

        return run

    results = run_together([press_next_until_empty(user) for user in reviewers])
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    handed = [pk for got in results for pk in got]
    assert len(handed) == 200 and set(handed) == {c.pk for c in claims}
    assert sum(1 for got in results if got) > 1, "the work was not shared at all"
    # The database agrees: each claim taken once, by the reviewer who was handed it.
    holder = {pk: user for user, got in zip(reviewers, results, strict=True) for pk in got}
    for claim in Claim.objects.filter(pk__in=holder):
        assert claim.status == "in_review" and claim.assignee_id == holder[claim.pk].pk
    takes = Counter(ClaimEvent.objects.filter(action="take").values_list("claim_id", flat=True))
    assert set(takes.values()) == {1} and len(takes) == 200


def test_two_reviewers_taking_one_claim(article, editor, reviewer, reviewer2):
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    results = run_together(
        [
            lambda: workflow.claim_take(claim=claim.pk, actor=reviewer, version=2),
            lambda: workflow.claim_take(claim=claim.pk, actor=reviewer2, version=2),
        ]
    )
    winners = [r for r in results if isinstance(r, Claim)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    winner = winners[0].assignee.get_username()
    assert winner in losers[0].message
    assert losers[0].claim.assignee.get_username() == winner


def test_two_editors_approving_one_verdict(article, editor, editor2, reviewer):
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    workflow.claim_take(claim=claim, actor=reviewer)
    workflow.evidence_add(claim=claim, actor=reviewer, **EVIDENCE)
    workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), rationale="r")
    results = run_together(
        [
            lambda: workflow.verdict_approve(claim=claim.pk, actor=editor),
            lambda: workflow.verdict_approve(claim=claim.pk, actor=editor2),
        ]
    )
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(losers) == 1, results
    assert "approved and published it" in losers[0].message
    assert ClaimEvent.objects.filter(claim=claim, action="approve").count() == 1
