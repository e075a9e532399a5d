"""Every role x action x claim status through the HTTP endpoints: allowed, or refused with
nothing changed.

The actions come from `workflow.ACTIONS`; the expected outcome of each is written out here
by hand, as an oracle the table is checked against. The claim is driven to each status
through the workflow by rita (the reviewer, who takes it and proposes) and erin (the
editor, who queues and approves); "corrected" is published with a correction erin wrote
waiting for a second editor. Outcomes per role, in the order rita (holder/proposer), rob
(another reviewer), erin (editor), ed (a second editor), olga (no group):
  ok   the step is done (a new event is recorded)
  =    allowed but nothing to record (rita taking the claim she already holds, a keep-alive)
  403  refused: the role may not do this
  404  no such thing on this claim (evidence to remove where there is none)
  409  refused: the claim is not in a status where this is possible
"""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent, Comment, Evidence, Rating, Verdict
from tests.factories import ClaimFactory, drive

pytestmark = pytest.mark.django_db

ROLES = ("rita", "rob", "erin", "ed", "olga")
STATUSES = ("new", "queued", "in_review", "proposed", "published", "corrected", "dismissed")

ANY_OTHER = "other"
EDITORS_ONLY = "403 403 409 409 403"
HOLDER_ONLY = "409 409 409 409 403"
TABLE = {
    "take": {"queued": "ok ok ok ok 403", "in_review": "= 409 409 409 403", ANY_OTHER: HOLDER_ONLY},
    "release": {"in_review": "ok 403 ok ok 403", ANY_OTHER: HOLDER_ONLY},
    "keep_alive": {"in_review": "= 403 403 403 403", ANY_OTHER: HOLDER_ONLY},
    "queue": {"new": "403 403 ok ok 403", ANY_OTHER: EDITORS_ONLY},
    "dismiss": {"new": "403 403 ok ok 403", "queued": "403 403 ok ok 403", ANY_OTHER: EDITORS_ONLY},
    "reopen": {"dismissed": "403 403 ok ok 403", ANY_OTHER: EDITORS_ONLY},
    "assign": {
        "queued": "403 403 ok ok 403",
        "in_review": "403 403 ok ok 403",
        ANY_OTHER: EDITORS_ONLY,
    },
    "add_evidence": {"in_review": "ok 403 ok ok 403", ANY_OTHER: HOLDER_ONLY},
    "remove_evidence": {
        "in_review": "ok 403 ok ok 403",
        "proposed": HOLDER_ONLY,
        "published": HOLDER_ONLY,
        "corrected": HOLDER_ONLY,
        ANY_OTHER: "404 404 404 404 403",
    },
    "propose": {"in_review": "ok 403 ok ok 403", ANY_OTHER: HOLDER_ONLY},
    "approve": {"proposed": "403 403 ok ok 403", ANY_OTHER: EDITORS_ONLY},
    "return": {"proposed": "403 403 ok ok 403", ANY_OTHER: EDITORS_ONLY},
    "correct": {"published": "403 403 ok ok 403", ANY_OTHER: EDITORS_ONLY},
    # Four eyes: erin wrote the correction, so only ed may publish it.
    "approve_correction": {"corrected": "403 403 403 ok 403", ANY_OTHER: EDITORS_ONLY},
    "reject_correction": {"corrected": "403 403 ok ok 403", ANY_OTHER: EDITORS_ONLY},
    "comment": {ANY_OTHER: "ok ok ok ok 403"},
    # Claim editing: the holder (rita, also while her verdict is proposed) or an editor;
    # once published only a correction changes the claim (409 for editors).
    "edit": {
        "new": "403 403 ok ok 403",
        "queued": "403 403 ok ok 403",
        "in_review": "ok 403 ok ok 403",
        "proposed": "ok 403 ok ok 403",
        "published": "403 403 409 409 403",
        "corrected": "403 403 409 409 403",
        ANY_OTHER: HOLDER_ONLY,
    },
    "merge": {
        "new": "403 403 ok ok 403",
        "queued": "403 403 ok ok 403",
        "in_review": "ok 403 ok ok 403",
        "proposed": "ok 403 ok ok 403",
        "published": "403 403 ok ok 403",
        "corrected": "403 403 ok ok 403",
        ANY_OTHER: HOLDER_ONLY,
    },
    "reject": {
        "new": "403 403 ok ok 403",
        "queued": "403 403 ok ok 403",
        "in_review": "ok 403 ok ok 403",
        ANY_OTHER: HOLDER_ONLY,
    },
}


def expected(action, status, role):
    row = TABLE[action].get(status, TABLE[action][ANY_OTHER]).split()
    return row[ROLES.index(role)]


CASES = [
    pytest.param(
        role, action, status, expected(action, status, role), id=f"{role}-{action}-{status}"
    )
    for action in workflow.ACTIONS
    for status in STATUSES
    for role in ROLES
]


def drive_to(claim, status, *, reviewer, editor):
    if status == "corrected":
        drive(claim, "published", reviewer=reviewer, editor=editor)
        workflow.verdict_correct(
            claim=claim, actor=editor, rating="true", rationale="r", correction_note="Revised."
        )
    else:
        drive(claim, status, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()


def _request(claim, action, *, rob):
    rating = Rating.objects.get(slug="mostly-true")
    data = {
        "version": claim.version,
        "reason": "Duplicate of another claim",
        "assignee": rob.pk,
        "rating": rating.pk,
        "rationale": "The figure matches the ministry's count.",
        "note": "Cite the primary source.",
        "correction_note": "The ministry revised its count.",
        "body": "Looked at the ministry site.",
        "url": "https://example.org/more",
        "title": "More figures",
        "stance": "supports",
        # edit: new words for what is counted; merge: a duplicate of the same article
        "words": claim.span,
        "kind": claim.kind,
        "low": "1200",
        "high": "1200",
        "qualifier": "exact",
        "unit": "troops",
    }
    if action == "merge":
        data["other"] = ClaimFactory(article=claim.article, span="1,200 soldiers crossed").pk
    if action == "add_evidence":
        return reverse("evidence_add", args=[claim.pk]), data
    if action == "remove_evidence":
        evidence = claim.evidence.first()
        return reverse("evidence_remove", args=[claim.pk, evidence.pk if evidence else 999]), data
    return reverse("claim_action", args=[claim.pk, action]), data


def _snapshot(claim):
    claim.refresh_from_db()
    return {
        "status": claim.status,
        "version": claim.version,
        "assignee": claim.assignee_id,
        "events": ClaimEvent.objects.filter(claim=claim).count(),
        "evidence": Evidence.objects.filter(claim=claim, removed_at__isnull=True).count(),
        "verdicts": list(Verdict.objects.filter(claim=claim).values_list("state", flat=True)),
        "comments": Comment.objects.filter(claim=claim).count(),
    }


@pytest.mark.parametrize(("role", "action", "status", "outcome"), CASES)
def test_role_action_status(
    client, claim, reviewer, reviewer2, editor, editor2, outsider, role, action, status, outcome
):
    users = {"rita": reviewer, "rob": reviewer2, "erin": editor, "ed": editor2, "olga": outsider}
    drive_to(claim, status, reviewer=reviewer, editor=editor)
    before = _snapshot(claim)
    url, data = _request(claim, action, rob=reviewer2)
    client.force_login(users[role])

    response = client.post(url, data, headers={"HX-Request": "true"})

    after = _snapshot(claim)
    if outcome == "ok":
        assert response.status_code == 200, response.content.decode()[:500]
        assert after["events"] == before["events"] + 1
        assert after != before
    elif outcome == "=":
        assert response.status_code in (200, 204)
        assert after == before
    else:
        assert response.status_code == int(outcome), response.content.decode()[:500]
        assert after == before, "a refused step changed the claim"
        if outcome != "404":
            assert b'role="alert"' in response.content  # a readable message, in place
        if role == "olga":
            assert claim.text.encode() not in response.content  # nothing shown to outsiders


def test_every_action_of_the_table_has_an_expected_outcome():
    assert set(TABLE) == set(workflow.ACTIONS)


@pytest.mark.parametrize(("role", "action", "status", "outcome"), CASES)
def test_allowed_actions_and_refusal_agree_with_the_oracle(
    claim, reviewer, reviewer2, editor, editor2, outsider, role, action, status, outcome
):
    """The rules read without trying (buttons, refusals) match what the endpoints do."""
    users = {"rita": reviewer, "rob": reviewer2, "erin": editor, "ed": editor2, "olga": outsider}
    drive_to(claim, status, reviewer=reviewer, editor=editor)
    allowed = action in workflow.allowed_actions(claim, users[role])
    if outcome == "404":
        return
    assert allowed == (outcome in ("ok",) or (outcome == "=" and action == "keep_alive"))
    assert (workflow.refusal(action, claim, users[role]) is None) == allowed


@pytest.mark.parametrize(("role", "status"), [(r, s) for r in ROLES for s in STATUSES])
def test_page_offers_exactly_the_allowed_actions(
    client, claim, reviewer, reviewer2, editor, editor2, outsider, role, status
):
    """The buttons on the claim page match the table (nothing offered that would be refused)."""
    users = {"rita": reviewer, "rob": reviewer2, "erin": editor, "ed": editor2, "olga": outsider}
    drive_to(claim, status, reviewer=reviewer, editor=editor)
    client.force_login(users[role])
    response = client.get(claim.get_absolute_url())
    if role == "olga":
        assert response.status_code == 403
        return
    html = response.content.decode()
    for action, spec in workflow.ACTIONS.items():
        if not spec.placement:  # not a button: a row control, a keep-alive, a link
            continue
        if action == "add_evidence":
            url = reverse("evidence_add", args=[claim.pk])
        else:
            url = reverse("claim_action", args=[claim.pk, action])
        offered = f'action="{url}"' in html
        assert offered == (expected(action, status, role) == "ok"), (action, offered)


def test_refused_without_htmx_shows_the_page_with_the_status(client, claim, reviewer, editor):
    drive(claim, "queued", reviewer=reviewer, editor=editor)
    client.force_login(reviewer)
    response = client.post(
        reverse("claim_action", args=[claim.pk, "dismiss"]),
        {"version": claim.version, "reason": "opinion"},
    )
    assert response.status_code == 403
    assert b"Only editors may dismiss claims." in response.content
    assert b"<html" in response.content
    claim.refresh_from_db()
    assert claim.status == Claim.Status.QUEUED
