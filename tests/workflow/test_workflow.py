"""Each transition of workflow.py, and each way it refuses."""

import datetime

import pytest
from django.utils import timezone

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent
from factcheck.workflow import Conflict, InvalidAction, NotAllowed

from .conftest import EVIDENCE, new_claim, rating

pytestmark = pytest.mark.django_db


def events(claim):
    return list(
        ClaimEvent.objects.filter(claim=claim).values_list("action", "from_status", "to_status")
    )


def unchanged(claim, before):
    fresh = Claim.objects.get(pk=claim.pk)
    return (fresh.status, fresh.version, fresh.assignee_id) == before


# --- triage ---------------------------------------------------------------------------------


def test_editor_queues_a_new_claim(claim, editor):
    claim = workflow.claim_queue(claim=claim, actor=editor)
    assert claim.status == "queued" and claim.version == 2
    assert events(claim) == [("queue", "new", "queued")]
    assert ClaimEvent.objects.get(claim=claim).actor == editor


def test_reviewer_may_not_triage(claim, reviewer):
    with pytest.raises(NotAllowed) as err:
        workflow.claim_queue(claim=claim, actor=reviewer)
    assert err.value.status_code == 403 and "editors" in err.value.message
    with pytest.raises(NotAllowed):
        workflow.claim_dismiss(claim=claim, actor=reviewer, reason="opinion")
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_queue_twice_is_a_conflict_naming_who(claim, editor, editor2):
    workflow.claim_queue(claim=claim, actor=editor)
    with pytest.raises(Conflict) as err:
        workflow.claim_queue(claim=claim, actor=editor2)
    assert "this claim is queued (erin queued it)" in err.value.message
    assert err.value.claim.status == "queued"


def test_triage_many_moves_only_new_claims(article, editor, make):
    fresh = [new_claim(article) for _ in range(3)]
    done = make("published")
    assert (
        workflow.claims_queue_many(claim_ids=[c.pk for c in fresh] + [done.pk], actor=editor) == 3
    )
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in fresh]).values_list("status", flat=True)
    ) == {"queued"}
    assert Claim.objects.get(pk=done.pk).status == "published"


def test_dismiss_needs_a_reason_and_reopen_brings_it_back(claim, editor):
    with pytest.raises(InvalidAction):
        workflow.claim_dismiss(claim=claim, actor=editor, reason="   ")
    claim = workflow.claim_dismiss(claim=claim, actor=editor, reason="opinion")
    assert claim.status == "dismissed" and claim.dismissal_reason == "opinion"
    claim = workflow.claim_reopen(claim=claim, actor=editor)
    assert claim.status == "new" and claim.dismissal_reason == ""
    assert [e[0] for e in events(claim)] == ["dismiss", "reopen"]


def test_dismiss_many(article, editor):
    claims = [new_claim(article) for _ in range(2)]
    workflow.claim_queue(claim=claims[0], actor=editor)
    assert (
        workflow.claims_dismiss_many(
            claim_ids=[c.pk for c in claims], actor=editor, reason="duplicate"
        )
        == 2
    )
    with pytest.raises(InvalidAction):
        workflow.claims_dismiss_many(claim_ids=[claims[0].pk], actor=editor, reason="")


def test_only_dismissed_claims_reopen(claim, editor):
    with pytest.raises(Conflict):
        workflow.claim_reopen(claim=claim, actor=editor)


# --- taking, leases -------------------------------------------------------------------------


def test_take_leases_the_claim(make, reviewer, settings):
    settings.CLAIM_LEASE_MINUTES = 30
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    assert claim.status == "in_review" and claim.assignee == reviewer
    left = claim.lease_expires_at - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_second_reviewer_is_told_who_has_it(make, reviewer, reviewer2):
    claim = make("queued")
    workflow.claim_take(claim=claim, actor=reviewer)
    with pytest.raises(Conflict) as err:
        workflow.claim_take(claim=claim, actor=reviewer2)
    assert "rita holds it" in err.value.message
    assert err.value.claim.assignee == reviewer


def test_holder_taking_again_only_renews(make, reviewer):
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    again = workflow.claim_take(claim=claim, actor=reviewer)
    assert again.version == claim.version
    assert [e[0] for e in events(claim)].count("take") == 1


def test_an_expired_lease_can_be_taken_over(make, reviewer, reviewer2):
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    Claim.objects.filter(pk=claim.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    claim = workflow.claim_take(claim=claim, actor=reviewer2)
    assert claim.assignee == reviewer2
    assert ClaimEvent.objects.filter(claim=claim).last().data == {"lease_expired_for": "rita"}


def test_expired_leases_return_to_the_queue(make, reviewer):
    held = workflow.claim_take(claim=make("queued"), actor=reviewer)
    fresh = workflow.claim_take(claim=make("queued"), actor=reviewer)
    Claim.objects.filter(pk=held.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert workflow.expire_leases() == 1
    held.refresh_from_db()
    fresh.refresh_from_db()
    assert (held.status, held.assignee, held.lease_expires_at) == ("queued", None, None)
    assert fresh.status == "in_review"
    last = ClaimEvent.objects.filter(claim=held).last()
    assert (last.action, last.actor, last.data) == ("lease_expired", None, {"held_by": "rita"})
    assert workflow.expire_leases() == 0


def test_lease_renew_extends_without_a_new_version(make, reviewer, reviewer2):
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    Claim.objects.filter(pk=claim.pk).update(
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert workflow.lease_renew(claim=claim, actor=reviewer)
    assert not workflow.lease_renew(claim=claim, actor=reviewer2)
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.lease_expires_at > timezone.now() + datetime.timedelta(minutes=20)
    assert fresh.version == claim.version


def test_next_claim_hands_out_the_best_ranked(article, editor, reviewer, reviewer2):
    low = new_claim(article, checkworthiness=0.2)
    high = new_claim(article, checkworthiness=0.9)
    new_claim(article, checkworthiness=1.0)  # new, not queued: not handed out
    workflow.claims_queue_many(claim_ids=[low.pk, high.pk], actor=editor)
    assert workflow.take_next_claim(actor=reviewer).pk == high.pk
    assert workflow.take_next_claim(actor=reviewer2).pk == low.pk
    assert workflow.take_next_claim(actor=reviewer) is None


def test_next_claim_picks_up_expired_leases(make, reviewer, reviewer2):
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    Claim.objects.filter(pk=claim.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert workflow.take_next_claim(actor=reviewer2).pk == claim.pk


def test_outsiders_take_nothing(make, outsider):
    claim = make("queued")
    with pytest.raises(NotAllowed):
        workflow.take_next_claim(actor=outsider)
    with pytest.raises(NotAllowed):
        workflow.claim_take(claim=claim, actor=outsider)


def test_release_by_holder_or_editor_only(make, reviewer, reviewer2, editor):
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    with pytest.raises(NotAllowed) as err:
        workflow.claim_release(claim=claim, actor=reviewer2)
    assert "rita" in err.value.message
    claim = workflow.claim_release(claim=claim, actor=editor)
    assert (claim.status, claim.assignee, claim.lease_expires_at) == ("queued", None, None)


def test_assign_to_a_reviewer(make, editor, reviewer, reviewer2, outsider):
    claim = make("queued")
    with pytest.raises(InvalidAction):
        workflow.claim_assign(claim=claim, actor=editor, assignee=outsider)
    with pytest.raises(NotAllowed):
        workflow.claim_assign(claim=claim, actor=reviewer, assignee=reviewer2)
    claim = workflow.claim_assign(claim=claim, actor=editor, assignee=reviewer2)
    assert claim.status == "in_review" and claim.assignee == reviewer2
    claim = workflow.claim_assign(claim=claim, actor=editor, assignee=reviewer)
    assert claim.assignee == reviewer


def test_stale_version_is_refused_with_the_current_state(make, reviewer, reviewer2):
    claim = make("queued")
    loaded = claim.version
    workflow.claim_take(claim=claim, actor=reviewer)
    workflow.claim_release(claim=claim, actor=reviewer)
    with pytest.raises(Conflict) as err:
        workflow.claim_take(claim=claim, actor=reviewer2, version=loaded)
    assert "changed while you had it open: rita released it. It is now queued" in (
        err.value.message
    )
    assert err.value.claim.status == "queued"


# --- evidence and verdicts ------------------------------------------------------------------


def test_evidence_needs_a_holder_and_a_real_url(make, reviewer, reviewer2):
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    with pytest.raises(NotAllowed):
        workflow.evidence_add(claim=claim, actor=reviewer2, **EVIDENCE)
    with pytest.raises(InvalidAction, match="web address"):
        workflow.evidence_add(
            claim=claim, actor=reviewer, **{**EVIDENCE, "url": "javascript:alert(1)"}
        )
    with pytest.raises(InvalidAction, match="supports"):
        workflow.evidence_add(claim=claim, actor=reviewer, **{**EVIDENCE, "stance": "maybe"})
    with pytest.raises(InvalidAction, match="title"):
        workflow.evidence_add(claim=claim, actor=reviewer, **{**EVIDENCE, "title": ""})
    evidence = workflow.evidence_add(claim=claim, actor=reviewer, **EVIDENCE)
    assert evidence.added_by == reviewer and evidence.accessed == timezone.localdate()
    assert events(claim)[-1] == ("evidence_added", "in_review", "in_review")


def test_evidence_on_a_queued_claim_is_refused(make, reviewer):
    with pytest.raises(Conflict):
        workflow.evidence_add(claim=make("queued"), actor=reviewer, **EVIDENCE)


def test_propose_needs_evidence_rating_and_rationale(make, reviewer):
    claim = workflow.claim_take(claim=make("queued"), actor=reviewer)
    with pytest.raises(InvalidAction, match="evidence"):
        workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), rationale="x")
    evidence = workflow.evidence_add(claim=claim, actor=reviewer, **EVIDENCE)
    with pytest.raises(InvalidAction, match="rating"):
        workflow.verdict_propose(claim=claim, actor=reviewer, rating="no-such", rationale="x")
    with pytest.raises(InvalidAction, match="rationale"):
        workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), rationale=" ")
    workflow.evidence_remove(evidence=evidence, actor=reviewer)
    with pytest.raises(InvalidAction, match="evidence"):
        workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), rationale="x")
    kept = workflow.evidence_add(claim=claim, actor=reviewer, **EVIDENCE)
    verdict = workflow.verdict_propose(
        claim=claim, actor=reviewer, rating="false", rationale="The UN counted 600."
    )
    assert (verdict.revision, verdict.state, verdict.author) == (1, "proposed", reviewer)
    assert list(verdict.evidence.all()) == [kept]
    claim.refresh_from_db()
    assert claim.status == "proposed" and claim.lease_expires_at is None


def test_two_person_rule(article, editor, editor2):
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    workflow.claim_take(claim=claim, actor=editor)
    workflow.evidence_add(claim=claim, actor=editor, **EVIDENCE)
    workflow.verdict_propose(claim=claim, actor=editor, rating=rating(), rationale="r")
    claim.refresh_from_db()
    assert "approve" not in workflow.allowed_actions(claim, editor)
    with pytest.raises(NotAllowed, match="two-person"):
        workflow.verdict_approve(claim=claim, actor=editor)
    verdict = workflow.verdict_approve(claim=claim, actor=editor2)
    assert (verdict.state, verdict.approved_by) == ("published", editor2)


def test_approve_publishes(make, editor, reviewer):
    claim = make("proposed")
    with pytest.raises(NotAllowed):
        workflow.verdict_approve(claim=claim, actor=reviewer)
    verdict = workflow.verdict_approve(claim=claim, actor=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("published", None)
    assert verdict.approved_at is not None


def test_two_editors_approving_one_wins(make, editor, editor2):
    claim = make("proposed")
    version = claim.version
    workflow.verdict_approve(claim=claim, actor=editor, version=version)
    with pytest.raises(Conflict) as err:
        workflow.verdict_approve(claim=claim, actor=editor2, version=version)
    assert "erin approved and published it" in err.value.message
    with pytest.raises(Conflict) as err:
        workflow.verdict_approve(claim=claim, actor=editor2)
    assert "this claim is published (erin approved and published it)" in err.value.message


def test_return_sends_it_back_to_the_proposer(make, editor, reviewer):
    claim = make("proposed")
    with pytest.raises(InvalidAction, match="note"):
        workflow.verdict_return(claim=claim, actor=editor, note="")
    claim = workflow.verdict_return(claim=claim, actor=editor, note="Cite the UN report.")
    assert (claim.status, claim.assignee) == ("in_review", reviewer)
    assert claim.lease_active
    returned = claim.verdicts.get()
    assert (returned.state, returned.review_note) == ("returned", "Cite the UN report.")
    workflow.verdict_propose(claim=claim, actor=reviewer, rating="half-true", rationale="fixed")
    assert list(claim.verdicts.values_list("revision", "state")) == [
        (1, "returned"),
        (2, "proposed"),
    ]


def test_correction_needs_a_second_editor_and_keeps_history(make, editor, editor2, reviewer):
    claim = make("published")
    with pytest.raises(InvalidAction, match="correction note"):
        workflow.verdict_correct(
            claim=claim, actor=editor, rating="true", rationale="r", correction_note=""
        )
    with pytest.raises(NotAllowed):
        workflow.verdict_correct(
            claim=claim, actor=reviewer, rating="true", rationale="r", correction_note="n"
        )
    proposed = workflow.verdict_correct(
        claim=claim,
        actor=editor,
        rating="true",
        rationale="New figures.",
        correction_note="UN revised.",
    )
    # Written, not yet published: the old revision stands until a second editor approves.
    assert list(claim.verdicts.values_list("revision", "state")) == [
        (1, "published"),
        (2, "proposed"),
    ]
    claim.refresh_from_db()
    assert "approve_correction" not in workflow.allowed_actions(claim, editor)
    assert "correct" not in workflow.allowed_actions(claim, editor2)  # one pending at a time
    with pytest.raises(NotAllowed, match="another editor"):
        workflow.correction_approve(claim=claim, actor=editor)
    with pytest.raises(Conflict, match="already waiting"):
        workflow.verdict_correct(
            claim=claim, actor=editor2, rating="false", rationale="r", correction_note="n"
        )
    fixed = workflow.correction_approve(claim=claim, actor=editor2)
    assert fixed.pk == proposed.pk
    assert (fixed.author, fixed.approved_by) == (editor, editor2)
    assert list(claim.verdicts.values_list("revision", "state")) == [
        (1, "superseded"),
        (2, "published"),
    ]
    assert fixed.evidence.count() == 1 and fixed.correction_note == "UN revised."
    claim.refresh_from_db()
    assert claim.status == "published"
    assert list(claim.events.values_list("action", "actor__username"))[-2:] == [
        ("correct", "erin"),
        ("approve_correction", "ed"),
    ]
    # The first revision keeps its reviewer's credit.
    first = claim.verdicts.get(revision=1)
    assert first.author == reviewer


def test_a_sent_back_correction_leaves_the_verdict_standing(make, editor, editor2):
    claim = make("published")
    workflow.verdict_correct(
        claim=claim, actor=editor, rating="true", rationale="r", correction_note="n"
    )
    with pytest.raises(InvalidAction, match="note"):
        workflow.correction_reject(claim=claim, actor=editor2, note="")
    workflow.correction_reject(claim=claim, actor=editor2, note="The UN has not revised.")
    assert list(claim.verdicts.values_list("revision", "state", "review_note")) == [
        (1, "published", ""),
        (2, "returned", "The UN has not revised."),
    ]
    claim.refresh_from_db()
    assert "correct" in workflow.allowed_actions(claim, editor)


def test_a_single_editor_newsroom_may_allow_self_correction(make, editor, settings):
    claim = make("published")
    workflow.verdict_correct(
        claim=claim, actor=editor, rating="true", rationale="r", correction_note="n"
    )
    with pytest.raises(NotAllowed):
        workflow.correction_approve(claim=claim, actor=editor)
    settings.FACTCHECK_ALLOW_SELF_CORRECTION = True
    assert workflow.correction_approve(claim=claim, actor=editor).approved_by == editor


OFFERED = [
    # status, role, expected actions (edit, merge, reject: claim editing, for the holder or
    # an editor)
    ("new", "editor", {"queue", "dismiss", "comment", "edit", "merge", "reject"}),
    ("new", "reviewer", {"comment"}),
    ("queued", "editor", {"dismiss", "assign", "take", "comment", "edit", "merge", "reject"}),
    ("queued", "reviewer", {"take", "comment"}),
    (
        "in_review",
        "holder",
        {"release", "keep_alive", "add_evidence", "remove_evidence", "propose", "comment"}
        | {"edit", "merge", "reject"},
    ),
    ("in_review", "reviewer2", {"comment"}),
    (
        "in_review",
        "editor",
        {"assign", "release", "add_evidence", "remove_evidence", "propose", "comment"}
        | {"edit", "merge", "reject"},
    ),
    ("proposed", "editor", {"approve", "return", "comment", "edit", "merge"}),
    ("proposed", "holder", {"comment", "edit", "merge"}),
    ("published", "editor2", {"correct", "comment", "merge"}),
    ("published", "reviewer", {"comment"}),
    ("dismissed", "editor", {"reopen", "comment"}),
    ("dismissed", "outsider", set()),
]


@pytest.mark.parametrize("status,role,expected", OFFERED)
def test_allowed_actions(
    status, role, expected, make, reviewer, reviewer2, editor, editor2, outsider
):
    users = {
        "editor": editor,
        "editor2": editor2,
        "reviewer": reviewer,
        "holder": reviewer,
        "reviewer2": reviewer2,
        "outsider": outsider,
    }
    assert workflow.allowed_actions(make(status), users[role]) == expected
