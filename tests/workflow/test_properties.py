"""Random sequences of actions by random users never break the workflow's invariants."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent, Evidence, Verdict
from factcheck.workflow import WorkflowError

from .conftest import EVIDENCE, new_claim

# Every step that bumps the version, read from the table, plus the lease running out.
TRANSITIONS = {a.name for a in workflow.ACTIONS.values() if a.bumps_version} | {"lease_expired"}
ACTIONS = [
    "queue",
    "dismiss",
    "reopen",
    "take",
    "next",
    "release",
    "assign",
    "evidence",
    "unevidence",
    "propose",
    "approve",
    "return",
    "correct",
    "approve_correction",
    "reject_correction",
    "comment",
    "expire",
    # the path to publication, more often, so random runs get that far
    "queue",
    "take",
    "evidence",
    "propose",
    "approve",
    "queue",
    "take",
    "evidence",
    "propose",
    "approve",
    "correct",
    "approve_correction",
]
TABLE_NAME = {"evidence": "add_evidence", "unevidence": "remove_evidence"}
RATINGS = ["true", "false", "half-true", "unverifiable"]


def act(action, user, claim, users):
    if action == "queue":
        workflow.claim_queue(claim=claim, actor=user)
    elif action == "dismiss":
        workflow.claim_dismiss(claim=claim, actor=user, reason="duplicate")
    elif action == "reopen":
        workflow.claim_reopen(claim=claim, actor=user)
    elif action == "take":
        workflow.claim_take(claim=claim, actor=user)
    elif action == "next":
        workflow.take_next_claim(actor=user)
    elif action == "release":
        workflow.claim_release(claim=claim, actor=user)
    elif action == "assign":
        workflow.claim_assign(claim=claim, actor=user, assignee=users[0])
    elif action == "evidence":
        workflow.evidence_add(claim=claim, actor=user, **EVIDENCE)
    elif action == "unevidence":
        evidence = Evidence.objects.filter(claim=claim, removed_at__isnull=True).first()
        if evidence:
            workflow.evidence_remove(evidence=evidence, actor=user)
    elif action == "propose":
        workflow.verdict_propose(
            claim=claim, actor=user, rating=RATINGS[claim.pk % 4], rationale="because"
        )
    elif action == "approve":
        workflow.verdict_approve(claim=claim, actor=user)
    elif action == "return":
        workflow.verdict_return(claim=claim, actor=user, note="fix it")
    elif action == "correct":
        workflow.verdict_correct(
            claim=claim, actor=user, rating="true", rationale="new", correction_note="revised"
        )
    elif action == "approve_correction":
        workflow.correction_approve(claim=claim, actor=user)
    elif action == "reject_correction":
        workflow.correction_reject(claim=claim, actor=user, note="not so")
    elif action == "comment":
        workflow.comment_add(claim=claim, actor=user, body="note")
    elif action == "expire":  # time passes beyond the lease
        workflow.expire_leases(now=timezone.now() + datetime.timedelta(days=1))


def check_invariants(claim):
    claim.refresh_from_db()
    # The audit log replays to the current status, and every status change is in it.
    status, changes = "new", 0
    for event in ClaimEvent.objects.filter(claim=claim).order_by("created_at", "id"):
        assert event.from_status == status, (event.action, event.from_status, status)
        status = event.to_status
        changes += event.action in TRANSITIONS
    assert status == claim.status
    assert claim.version == 1 + changes
    # One holder at most, and only while it is being worked on.
    if claim.status == "in_review":
        assert claim.assignee_id is not None and claim.lease_expires_at is not None
    elif claim.status != "proposed":
        assert claim.assignee_id is None and claim.lease_expires_at is None
    verdicts = list(claim.verdicts.order_by("revision"))
    proposed = [v for v in verdicts if v.state == Verdict.State.PROPOSED]
    published = [v for v in verdicts if v.state == Verdict.State.PUBLISHED]
    if claim.status == "proposed":
        assert len(proposed) == 1 and claim.assignee_id == proposed[0].author_id
    elif claim.status == "published":
        # At most one correction waiting for a second editor.
        assert len(proposed) <= 1 and all(v.correction_note for v in proposed)
    else:
        assert proposed == []
    assert len(published) == (claim.status == "published")
    # Four eyes: every revision ever published was approved by someone who did not write it.
    for verdict in verdicts:
        if verdict.approved_by_id is not None:
            assert verdict.approved_by_id != verdict.author_id
    assert [v.revision for v in verdicts] == list(range(1, len(verdicts) + 1))


EDITOR_ACTIONS = {a.name for a in workflow.ACTIONS.values() if a.role == workflow.EDITOR}
HOLDER_ACTIONS = {"release", "evidence", "unevidence", "propose"}


def pick_user(action, proper, who, claim, users):
    """Mostly someone who could do it (so claims get far), sometimes anyone at all."""
    if not proper:
        return users[who]
    if action in EDITOR_ACTIONS:
        return users[2 + who % 2]
    if action in HOLDER_ACTIONS and claim.assignee_id:
        return claim.assignee
    return users[who % 4]


@pytest.mark.django_db
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(ACTIONS),
            st.sampled_from([True] * 4 + [False]),
            st.integers(0, 4),
            st.sampled_from([0, 0, 0, 1]),
        ),
        min_size=20,
        max_size=60,
    )
)
def test_random_actions_keep_invariants(
    steps, article, reviewer, reviewer2, editor, editor2, outsider
):
    users = [reviewer, reviewer2, editor, editor2, outsider]
    claims = [new_claim(article, checkworthiness=0.5 + 0.4 * i) for i in range(2)]
    for action, proper, who, which in steps:
        claim = Claim.objects.select_related("assignee").get(pk=claims[which].pk)
        before = (claim.status, claim.version)
        user = pick_user(action, proper, who, claim, users)
        name = TABLE_NAME.get(action, action)
        # The table's answer, read without trying, must be what the service does.
        predicted = workflow.refusal(name, claim, user) if name in workflow.ACTIONS else None
        try:
            act(action, user, claim, users)
        except WorkflowError as refused:
            claim.refresh_from_db()
            assert (claim.status, claim.version) == before, refused.message
            if predicted is not None:
                assert refused.message == predicted
            elif name in workflow.ACTIONS:  # allowed by the rules: only the input can be wrong
                assert isinstance(refused, workflow.InvalidAction), refused.message
        else:
            if predicted is not None:  # only a harmless repeat may pass: the holder's 2nd take
                claim.refresh_from_db()
                assert (claim.status, claim.version) == before, (action, predicted)
    for claim in claims:
        check_invariants(claim)
        hypothesis_event(f"reached {claim.status}")
        hypothesis_event(f"revisions {claim.verdicts.count()}")
    # The outsider never did anything.
    assert not ClaimEvent.objects.filter(actor=outsider).exists()
