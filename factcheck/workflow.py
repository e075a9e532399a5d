"""Every change of a claim's review state, declared once in `ACTIONS`: guarded, atomic, audited.

Nothing else in the code base writes `Claim.status`, `assignee`, `lease_expires_at`,
verdicts, evidence, comments or `ClaimEvent`s. Each action is one row of the `ACTIONS`
table: who may take it, from which statuses, to which status, the form its input comes
from, and the service that runs it. `allowed_actions` and `refusal` read the same rules, so
the buttons a page offers, the dispatch that runs them, the admin's actions and the
README's table cannot drift apart.

Each service locks the claim row, checks the actor's role, the claim's version (when the
caller sends the one it loaded), its status and the action's own rule, applies the change,
bumps the version and writes one `ClaimEvent`, all in one transaction. Two people racing
for the same step get one winner; the other gets a `Conflict` that says, in words, who did
what.
"""

import datetime
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from factcheck import caching, forms, sql
from factcheck.models import (
    COMMENT_MAX,
    EXCERPT_MAX,
    NOTE_MAX,
    RATIONALE_MAX,
    REASON_MAX,
    Article,
    Claim,
    ClaimEvent,
    Comment,
    Evidence,
    Rating,
    Verdict,
)

S = Claim.Status


# --- errors -------------------------------------------------------------------------------


class WorkflowError(Exception):
    """A refused step. `message` is for people; `claim` is the current state, re-read."""

    status_code = 400

    def __init__(self, message: str, claim: Claim | None = None):
        super().__init__(message)
        self.message = message
        self.claim = claim


class NotAllowed(WorkflowError):
    """The actor's role may not take this step."""

    status_code = 403


class Conflict(WorkflowError):
    """The claim is no longer where this step starts (someone else moved it), or is stale."""

    status_code = 409


class InvalidAction(WorkflowError):
    """The request itself is incomplete or wrong (no evidence, empty note, bad rating...)."""

    status_code = 400


# --- roles --------------------------------------------------------------------------------

REVIEWER, EDITOR, HOLDER = "reviewer", "editor", "holder"
ROLE_WORDS = {
    REVIEWER: "reviewer or editor",
    EDITOR: "editor",
    HOLDER: "the reviewer holding the claim, or an editor",
}


def is_reviewer(user) -> bool:
    return bool(user and user.is_active and user.has_perm("factcheck.review_claim"))


def is_editor(user) -> bool:
    return bool(user and user.is_active and user.has_perm("factcheck.edit_claim"))


# --- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One step a claim can take, with every rule about it."""

    name: str
    label: str  # the button, in plain words
    what: str  # "take it", for messages: "Cannot take it: ..."
    past: str  # "took", for history lines and race messages: "rita took it"
    role: str  # REVIEWER, EDITOR or HOLDER (the reviewer holding the claim, or an editor)
    from_statuses: frozenset
    to_status: str | None  # None: the status does not change
    run: Callable | None = None  # set below, once the services exist
    form: type | None = forms.ClaimActionForm
    # Where the page shows it: "button", "form" (with fields), "verdict", "evidence",
    # "comments", or "" (reached another way: a row's control, a keep-alive, a link).
    placement: str = "button"
    # An extra rule of this action: (claim, user) -> (error class, words) or None.
    rule: Callable | None = None
    done: Callable = field(default=lambda result: "Done.")
    bumps_version: bool = True
    rule_words: str = ""  # the extra rule, for the README's table


def _lease_rule(claim, user):
    if claim.status == S.IN_REVIEW:
        if claim.assignee_id == user.pk:
            return Conflict, "You already hold this claim."
        if claim.lease_active:
            holder = claim.assignee.get_username() if claim.assignee else "someone"
            return Conflict, f"Cannot take it: {holder} holds it (their lease is still running)."
    return None


def _keep_alive_rule(claim, user):
    if claim.assignee_id != user.pk:
        return NotAllowed, "Only the reviewer holding this claim keeps its lease alive."
    return None


def _not_the_proposer(claim, user):
    # While proposed, the assignee is the proposer.
    if claim.assignee_id == user.pk:
        return NotAllowed, (
            "You proposed this verdict; another editor must approve it (two-person rule)."
        )
    return None


def _pending_correction(claim) -> Verdict | None:
    """The correction waiting for a second editor (looked up once per loaded claim)."""
    if not hasattr(claim, "_pending_correction"):
        claim._pending_correction = (
            claim.verdicts.select_related("author")
            .filter(state=Verdict.State.PROPOSED)
            .order_by("-revision")
            .first()
        )
    return claim._pending_correction


def _no_pending_correction(claim, user):
    pending = _pending_correction(claim)
    if pending is not None:
        return Conflict, (
            f"A correction by {pending.author.get_username()} is already waiting for a second "
            "editor; approve or reject it first."
        )
    return None


def _correction_to_approve(claim, user):
    pending = _pending_correction(claim)
    if pending is None:
        return Conflict, "No correction is waiting for approval on this claim."
    if pending.author_id == user.pk and not settings.FACTCHECK_ALLOW_SELF_CORRECTION:
        return NotAllowed, (
            "You wrote this correction; another editor must approve it (four eyes on every "
            "published change)."
        )
    return None


def _correction_to_reject(claim, user):
    if _pending_correction(claim) is None:
        return Conflict, "No correction is waiting for approval on this claim."
    return None


ALL = frozenset(S.values)
_actions = [
    Action(
        "queue",
        "Queue for checking",
        "queue it",
        "queued",
        EDITOR,
        frozenset({S.NEW}),
        S.QUEUED,
        done=lambda r: "Queued for checking.",
    ),
    Action(
        "take",
        "Take claim",
        "take it",
        "took",
        REVIEWER,
        frozenset({S.QUEUED, S.IN_REVIEW}),
        S.IN_REVIEW,
        rule=_lease_rule,
        done=lambda r: (
            f"You took this claim; it is yours for {settings.CLAIM_LEASE_MINUTES} minutes "
            "(renewed while you work on it)."
        ),
        rule_words="not while another reviewer's lease runs",
    ),
    Action(
        "release",
        "Release claim",
        "release it",
        "released",
        HOLDER,
        frozenset({S.IN_REVIEW}),
        S.QUEUED,
        done=lambda r: "Released: the claim is back in the queue.",
    ),
    Action(
        "keep_alive",
        "Keep my lease",
        "keep its lease alive",
        "kept the lease of",
        HOLDER,
        frozenset({S.IN_REVIEW}),
        None,
        placement="",
        rule=_keep_alive_rule,
        done=lambda r: "Lease renewed.",
        bumps_version=False,
        rule_words="the holder only",
    ),
    Action(
        "approve",
        "Approve and publish",
        "approve it",
        "approved and published",
        EDITOR,
        frozenset({S.PROPOSED}),
        S.PUBLISHED,
        rule=_not_the_proposer,
        done=lambda r: f"Published: {r.rating.label}.",
        rule_words="not by the one who proposed it",
    ),
    Action(
        "reopen",
        "Reopen claim",
        "reopen it",
        "reopened",
        EDITOR,
        frozenset({S.DISMISSED}),
        S.NEW,
        done=lambda r: "Reopened: the claim is new again.",
    ),
    Action(
        "approve_correction",
        "Approve and publish the correction",
        "approve the correction",
        "approved the correction of",
        EDITOR,
        frozenset({S.PUBLISHED}),
        S.PUBLISHED,
        rule=_correction_to_approve,
        done=lambda r: f"Correction published: {r.rating.label}.",
        rule_words="a correction is waiting; not by the editor who wrote it",
    ),
    Action(
        "dismiss",
        "Dismiss claim",
        "dismiss it",
        "dismissed",
        EDITOR,
        frozenset({S.NEW, S.QUEUED}),
        S.DISMISSED,
        form=forms.DismissForm,
        placement="form",
        done=lambda r: "Dismissed.",
    ),
    Action(
        "assign",
        "Assign",
        "assign it",
        "assigned",
        EDITOR,
        frozenset({S.QUEUED, S.IN_REVIEW}),
        S.IN_REVIEW,
        form=forms.AssignForm,
        placement="form",
        done=lambda r: f"Assigned to {r.assignee.get_username()}.",
    ),
    Action(
        "return",
        "Return to reviewer",
        "return it",
        "returned",
        EDITOR,
        frozenset({S.PROPOSED}),
        S.IN_REVIEW,
        form=forms.ReturnForm,
        placement="form",
        done=lambda r: "Returned to the reviewer with your note.",
    ),
    Action(
        "reject_correction",
        "Send the correction back",
        "reject the correction",
        "sent back the correction of",
        EDITOR,
        frozenset({S.PUBLISHED}),
        S.PUBLISHED,
        form=forms.CorrectionRejectForm,
        placement="form",
        rule=_correction_to_reject,
        done=lambda r: "Correction sent back; the published verdict stands.",
        rule_words="a correction is waiting",
    ),
    Action(
        "add_evidence",
        "Add evidence",
        "add evidence",
        "added evidence to",
        HOLDER,
        frozenset({S.IN_REVIEW}),
        None,
        form=forms.EvidenceForm,
        placement="evidence",
        done=lambda r: "Evidence added.",
        bumps_version=False,
    ),
    Action(
        "remove_evidence",
        "Remove evidence",
        "remove evidence",
        "removed evidence from",
        HOLDER,
        frozenset({S.IN_REVIEW}),
        None,
        form=forms.EvidenceRemoveForm,
        placement="",
        done=lambda r: f"Removed “{r.title}” from the evidence.",
        bumps_version=False,
    ),
    Action(
        "propose",
        "Propose verdict",
        "propose a verdict",
        "proposed a verdict on",
        HOLDER,
        frozenset({S.IN_REVIEW}),
        S.PROPOSED,
        form=forms.VerdictForm,
        placement="verdict",
        done=lambda r: f"Verdict proposed ({r.rating.label}); an editor will review it.",
        rule_words="at least one evidence source",
    ),
    Action(
        "correct",
        "Propose a correction",
        "correct it",
        "proposed a correction to",
        EDITOR,
        frozenset({S.PUBLISHED}),
        S.PUBLISHED,
        form=forms.CorrectForm,
        placement="verdict",
        rule=_no_pending_correction,
        done=lambda r: (
            f"Correction proposed ({r.rating.label}); another editor must approve it before "
            "it is published."
        ),
        rule_words="one correction waits at a time",
    ),
    Action(
        "comment",
        "Add comment",
        "comment",
        "commented on",
        REVIEWER,
        ALL,
        None,
        form=forms.CommentForm,
        placement="comments",
        done=lambda r: "Comment added.",
        bumps_version=False,
    ),
]
ACTIONS: dict[str, Action] = {action.name: action for action in _actions}


# --- rules, read without trying -------------------------------------------------------------


def _role_refusal(action: Action, user):
    # "take it" -> "take claims": the role rule is about claims in general.
    what = action.what[: -len(" it")] + " claims" if action.what.endswith(" it") else action.what
    if not is_reviewer(user):
        return NotAllowed, f"Only reviewers and editors may {what}."
    if action.role == EDITOR and not is_editor(user):
        return NotAllowed, f"Only editors may {what}."
    return None


def _refusal(action: Action, claim: Claim, user, *, words: bool = True):
    """The first rule that stops `user`: (error class, words), or None when allowed.

    `words=False` skips the history look-up a status refusal names (for listing actions).
    """
    found = _role_refusal(action, user)
    if found:
        return found
    if claim.status not in action.from_statuses:
        if not words:
            return Conflict, ""
        return Conflict, (
            f"Cannot {action.what}: this claim is {claim.get_status_display().lower()} "
            f"({last_step(claim)})."
        )
    if action.role == HOLDER and claim.assignee_id != user.pk and not is_editor(user):
        holder = claim.assignee.get_username() if claim.assignee else "nobody"
        return NotAllowed, (
            f"Only the reviewer holding this claim ({holder}) or an editor may {action.what}."
        )
    if action.rule:
        return action.rule(claim, user)
    return None


def refusal(name: str, claim: Claim, user) -> str | None:
    """Why `user` may not take action `name` on `claim` as it is now, in words; None if allowed."""
    found = _refusal(ACTIONS[name], claim, user)
    return found[1] if found else None


def refusal_error(name: str, claim: Claim, user) -> WorkflowError | None:
    """The error a service would raise for the same rule (403/409), without trying it."""
    found = _refusal(ACTIONS[name], claim, user)
    return found[0](found[1], claim) if found else None


def allowed_actions(claim: Claim, user) -> set[str]:
    """The action names `user` may take on `claim` as it is now (what the page offers)."""
    if not is_reviewer(user):
        return set()
    return {
        name
        for name, action in ACTIONS.items()
        if _refusal(action, claim, user, words=False) is None
    }


def perform(name: str, *, claim, actor, data: dict):
    """Run action `name` with a form's cleaned data; returns (result, message for people)."""
    action = ACTIONS.get(name)
    if action is None:
        raise InvalidAction(f"Unknown action {name!r}; use one of {', '.join(ACTIONS)}.")
    result = action.run(claim=claim, actor=actor, **data)
    return result, action.done(result)


def readme_table() -> str:
    """The claim's life as a Markdown table, for the README (kept equal by a test)."""
    names = dict(S.choices)
    rows = ["| action | who | from | to | rule |", "| --- | --- | --- | --- | --- |"]
    for action in ACTIONS.values():
        starts = ", ".join(names[s].lower() for s in S.values if s in action.from_statuses)
        if action.from_statuses == ALL:
            starts = "any"
        to = names[action.to_status].lower() if action.to_status else "(unchanged)"
        rows.append(
            f"| {action.label} (`{action.name}`) | {ROLE_WORDS[action.role]} | {starts} | {to} "
            f"| {action.rule_words} |"
        )
    return "\n".join(rows)


# --- the machinery every service shares ----------------------------------------------------


def _lease_until(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(minutes=settings.CLAIM_LEASE_MINUTES)


def _lock(claim: Claim | int) -> Claim:
    """The claim's row, locked until the transaction ends, with its current values."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    try:
        return Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=pk)
    except Claim.DoesNotExist:
        raise InvalidAction(f"Claim {pk} does not exist (any more).") from None


def current_state(claim: Claim | int) -> Claim | None:
    """The claim as it is in the database now (for showing the loser of a race)."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    return Claim.objects.select_related("article", "assignee").filter(pk=pk).first()


QUIET = {a.name for a in _actions if not a.bumps_version}


def last_step(claim: Claim) -> str:
    """The step that put the claim where it is, as a sentence part: "erin returned it to rita"."""
    event = (
        ClaimEvent.objects.filter(claim=claim)
        .exclude(action__in=QUIET | set(EVENT_ACTION))
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    if event is None:
        return "nobody has worked on it yet"
    return event_sentence(event)


# Events named otherwise than the action that writes them.
EVENT_ACTION = {"evidence_added": "add_evidence", "evidence_removed": "remove_evidence"}


def event_sentence(event: ClaimEvent) -> str:
    """A history line in words: "rita took it", "erin returned it to rita"."""
    who = event.actor.get_username() if event.actor else "the system"
    data = event.data or {}
    if event.action == "lease_expired":
        return (
            f"{data.get('held_by') or 'the reviewer'}'s lease ran out and it went back to the queue"
        )
    if event.action == "extracted":
        return "the extractor found it"
    action = ACTIONS.get(EVENT_ACTION.get(event.action, event.action))
    verb = action.past if action else event.action.replace("_", " ")
    if event.action == "assign" and data.get("assignee"):
        return f"{who} assigned it to {data['assignee']}"
    if event.action == "return" and data.get("proposer"):
        return f"{who} returned it to {data['proposer']}"
    return f"{who} {verb} it"


def _begin(name: str, claim: Claim | int, actor, version=None) -> Claim:
    """Lock the claim and check every rule of action `name`; returns the locked claim."""
    action = ACTIONS[name]
    found = _role_refusal(action, actor)
    if found:
        raise found[0](found[1], claim if isinstance(claim, Claim) else None)
    claim = _lock(claim)
    if version not in (None, "") and int(version) != claim.version:
        raise Conflict(
            f"This claim changed while you had it open: {last_step(claim)}. It is now "
            f"{claim.get_status_display().lower()}; here it is as it is now.",
            current_state(claim),
        )
    found = _refusal(action, claim, actor)
    if found:
        raise found[0](found[1], current_state(claim))
    return claim


def _event(
    claim: Claim, *, actor, action: str, from_status: str, note: str = "", data: dict | None = None
) -> ClaimEvent:
    return ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=claim.status,
        note=note,
        data=data or {},
    )


def _move(
    claim: Claim, *, actor, action: str, note: str = "", data: dict | None = None, **fields
) -> Claim:
    """Apply `action` to a locked claim: status from the table, fields, version, event."""
    to_status = ACTIONS[action].to_status if action in ACTIONS else fields.pop("to_status")
    from_status = claim.status
    if to_status:
        claim.status = to_status
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at", *fields])
    _event(claim, actor=actor, action=action, from_status=from_status, note=note, data=data)
    return claim


def _clean_text(value, what: str, *, claim=None, required=True, max_length=None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidAction(f"{what} is required.", claim)
    if max_length and len(text) > max_length:
        raise InvalidAction(
            f"{what} is too long ({len(text):,} characters; at most {max_length:,}).", claim
        )
    return text


def _rating(rating, claim) -> Rating:
    if isinstance(rating, Rating):
        found = rating if rating.active else None
    else:
        lookup = {"pk": int(rating)} if str(rating).isdigit() else {"slug": rating}
        found = Rating.objects.filter(active=True, **lookup).first() if rating else None
    if found is None:
        raise InvalidAction("Choose a rating from the verdict scale.", claim)
    return found


def _renew(claim: Claim, actor) -> None:
    """The holder's own activity extends their lease (no event, no version bump)."""
    if claim.status == S.IN_REVIEW and claim.assignee_id == actor.pk:
        claim.lease_expires_at = _lease_until()
        Claim.objects.filter(pk=claim.pk).update(lease_expires_at=claim.lease_expires_at)


# --- triage (editors) ---------------------------------------------------------------------


@transaction.atomic
def claim_queue(*, claim, actor, version=None) -> Claim:
    claim = _begin("queue", claim, actor, version)
    return _move(claim, actor=actor, action="queue")


@transaction.atomic
def claim_dismiss(*, claim, actor, reason, version=None) -> Claim:
    reason = _clean_text(reason, "A reason for dismissing", max_length=REASON_MAX)
    claim = _begin("dismiss", claim, actor, version)
    return _move(claim, actor=actor, action="dismiss", note=reason, dismissal_reason=reason)


@transaction.atomic
def claim_reopen(*, claim, actor, version=None) -> Claim:
    claim = _begin("reopen", claim, actor, version)
    return _move(claim, actor=actor, action="reopen", dismissal_reason="")


def _each(name: str, claim_ids, actor, step) -> int:
    """Run `step` on every listed claim the action may take now; returns how many moved."""
    found = _role_refusal(ACTIONS[name], actor)
    if found:
        raise found[0](found[1])
    moved = 0
    with transaction.atomic():
        rows = Claim.objects.select_for_update(of=("self",)).select_related("assignee")
        for claim in rows.filter(pk__in=list(claim_ids)).order_by("pk"):
            if _refusal(ACTIONS[name], claim, actor, words=False) is None:
                step(claim)
                moved += 1
    return moved


def claims_queue_many(*, claim_ids, actor) -> int:
    """Queue every listed claim that is still new; returns how many moved."""
    return _each("queue", claim_ids, actor, lambda c: _move(c, actor=actor, action="queue"))


def claims_dismiss_many(*, claim_ids, actor, reason) -> int:
    reason = _clean_text(reason, "A reason for dismissing", max_length=REASON_MAX)
    return _each(
        "dismiss",
        claim_ids,
        actor,
        lambda c: _move(c, actor=actor, action="dismiss", note=reason, dismissal_reason=reason),
    )


# --- taking and holding claims (reviewers) ------------------------------------------------


@transaction.atomic
def claim_take(*, claim, actor, version=None) -> Claim:
    """A reviewer takes a queued claim (or one whose holder's lease has run out)."""
    if is_reviewer(actor):
        locked = _lock(claim)
        if locked.status == S.IN_REVIEW and locked.assignee_id == actor.pk:
            _renew(locked, actor)  # a second click by the holder: nothing to win
            return locked
    claim = _begin("take", claim, actor, version)
    previous = claim.assignee if claim.status == S.IN_REVIEW else None
    return _move(
        claim,
        actor=actor,
        action="take",
        assignee=actor,
        lease_expires_at=_lease_until(),
        data={"lease_expired_for": previous.get_username()} if previous else None,
    )


# A hand-out returns at most this many claims whose lease ran out to the queue, the
# best-ranked first: the best of them is enough for the claim handed out to be the best
# free one. Returning all of them in the request cost each reviewer's "next claim" 37 s
# with 50,000 run out (1M claims, the scheduler down), 2 s with a batch of 50. The
# scheduler's periodic expire_leases returns the rest.
HAND_OUT_EXPIRY_BATCH = 1


def take_next_claim(*, actor) -> Claim | None:
    """Hand the reviewer the best-ranked free claim, or None when the queue is empty.

    On PostgreSQL concurrent callers skip each other's locked rows (SKIP LOCKED), so each
    gets a different claim without waiting, and the hand-out is one statement (see
    `_one_statement`). SQLite takes the database write lock when the transaction begins
    (IMMEDIATE mode, see settings), so callers run one after another and each sees the
    previous one's take.
    """
    from factcheck.queue import next_claim_candidates

    found = _role_refusal(ACTIONS["take"], actor)
    if found:
        raise found[0](found[1])
    if _one_statement_enabled():
        hand_out = partial(
            _one_statement,
            _next_pick(),
            [],
            actor=actor,
            action="take",
            from_status=S.QUEUED,
            assignee_id=actor.pk,
            lease_expires_at=_lease_until(),
            data={"next_claim": True},
        )
        # A lease that ran out puts its claim back in the queue first (it may rank above
        # the rest); the statement checks for one itself, so a hand-out is one round trip.
        # With the best-ranked of them back (HAND_OUT_EXPIRY_BATCH), the claim handed out
        # is the best free one even if more ran out below it.
        try:
            return hand_out(unless=_ran_out_query(timezone.now()))
        except _LeasesRanOut:
            expire_leases(limit=HAND_OUT_EXPIRY_BATCH)
            return hand_out()
    expire_leases(limit=HAND_OUT_EXPIRY_BATCH)
    with transaction.atomic():
        candidates = next_claim_candidates()
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        claim = candidates.first()
        if claim is None:
            return None
        return _move(
            claim,
            actor=actor,
            action="take",
            assignee=actor,
            lease_expires_at=_lease_until(),
            data={"next_claim": True},
        )


# Services that read the claim themselves from its id: a caller may pass the id alone.
BY_ID = frozenset({"release"})


def claim_release(*, claim, actor, version=None) -> Claim:
    """The holder (or an editor) puts the claim back in the queue.

    The holder's own release, the step every reviewer takes all day, is one guarded
    statement on PostgreSQL; anything it does not match (an editor releasing someone
    else's claim, a stale version, a claim no longer held) takes the general path, which
    applies the same rules and says in words why a step is refused.
    """
    if _one_statement_enabled() and not _role_refusal(ACTIONS["release"], actor):
        pk = claim.pk if isinstance(claim, Claim) else int(claim)
        guard = f"c.status = {sql.literal(S.IN_REVIEW)} AND c.assignee_id = %s::bigint"
        guard_params = [actor.pk]
        if version not in (None, ""):
            guard, guard_params = guard + " AND c.version = %s::integer", [actor.pk, int(version)]
        released = _one_statement(
            "SELECT %s::bigint AS id",
            [pk],
            guard=guard,
            guard_params=guard_params,
            actor=actor,
            action="release",
            from_status=S.IN_REVIEW,
            assignee_id=None,
            lease_expires_at=None,
        )
        if released is not None:
            return released
    return _claim_release(claim=claim, actor=actor, version=version)


@transaction.atomic
def _claim_release(*, claim, actor, version=None) -> Claim:
    claim = _begin("release", claim, actor, version)
    return _move(claim, actor=actor, action="release", assignee=None, lease_expires_at=None)


# --- the hot path in one statement (PostgreSQL) ----------------------------------------------

# Tests turn it off to check that the general path writes the same rows (tests/workflow).
ONE_STATEMENT = True


class _LeasesRanOut(Exception):
    """A hand-out stopped because a lease had run out (see take_next_claim)."""


def _one_statement_enabled() -> bool:
    return ONE_STATEMENT and connection.vendor == "postgresql"


@functools.cache
def _next_pick() -> str:
    """The free claim "next claim" hands out, locked, as SQL with its constants written in
    (the ORM's query, compiled and inlined once per process)."""
    from factcheck.queue import next_claim_candidates

    return sql.inline(
        *sql.compiled(
            "next",
            lambda: (
                next_claim_candidates()
                .select_for_update(skip_locked=True, of=("self",))
                .values("id")[:1]
            ),
        )
    )


@functools.cache
def _one_statement_sql(
    pick: str, stop: str, guard: str, action: str, from_status: str, async_commit: bool
) -> str:
    """The SQL of `_one_statement` for one step's shape, built once per process.

    `async_commit`: the statement is its own transaction, and that transaction commits
    without waiting for its WAL to reach the disk (synchronous_commit off for it alone,
    set by the statement itself: no extra round trip). See settings.LEASE_ASYNC_COMMIT."""
    fields = Claim._meta.concrete_fields
    columns = ", ".join(f"c.{connection.ops.quote_name(f.column)}" for f in fields)
    to, frm = sql.literal(ACTIONS[action].to_status), sql.literal(from_status)
    act = sql.literal(action)
    one = "SELECT set_config('synchronous_commit', 'off', true)" if async_commit else "SELECT 1"
    # Table and column names come from the models. The times are read once the row is
    # locked (clock_timestamp()), as `_move` reads them after `_lock`: a claim's events
    # then sort in the order their steps took the claim. The statement is prepared
    # (sql.prepared_cursor): the code's constants (statuses, the action) are written in,
    # so its plan, made once per connection, is the one for them (the queue's status
    # index, the partial lease index); the request's values are parameters.
    return f"""
        WITH stop AS ({stop}),
        picked AS ({pick}),
        moved AS (
            UPDATE {Claim._meta.db_table} c
            SET status = {to}, assignee_id = %s::bigint, lease_expires_at = %s::timestamptz,
                version = c.version + 1, updated_at = clock_timestamp()
            FROM picked WHERE c.id = picked.id AND {guard} AND NOT EXISTS (SELECT 1 FROM stop)
            RETURNING {columns}
        ),
        logged AS (
            INSERT INTO {ClaimEvent._meta.db_table}
                (claim_id, actor_id, action, from_status, to_status, note, data, created_at)
            SELECT id, %s::bigint, {act}, {frm}, {to}, '', %s::jsonb, clock_timestamp()
            FROM moved
        )
        SELECT EXISTS (SELECT 1 FROM stop), moved.* FROM ({one}) one LEFT JOIN moved ON TRUE
    """  # noqa: S608


_CLAIM_ATTNAMES = [f.attname for f in Claim._meta.concrete_fields]


def _one_statement(
    pick: str,
    pick_params,
    *,
    actor,
    action: str,
    from_status: str,
    assignee_id,
    lease_expires_at,
    data: dict | None = None,
    guard: str = "TRUE",
    guard_params=(),
    unless: tuple[str, list] | None = None,
) -> Claim | None:
    """`_move` for a step that changes status, holder and lease only, in one statement.

    The claim `pick` selects is updated where `guard` still holds (the row lock, and
    PostgreSQL's re-check of the condition once it has the lock, make the check and the
    change one), its version bumped, and its ClaimEvent written by the same statement:
    the step and its audit line commit together or not at all. Returns the claim as it is
    now, or None when nothing matched (the caller then takes the general path, or reports
    an empty queue). `unless`: a query (SQL, parameters) that, when it finds a row, stops
    the step and raises _LeasesRanOut. Take and release notify nobody; the caches learn
    of the change as they do of any step.
    """
    stop, stop_params = unless or ("SELECT 1 WHERE FALSE", [])
    # Committed without waiting for the disk only as a transaction of its own: inside a
    # caller's transaction the setting would reach the caller's other writes.
    async_commit = settings.LEASE_ASYNC_COMMIT and not connection.in_atomic_block
    statement = _one_statement_sql(pick, stop, guard, action, from_status, async_commit)
    params = [
        *stop_params,
        *pick_params,
        assignee_id,
        lease_expires_at,
        *guard_params,
        actor.pk,
        json.dumps(data or {}),
    ]
    stopped, *row = sql.fetch_prepared(statement, params)
    if stopped:
        raise _LeasesRanOut
    if row[0] is None:  # no claim moved
        return None
    claim = Claim.from_db(connection.alias, _CLAIM_ATTNAMES, row)
    if assignee_id == actor.pk:
        claim.assignee = actor
    caching.bump_on_commit(caching.CLAIMS)  # what a ClaimEvent's save does on the other path
    return claim


@transaction.atomic
def claim_assign(*, claim, actor, assignee, version=None) -> Claim:
    if assignee is None or not is_reviewer(assignee):
        raise InvalidAction(f"{assignee or 'Nobody'} is not a reviewer.", claim)
    claim = _begin("assign", claim, actor, version)
    return _move(
        claim,
        actor=actor,
        action="assign",
        assignee=assignee,
        lease_expires_at=_lease_until(),
        data={"assignee": assignee.get_username()},
    )


@transaction.atomic
def lease_keep_alive(*, claim, actor, version=None) -> Claim:
    """The holder's page is still open: extend the lease. No event, no version bump.

    The version is not bumped: renewing must not make the holder's open forms stale.
    """
    claim = _begin("keep_alive", claim, actor)
    _renew(claim, actor)
    return claim


def lease_renew(*, claim, actor) -> bool:
    """Extend the holder's lease if `actor` holds `claim` (activity on it); True if renewed."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    until = _lease_until()
    renewed = Claim.objects.filter(pk=pk, status=S.IN_REVIEW, assignee_id=actor.pk).update(
        lease_expires_at=until
    )
    if renewed and isinstance(claim, Claim):
        claim.lease_expires_at = until
    return bool(renewed)


def _ran_out_query(now) -> tuple[str, list]:
    """SQL that finds a claim whose lease ran out by `now`, if any (one index probe)."""
    return (
        f"SELECT 1 FROM {Claim._meta.db_table} "  # noqa: S608 - the model's table
        f"WHERE status = {sql.literal(S.IN_REVIEW)} AND lease_expires_at < %s LIMIT 1",
        [connection.ops.adapt_datetimefield_value(now)],
    )


def _leases_ran_out(now) -> bool:
    """Whether any lease has run out (no ORM: "next claim" asks every time on SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(*_ran_out_query(now))
        return cursor.fetchone() is not None


def expire_leases(*, now=None, limit=None) -> int:
    """Return every claim whose lease ran out to the queue (at most `limit`, the
    best-ranked first); returns how many."""
    now = now or timezone.now()
    if not _leases_ran_out(now):
        return 0
    expired = Claim.objects.filter(status=S.IN_REVIEW, lease_expires_at__lt=now)
    if limit is not None:
        expired = expired.order_by("-checkworthiness", "id")[:limit]
    moved = 0
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            expired = expired.select_for_update(skip_locked=True, of=("self",))
        for claim in expired.select_related("assignee"):
            holder = claim.assignee.get_username() if claim.assignee else None
            _move(
                claim,
                actor=None,
                action="lease_expired",
                to_status=S.QUEUED,
                assignee=None,
                lease_expires_at=None,
                data={"held_by": holder},
            )
            moved += 1
    return moved


# --- evidence, verdicts, comments -----------------------------------------------------------


@transaction.atomic
def evidence_add(
    *, claim, actor, url, title, stance, publisher="", excerpt="", accessed=None, version=None
) -> Evidence:
    claim = _begin("add_evidence", claim, actor)
    url = _clean_text(url, "The evidence URL", claim=claim, max_length=1000)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidAction(f"{url!r} is not a web address (http:// or https://).", claim) from None
    if stance not in Evidence.Stance.values:
        raise InvalidAction("Say whether the source supports, contradicts or gives context.", claim)
    if isinstance(accessed, str):
        try:
            accessed = datetime.date.fromisoformat(accessed) if accessed else None
        except ValueError:
            raise InvalidAction(f"{accessed!r} is not a date (YYYY-MM-DD).", claim) from None
    evidence = Evidence.objects.create(
        claim=claim,
        url=url,
        stance=stance,
        added_by=actor,
        title=_clean_text(title, "The evidence title", claim=claim, max_length=500),
        publisher=_clean_text(publisher, "Publisher", required=False, max_length=200),
        excerpt=_clean_text(excerpt, "The excerpt", required=False, max_length=EXCERPT_MAX),
        accessed=accessed or timezone.localdate(),
    )
    _renew(claim, actor)
    _event(
        claim,
        actor=actor,
        action="evidence_added",
        from_status=claim.status,
        data={"evidence": evidence.pk, "url": url, "stance": stance},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence, actor, claim=None, version=None) -> Evidence:
    """Take a source off the draft; it is kept (marked removed) for any verdict that cites it."""
    evidence_id = evidence.pk if isinstance(evidence, Evidence) else evidence
    if claim is None:
        claim = Evidence.objects.values_list("claim_id", flat=True).filter(pk=evidence_id).first()
        if claim is None:
            raise InvalidAction("That evidence does not exist.")
    claim = _begin("remove_evidence", claim, actor)
    evidence = Evidence.objects.filter(pk=evidence_id, claim=claim).first()
    if evidence is None:
        raise InvalidAction("That evidence is not on this claim.", claim)
    if evidence.removed_at is None:
        evidence.removed_at = timezone.now()
        evidence.save(update_fields=["removed_at"])
        _renew(claim, actor)
        _event(
            claim,
            actor=actor,
            action="evidence_removed",
            from_status=claim.status,
            data={"evidence": evidence.pk, "url": evidence.url},
        )
    return evidence


def _next_revision(claim: Claim) -> int:
    return (claim.verdicts.aggregate(n=Max("revision"))["n"] or 0) + 1


@transaction.atomic
def verdict_propose(*, claim, actor, rating, rationale, version=None) -> Verdict:
    claim = _begin("propose", claim, actor, version)
    rating = _rating(rating, claim)
    rationale = _clean_text(rationale, "A rationale", claim=claim, max_length=RATIONALE_MAX)
    evidence = list(claim.evidence.filter(removed_at__isnull=True))
    if not evidence:
        raise InvalidAction("Add at least one evidence source before proposing a verdict.", claim)
    verdict = Verdict.objects.create(
        claim=claim,
        revision=_next_revision(claim),
        rating=rating,
        rationale=rationale,
        author=actor,
        state=Verdict.State.PROPOSED,
    )
    verdict.evidence.set(evidence)
    _move(
        claim,
        actor=actor,
        action="propose",
        assignee=actor,
        lease_expires_at=None,
        data={"verdict": verdict.pk, "revision": verdict.revision, "rating": rating.slug},
    )
    return verdict


def _proposed_verdict(claim: Claim) -> Verdict:
    return (
        claim.verdicts.select_related("author", "rating")
        .filter(state=Verdict.State.PROPOSED)
        .order_by("-revision")
        .first()
    )


def _publish(verdict: Verdict, actor) -> Verdict:
    verdict.state = Verdict.State.PUBLISHED
    verdict.approved_by = actor
    verdict.approved_at = timezone.now()
    verdict.save(update_fields=["state", "approved_by", "approved_at"])
    return verdict


@transaction.atomic
def verdict_approve(*, claim, actor, version=None) -> Verdict:
    claim = _begin("approve", claim, actor, version)
    verdict = _publish(_proposed_verdict(claim), actor)
    _move(
        claim,
        actor=actor,
        action="approve",
        assignee=None,
        lease_expires_at=None,
        data={
            "verdict": verdict.pk,
            "revision": verdict.revision,
            "rating": verdict.rating.slug,
            "proposer": verdict.author.get_username(),
        },
    )
    return verdict


@transaction.atomic
def verdict_return(*, claim, actor, note, version=None) -> Claim:
    note = _clean_text(note, "A note saying what to fix", claim=claim, max_length=NOTE_MAX)
    claim = _begin("return", claim, actor, version)
    verdict = _proposed_verdict(claim)
    verdict.state = Verdict.State.RETURNED
    verdict.review_note = note
    verdict.save(update_fields=["state", "review_note"])
    return _move(
        claim,
        actor=actor,
        action="return",
        note=note,
        assignee=verdict.author,
        lease_expires_at=_lease_until(),
        data={
            "verdict": verdict.pk,
            "revision": verdict.revision,
            "proposer": verdict.author.get_username(),
        },
    )


@transaction.atomic
def verdict_correct(*, claim, actor, rating, rationale, correction_note, version=None) -> Verdict:
    """Propose a correction of the published verdict; a second editor publishes it.

    The published revision stays published until then; the proposed one waits beside it.
    """
    claim = _begin("correct", claim, actor, version)
    rating = _rating(rating, claim)
    rationale = _clean_text(rationale, "A rationale", claim=claim, max_length=RATIONALE_MAX)
    note = _clean_text(correction_note, "A correction note", claim=claim, max_length=NOTE_MAX)
    current = claim.verdicts.get(state=Verdict.State.PUBLISHED)
    verdict = Verdict.objects.create(
        claim=claim,
        revision=_next_revision(claim),
        rating=rating,
        rationale=rationale,
        author=actor,
        state=Verdict.State.PROPOSED,
        correction_note=note,
    )
    verdict.evidence.set(current.evidence.all())
    _move(
        claim,
        actor=actor,
        action="correct",
        note=note,
        data={
            "verdict": verdict.pk,
            "revision": verdict.revision,
            "rating": rating.slug,
            "corrects": current.pk,
        },
    )
    return verdict


@transaction.atomic
def correction_approve(*, claim, actor, version=None) -> Verdict:
    """A second editor publishes a proposed correction; the revision it replaces is kept."""
    claim = _begin("approve_correction", claim, actor, version)
    current = claim.verdicts.get(state=Verdict.State.PUBLISHED)
    current.state = Verdict.State.SUPERSEDED
    current.save(update_fields=["state"])
    verdict = _publish(_proposed_verdict(claim), actor)
    _move(
        claim,
        actor=actor,
        action="approve_correction",
        note=verdict.correction_note,
        data={
            "verdict": verdict.pk,
            "revision": verdict.revision,
            "rating": verdict.rating.slug,
            "supersedes": current.pk,
            "author": verdict.author.get_username(),
        },
    )
    return verdict


@transaction.atomic
def correction_reject(*, claim, actor, note, version=None) -> Claim:
    """Send a proposed correction back: it is kept, marked returned; the verdict stands."""
    note = _clean_text(note, "A note saying why", claim=claim, max_length=NOTE_MAX)
    claim = _begin("reject_correction", claim, actor, version)
    verdict = _proposed_verdict(claim)
    verdict.state = Verdict.State.RETURNED
    verdict.review_note = note
    verdict.save(update_fields=["state", "review_note"])
    return _move(
        claim,
        actor=actor,
        action="reject_correction",
        note=note,
        data={"verdict": verdict.pk, "revision": verdict.revision},
    )


@transaction.atomic
def comment_add(*, claim, actor, body, version=None) -> Comment:
    body = _clean_text(body, "A comment", claim=claim, max_length=COMMENT_MAX)
    claim = _begin("comment", claim, actor)
    comment = Comment.objects.create(claim=claim, author=actor, body=body)
    _renew(claim, actor)
    _event(
        claim, actor=actor, action="comment", from_status=claim.status, data={"comment": comment.pk}
    )
    return comment


_RUN = {
    "queue": claim_queue,
    "take": claim_take,
    "release": claim_release,
    "keep_alive": lease_keep_alive,
    "approve": verdict_approve,
    "reopen": claim_reopen,
    "approve_correction": correction_approve,
    "dismiss": claim_dismiss,
    "assign": claim_assign,
    "return": verdict_return,
    "reject_correction": correction_reject,
    "add_evidence": evidence_add,
    "remove_evidence": evidence_remove,
    "propose": verdict_propose,
    "correct": verdict_correct,
    "comment": comment_add,
}
for _name, _service in _RUN.items():
    object.__setattr__(ACTIONS[_name], "run", _service)
assert all(a.run for a in ACTIONS.values()), "every action needs its service"


# --- extraction: claims the extractor found ------------------------------------------------


def _extracted_events(claims, extractor_version: str, data: dict | None = None):
    ClaimEvent.objects.bulk_create(
        [
            ClaimEvent(
                claim=c,
                actor=None,
                action="extracted",
                to_status=S.NEW,
                data={"extractor_version": extractor_version, **(data or {})},
            )
            for c in claims
        ]
    )


@transaction.atomic
def claims_extracted(*, article: Article, claims: list[Claim], extractor_version: str) -> list:
    """Store new claims the extractor found in `article`, each with an "extracted" event."""
    for claim in claims:
        claim.article = article
        claim.status = S.NEW
        claim.extractor_version = extractor_version
    created = Claim.objects.bulk_create(claims)
    _extracted_events(created, extractor_version)
    return created


def untouched_claims(article):
    """Claims nobody has worked on: new, and no event but the extractor's own."""
    worked_on = ClaimEvent.objects.filter(claim__article=article).exclude(action="extracted")
    return (
        Claim.objects.filter(article=article, status=S.NEW, assignee__isnull=True)
        .exclude(pk__in=worked_on.values("claim_id"))
        .exclude(verdicts__isnull=False)
        .exclude(evidence__isnull=False)
        .exclude(comments__isnull=False)
    )


@transaction.atomic
def claims_reextracted(*, article: Article, claims: list[Claim], extractor_version: str) -> dict:
    """Replace the article's untouched claims with a newer extractor's; keep reviewed work.

    `claims` are the new extractor's unsaved claims. One is stored only where no kept claim
    already covers the same kind and span (same offsets, or the same words in the same
    sentence). Returns {"replaced", "kept", "added"}.
    """
    # Lock the article's claims so a reviewer's concurrent take waits for us.
    list(Claim.objects.select_for_update().filter(article=article).values_list("pk"))
    untouched = set(untouched_claims(article).values_list("pk", flat=True))
    kept = list(Claim.objects.filter(article=article).exclude(pk__in=untouched))
    # A kept claim covers its words as they are now and as the extractor first found them:
    # a claim a person corrected, merged away or rejected is never found again.
    shapes = [c.values_snapshot() for c in kept] + [c.extracted for c in kept if c.extracted]
    covered_offsets = {(v.get("kind"), v.get("start"), v.get("end")) for v in shapes}
    covered_text = {
        (v.get("kind"), (v.get("span") or "").strip(), (v.get("text") or "").strip())
        for v in shapes
    }
    fresh = [
        c
        for c in claims
        if (c.kind, c.start, c.end) not in covered_offsets
        and (c.kind, c.span.strip(), c.text.strip()) not in covered_text
    ]
    if untouched:
        # These claims carry only the extractor's own "extracted" event: no person's work
        # is in them, so the machine's record goes with the machine's claim.
        ClaimEvent.objects.filter(claim_id__in=untouched, action="extracted").delete()
        Claim.objects.filter(pk__in=untouched).delete()
    for claim in fresh:
        claim.article = article
        claim.extractor_version = extractor_version
    created = Claim.objects.bulk_create(fresh)
    _extracted_events(created, extractor_version, {"replaced": len(untouched)})
    return {"replaced": len(untouched), "kept": len(kept), "added": len(created)}


# --- articles: archive rather than delete what has history ---------------------------------


def article_history(article: Article) -> int:
    """How many steps people (or leases) took on the article's claims: history to keep."""
    return ClaimEvent.objects.filter(claim__article=article).exclude(action="extracted").count()


@transaction.atomic
def article_archive(*, article: Article, actor, archived: bool = True) -> Article:
    """Hide an article and its claims from the queue (or bring them back); audited per claim."""
    if not is_editor(actor):
        raise NotAllowed("Only editors may archive articles.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if bool(article.archived_at) == archived:
        return article
    article.archived_at = timezone.now() if archived else None
    article.archived_by = actor if archived else None
    article.save(update_fields=["archived_at", "archived_by"])
    action = "article_archived" if archived else "article_restored"
    ClaimEvent.objects.bulk_create(
        [
            ClaimEvent(
                claim=c,
                actor=actor,
                action=action,
                from_status=c.status,
                to_status=c.status,
                data={"article": article.pk},
            )
            for c in article.claims.all()
        ]
    )
    return article


@transaction.atomic
def article_delete(*, article: Article, actor) -> None:
    """Delete an article nobody has worked on; one with history must be archived instead."""
    if not is_editor(actor):
        raise NotAllowed("Only editors may delete articles.")
    steps = article_history(article)
    if steps:
        raise InvalidAction(
            f"“{article.title}” cannot be deleted: its claims have {steps} recorded review "
            "step(s). Archive it instead; that hides it from the queue and keeps its history."
        )
    ClaimEvent.objects.filter(claim__article=article, action="extracted").delete()
    article.delete()


# --- claim editing ----------------------------------------------------------------------------
# People add the claims the extractor missed, correct what it got wrong, merge duplicates and
# reject what is not a claim. Each step checks role, status and version like every other,
# bumps the version and writes one event with the values before and after. What the
# extractor first said stays in `Claim.extracted`; `Claim.corrections` names the fields that
# differ from it now (the report card counts them, see factcheck/extraction_report.py).

NOT_A_CLAIM = "not a claim"
HAND_ADDED_CHECKWORTHINESS = 0.75  # a person picked it out: it ranks above most extractions
EDIT_STATUSES = frozenset({S.NEW, S.QUEUED, S.IN_REVIEW, S.PROPOSED})
MERGE_INTO_STATUSES = frozenset({S.NEW, S.QUEUED, S.IN_REVIEW, S.PROPOSED, S.PUBLISHED})
MERGE_AWAY_STATUSES = frozenset({S.NEW, S.QUEUED, S.IN_REVIEW})
REJECT_STATUSES = frozenset({S.NEW, S.QUEUED, S.IN_REVIEW})
# Events that mean a person worked on a claim: reextract never replaces such a claim.
PEOPLE_EVENTS = frozenset({"added", "edit", "merge", "merged", "reject"})
FIGURE_KINDS = frozenset({Claim.Kind.TROOPS, Claim.Kind.CASUALTIES, Claim.Kind.QUANTITY})
EDIT_FIELDS = ("kind", "start", "end", "low", "high", "qualifier", "unit", "date", "granularity")
EDIT_FIELDS += ("speaker",)
FIELD_WORDS = {"span": "words", "unit": "what is counted", "granularity": "precision"}
DATE_FORMS = {
    Claim.Granularity.DAY: re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    Claim.Granularity.MONTH: re.compile(r"^\d{4}-\d{2}$"),
    Claim.Granularity.PART_OF_MONTH: re.compile(r"^\d{4}-\d{2}$"),
    Claim.Granularity.YEAR: re.compile(r"^\d{4}$"),
}


def touched_claims(claims):
    """The claims (of a queryset) a person has worked on, by their audit trail: any event
    with an actor, or an add/edit/merge/reject event. `reextract` never replaces these."""
    people = ClaimEvent.objects.filter(claim=OuterRef("pk")).filter(
        Q(actor__isnull=False) | Q(action__in=PEOPLE_EVENTS)
    )
    return claims.filter(Exists(people))


def _figure(value, what, claim):
    if value in (None, ""):
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidAction(f"{what} {value!r} is not a number.", claim) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 18:
        raise InvalidAction(f"{what} {value!r} is not a number the app can keep.", claim)
    return number


def _clean_date(date, granularity, claim) -> tuple[str, str]:
    date = (date or "").strip()
    granularity = (granularity or "").strip()
    if granularity and granularity not in Claim.Granularity.values:
        raise InvalidAction("Choose how precise the date is (day, month, part of month, year).")
    if not date:
        return "", granularity
    if not granularity:
        granularity = {10: "day", 7: "month", 4: "year"}.get(len(date), "")
    if not granularity or not DATE_FORMS[granularity].match(date):
        raise InvalidAction(
            f"The date {date!r} does not fit its precision: write YYYY-MM-DD for a day, "
            "YYYY-MM for a month or part of one, YYYY for a year.",
            claim,
        )
    try:
        datetime.date.fromisoformat((date + "-01-01")[:10])
    except ValueError:
        raise InvalidAction(f"{date!r} is not a date in the calendar.", claim) from None
    return date, granularity


def _claim_values(
    body: str,
    *,
    kind,
    start,
    end,
    low=None,
    high=None,
    qualifier="",
    unit="",
    date="",
    granularity="",
    speaker="",
    claim=None,
) -> dict:
    """A claim's kind, place and values, checked and made consistent (InvalidAction if not).

    The span is body[start:end] without the spaces at its edges; it must lie in one
    paragraph. Values that do not belong to the kind are cleared (a statement has no figure).
    """
    from factcheck.extraction.prefill import SelectionError, sentence_bounds, trim

    if kind not in Claim.Kind.values:
        raise InvalidAction("Choose what kind of claim this is (troops, casualties, ...).", claim)
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise InvalidAction("Select the claim's words in the article.", claim) from None
    if 0 <= start < end <= len(body):
        start, end = trim(body, start, end)
        if start == end:
            raise InvalidAction("The selection holds no words: select the claim's words.", claim)
    try:
        text_start, text_end = sentence_bounds(body, start, end)
    except SelectionError as error:
        raise InvalidAction(str(error), claim) from None
    values = {
        "kind": kind,
        "start": start,
        "end": end,
        "span": body[start:end],
        "text": body[text_start:text_end],
        "low": None,
        "high": None,
        "qualifier": "",
        "unit": "",
        "date": "",
        "granularity": "",
        "speaker": "",
    }
    if kind in FIGURE_KINDS:
        low, high = _figure(low, "Low", claim), _figure(high, "High", claim)
        qualifier = (qualifier or "").strip() or Claim.Qualifier.EXACT
        if qualifier not in Claim.Qualifier.values:
            raise InvalidAction(f"Unknown qualifier {qualifier!r}.", claim)
        if qualifier in ("exact", "about") and (low is None) != (high is None):
            low = high = low if low is not None else high
        if low is not None and high is not None and low > high:
            raise InvalidAction(f"Low ({low}) is more than high ({high}).", claim)
        if qualifier == "vague":
            low = high = None
        values.update(
            low=low,
            high=high,
            qualifier=qualifier,
            unit=_clean_text(unit, "Unit", claim=claim, required=False, max_length=200),
        )
    elif kind == Claim.Kind.DATE:
        values["date"], values["granularity"] = _clean_date(date, granularity, claim)
    elif kind == Claim.Kind.QUOTE:
        values["speaker"] = _clean_text(speaker, "The speaker", claim=claim, max_length=200)
    return values


@transaction.atomic
def claim_add(
    *,
    article,
    actor,
    kind,
    start,
    end,
    low=None,
    high=None,
    qualifier="",
    unit="",
    date="",
    granularity="",
    speaker="",
    note="",
) -> Claim:
    """A person adds a claim the extractor missed: it goes straight to the queue."""
    if not is_reviewer(actor):
        raise NotAllowed("Only reviewers and editors may add claims.")
    values = _claim_values(
        article.body,
        kind=kind,
        start=start,
        end=end,
        low=low,
        high=high,
        qualifier=qualifier,
        unit=unit,
        date=date,
        granularity=granularity,
        speaker=speaker,
    )
    same = (
        Claim.objects.filter(
            article=article, kind=values["kind"], start=values["start"], end=values["end"]
        )
        .exclude(status=S.DISMISSED)
        .first()
    )
    if same is not None:
        raise Conflict(
            f"Claim #{same.pk} already marks these words as {same.get_kind_display().lower()}.",
            same,
        )
    claim = Claim.objects.create(
        article=article,
        origin=Claim.Origin.PERSON,
        status=S.QUEUED,
        checkworthiness=HAND_ADDED_CHECKWORTHINESS,
        **values,
    )
    _event(
        claim,
        actor=actor,
        action="added",
        from_status="",
        note=_clean_text(note, "Note", required=False, max_length=NOTE_MAX),
        data={"after": claim.values_snapshot()},
    )
    return claim


@transaction.atomic
def claim_edit(*, claim, actor, version=None, note="", words=None, **fields) -> Claim:
    """Correct a claim's kind, words, values, date or speaker before publication.

    The words are given by offsets (`start`/`end`, from a selection) or as `words`, found
    in the text nearest the claim's place. Fields not given keep their value. One event
    holds the changed fields before and after.
    """
    from factcheck.extraction.prefill import SelectionError, place_words

    unknown = set(fields) - set(EDIT_FIELDS)
    if unknown:
        raise InvalidAction(f"A claim has no field {', '.join(sorted(unknown))}.")
    claim = _begin("edit", claim, actor, version)
    if words is not None:
        try:
            fields["start"], fields["end"] = place_words(
                claim.article.body,
                words,
                start=fields.get("start"),
                end=fields.get("end"),
                near=claim.start,
            )
        except SelectionError as error:
            raise InvalidAction(str(error), claim) from None
    current = {name: getattr(claim, name) for name in EDIT_FIELDS}
    current.update({name: value for name, value in fields.items() if value is not None})
    values = _claim_values(claim.article.body, claim=claim, **current)
    before = claim.values_snapshot()
    for name, value in values.items():
        setattr(claim, name, value)
    after = claim.values_snapshot()
    changed = [name for name in after if after[name] != before[name]]
    if not changed:
        raise InvalidAction("Nothing to save: these are the values the claim already has.", claim)
    _renew(claim, actor)
    claim = _move(
        claim,
        actor=actor,
        action="edit",
        note=_clean_text(note, "Note", required=False, max_length=NOTE_MAX),
        data={
            "fields": changed,
            "before": {name: before[name] for name in changed},
            "after": {name: after[name] for name in changed},
        },
        corrections=" ".join(claim.corrected_fields()),
        **values,
    )
    claim.changed = [n for n in changed if n not in ("start", "end", "text")]
    return claim


@transaction.atomic
def claims_merge(*, claim, other, actor, version=None, other_version=None, note="") -> Claim:
    """`other` says the same as `claim`: it is dismissed as "duplicate of #N" and `claim`
    (the survivor) shows both histories. Both must be claims of one article."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    other_pk = other.pk if isinstance(other, Claim) else other
    try:
        other_pk = int(other_pk)
    except (TypeError, ValueError):
        raise InvalidAction("Choose the claim to merge into this one.", current_state(pk)) from None
    if other_pk == pk:
        raise InvalidAction("A claim cannot be merged with itself.", current_state(pk))
    # Lock in id order so two people merging the same pair cannot deadlock.
    if other_pk < pk:
        _lock(other_pk)
    survivor = _begin("merge", pk, actor, version)
    duplicate = _lock(other_pk)
    if survivor.article_id != duplicate.article_id:
        raise InvalidAction(
            f"Claim #{duplicate.pk} is from another article; only claims of one article merge.",
            current_state(survivor),
        )
    if other_version not in (None, "") and int(other_version) != duplicate.version:
        raise Conflict(
            f"Claim #{duplicate.pk} changed while you had it open: {last_step(duplicate)}.",
            current_state(survivor),
        )
    if duplicate.status not in MERGE_AWAY_STATUSES:
        raise Conflict(
            f"Claim #{duplicate.pk} is {duplicate.get_status_display().lower()} "
            f"({last_step(duplicate)}); merge it the other way round, or leave it.",
            current_state(survivor),
        )
    if duplicate.assignee_id not in (None, actor.pk) and not is_editor(actor):
        raise NotAllowed(
            f"Claim #{duplicate.pk} is held by {duplicate.assignee.get_username()}; "
            "only they or an editor may merge it away.",
            current_state(survivor),
        )
    note = _clean_text(note, "Note", required=False, max_length=NOTE_MAX)
    reason = f"duplicate of #{survivor.pk}"
    _move(
        duplicate,
        actor=actor,
        action="merged",
        to_status=S.DISMISSED,
        note=note or reason,
        data={"into": survivor.pk},
        dismissal_reason=reason,
        merged_into=survivor,
        assignee=None,
        lease_expires_at=None,
    )
    _renew(survivor, actor)
    survivor = _move(
        survivor,
        actor=actor,
        action="merge",
        note=note,
        data={"merged": duplicate.pk, "span": duplicate.span, "kind": duplicate.kind},
    )
    survivor.merged = duplicate
    return survivor


@transaction.atomic
def claim_reject(*, claim, actor, version=None, note="") -> Claim:
    """Dismiss a claim as "not a claim": the extractor was wrong to find it."""
    claim = _begin("reject", claim, actor, version)
    return _move(
        claim,
        actor=actor,
        action="reject",
        note=_clean_text(note, "Note", required=False, max_length=NOTE_MAX),
        dismissal_reason=NOT_A_CLAIM,
        assignee=None,
        lease_expires_at=None,
    )


def _edit_rule(claim, user):
    if claim.status == S.PUBLISHED:
        return Conflict, (
            "Cannot edit it: its verdict is published; a change now goes through a correction."
        )
    return None


def _edit_done(claim) -> str:
    changed = getattr(claim, "changed", None) or ["values"]
    return "Saved: " + ", ".join(FIELD_WORDS.get(name, name) for name in changed) + " changed."


_editing = [
    Action(
        "edit",
        "Edit the claim",
        "edit it",
        "edited",
        HOLDER,
        EDIT_STATUSES | {S.PUBLISHED},
        None,
        run=claim_edit,
        form=forms.ClaimEditForm,
        placement="edit",
        rule=_edit_rule,
        rule_words="not once published (then by a correction); one event, values before and after",
        done=_edit_done,
    ),
    Action(
        "merge",
        "Merge into this claim",
        "merge claims",
        "merged a duplicate into",
        HOLDER,
        MERGE_INTO_STATUSES,
        None,
        run=claims_merge,
        form=forms.MergeForm,
        placement="merge",
        rule_words="the duplicate: same article, not proposed or published; it is dismissed",
        done=lambda r: f"Merged: claim #{r.merged.pk} is dismissed as a duplicate of this one.",
    ),
    Action(
        "reject",
        "Reject: not a claim",
        "reject it",
        "rejected",
        HOLDER,
        REJECT_STATUSES,
        S.DISMISSED,
        run=claim_reject,
        form=forms.RejectForm,
        placement="form",
        rule_words="dismissal reason “not a claim”",
        done=lambda r: "Rejected as not a claim.",
    ),
]
_actions.extend(_editing)
ACTIONS.update({action.name: action for action in _editing})
QUIET |= {a.name for a in _editing if not a.bumps_version}


# --- earlier verdicts: another outlet's claim already checked (factcheck/stories/suggest.py) ---


def _earlier(claim: Claim, other) -> Claim:
    from factcheck.stories.suggest import earlier_verdicts

    other_id = getattr(other, "pk", other)
    match = next((c for c in earlier_verdicts(claim) if c.pk == int(other_id)), None)
    if match is None:
        raise InvalidAction(
            "That claim is not an earlier verdict for this one (not published, another "
            "value, or already linked or dismissed).",
            claim,
        )
    return match


# ACTION: cite_earlier, from {in_review}, to None (unchanged), role holder
@transaction.atomic
def claim_cite_earlier(*, claim, actor, other, url, version=None) -> Evidence:
    """Link `claim` with another outlet's checked claim and cite that verdict as evidence."""
    from factcheck.models import ClaimLink

    # The rules of adding evidence: in review, the holder or an editor.
    claim = _begin("add_evidence", claim, actor, version)
    earlier = _earlier(claim, other)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidAction(f"{url!r} is not a web address (http:// or https://).", claim) from None
    ClaimLink.objects.update_or_create(
        claim=claim, other=earlier, defaults={"dismissed": False, "created_by": actor}
    )
    outlet = earlier.article.outlet or earlier.article.title
    evidence = Evidence.objects.create(
        claim=claim,
        url=url[:1000],
        title=f"Earlier fact-check ({earlier.rating_label}): {outlet}, “{earlier.span}”"[:500],
        publisher="This newsroom's published verdict",
        excerpt=earlier.verdict_rationale or "",
        stance=Evidence.Stance.CONTEXT,
        added_by=actor,
    )
    _renew(claim, actor)
    _event(
        claim,
        actor=actor,
        action="earlier_verdict_cited",
        from_status=claim.status,
        data={"other": earlier.pk, "evidence": evidence.pk, "rating": earlier.rating_label},
    )
    return evidence


# ACTION: dismiss_earlier, from {new, queued, in_review, proposed}, to None, role reviewer
@transaction.atomic
def claim_dismiss_earlier(*, claim, actor, other, version=None) -> Claim:
    """The suggested earlier verdict is not about this claim: do not offer it again."""
    from factcheck.models import ClaimLink

    claim = _begin("comment", claim, actor, version)  # any reviewer, as a comment
    if claim.status in (S.PUBLISHED, S.DISMISSED):
        raise Conflict(
            f"Cannot dismiss a suggestion: this claim is {claim.get_status_display().lower()}.",
            current_state(claim),
        )
    earlier = _earlier(claim, other)
    ClaimLink.objects.update_or_create(
        claim=claim, other=earlier, defaults={"dismissed": True, "created_by": actor}
    )
    _event(
        claim,
        actor=actor,
        action="earlier_verdict_dismissed",
        from_status=claim.status,
        data={"other": earlier.pk},
    )
    return claim


# --- bulk ---------------------------------------------------------------------------------
# A bulk step runs the single step's service once per claim, each in its own transaction,
# so every claim is guarded (role, status), locked and audited exactly as if done one by
# one, and a refusal of one claim leaves the others done. Not an entry in ACTIONS: it is
# no step of its own, only a loop over registered ones (ACTIONS[name].run).

BULK_ACTIONS = {
    "assign": "Assign",
    "release": "Release",
    "queue": "Queue",
    "dismiss": "Dismiss",
}


class BulkOutcome:
    """What happened to one claim of a bulk step: `error` is None when it was done."""

    __slots__ = ("claim_id", "error")

    def __init__(self, claim_id: int, error: WorkflowError | None = None):
        self.claim_id = claim_id
        self.error = error

    @property
    def ok(self) -> bool:
        return self.error is None


def claims_bulk(*, action, claim_ids, actor, assignee=None, reason="") -> list[BulkOutcome]:
    """Apply one action of ACTIONS to each listed claim through its own service."""
    if action not in BULK_ACTIONS:
        raise InvalidAction(
            f"Unknown bulk action {action!r}; use one of {', '.join(BULK_ACTIONS)}."
        )
    fields = {"assign": {"assignee": assignee}, "dismiss": {"reason": reason}}.get(action, {})
    ids = list(dict.fromkeys(claim_ids))
    claims = Claim.objects.in_bulk(ids)
    outcomes = []
    for pk in ids:
        claim = claims.get(pk)
        try:
            if claim is None:
                raise InvalidAction(f"Claim {pk} does not exist (any more).")
            ACTIONS[action].run(claim=claim, actor=actor, **fields)
        except WorkflowError as error:
            outcomes.append(BulkOutcome(pk, error))
        else:
            outcomes.append(BulkOutcome(pk))
    return outcomes
