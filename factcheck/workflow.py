"""Every change of a claim's review status: guarded by role and status, atomic, audited.

Nothing else in the code base changes `Claim.status`, `assignee` or `lease_expires_at`.
Each transition locks the claim row, checks the actor's role, the claim's version (when the
caller sends the one it loaded) and its current status, applies the change, bumps the
version and writes one `ClaimEvent`, all in one transaction. Two people racing for the
same step get one winner; the other gets a `Conflict` that says who won.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from factcheck.models import Claim, ClaimEvent, Comment, Evidence, Rating, Verdict

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


def is_reviewer(user) -> bool:
    return bool(user and user.is_active and user.has_perm("factcheck.review_claim"))


def is_editor(user) -> bool:
    return bool(user and user.is_active and user.has_perm("factcheck.edit_claim"))


def _require_reviewer(actor, what: str, claim=None):
    if not is_reviewer(actor):
        raise NotAllowed(f"Only reviewers and editors may {what}.", claim)


def _require_editor(actor, what: str, claim=None):
    if not is_editor(actor):
        raise NotAllowed(f"Only editors may {what}.", claim)


# --- the machinery every transition shares --------------------------------------------------


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


def _who_did(claim: Claim) -> str:
    """'taken by rita', 'published by erin'...: how the claim got where it is."""
    if claim.status == S.IN_REVIEW and claim.assignee:
        return f"taken by {claim.assignee.get_username()}"
    event = (
        ClaimEvent.objects.filter(claim=claim, to_status=claim.status)
        .exclude(from_status=claim.status)
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    verb = {
        S.NEW: "returned to triage",
        S.QUEUED: "queued",
        S.PROPOSED: "proposed",
        S.PUBLISHED: "published",
        S.DISMISSED: "dismissed",
    }.get(claim.status, claim.get_status_display().lower())
    if event and event.actor:
        return f"{verb} by {event.actor.get_username()}"
    return verb


def _refuse_status(claim: Claim, what: str):
    message = f"Cannot {what}: this claim is {claim.get_status_display().lower()}"
    raise Conflict(f"{message} (already {_who_did(claim)}).", current_state(claim))


def _check(claim: Claim, *, statuses: Iterable[str], what: str, version=None):
    if version not in (None, "") and int(version) != claim.version:
        raise Conflict(
            f"This claim changed since you loaded it (version {int(version)}, now "
            f"{claim.version}: {claim.get_status_display().lower()}, {_who_did(claim)}). "
            "Here is its current state.",
            current_state(claim),
        )
    if claim.status not in statuses:
        _refuse_status(claim, what)


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
    claim: Claim,
    *,
    actor,
    action: str,
    to_status: str,
    note: str = "",
    data: dict | None = None,
    **fields,
) -> Claim:
    """Apply one transition to a locked claim: status, fields, version, event."""
    from_status = claim.status
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
            f"{what} is too long ({len(text)} characters; at most {max_length}).", claim
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


def _holder_or_editor(claim: Claim, actor, what: str):
    if claim.assignee_id != actor.pk and not is_editor(actor):
        holder = claim.assignee.get_username() if claim.assignee else "nobody"
        raise NotAllowed(
            f"Only the reviewer holding this claim ({holder}) or an editor may {what}.",
            current_state(claim),
        )


# --- triage (editors) ---------------------------------------------------------------------


@transaction.atomic
def claim_queue(*, claim, actor, version=None) -> Claim:
    _require_editor(actor, "queue claims for checking", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.NEW}, what="queue it", version=version)
    return _move(claim, actor=actor, action="queue", to_status=S.QUEUED)


@transaction.atomic
def claims_queue_many(*, claim_ids, actor) -> int:
    """Queue every listed claim that is still new; returns how many moved."""
    _require_editor(actor, "queue claims for checking")
    moved = 0
    for claim in Claim.objects.select_for_update().filter(pk__in=list(claim_ids), status=S.NEW):
        _move(claim, actor=actor, action="queue", to_status=S.QUEUED)
        moved += 1
    return moved


@transaction.atomic
def claim_dismiss(*, claim, actor, reason, version=None) -> Claim:
    _require_editor(actor, "dismiss claims", claim)
    reason = _clean_text(reason, "A reason for dismissing", claim=claim, max_length=200)
    claim = _lock(claim)
    _check(claim, statuses={S.NEW, S.QUEUED}, what="dismiss it", version=version)
    return _move(
        claim,
        actor=actor,
        action="dismiss",
        to_status=S.DISMISSED,
        note=reason,
        dismissal_reason=reason,
    )


@transaction.atomic
def claims_dismiss_many(*, claim_ids, actor, reason) -> int:
    _require_editor(actor, "dismiss claims")
    reason = _clean_text(reason, "A reason for dismissing", max_length=200)
    moved = 0
    for claim in Claim.objects.select_for_update().filter(
        pk__in=list(claim_ids), status__in=[S.NEW, S.QUEUED]
    ):
        _move(
            claim,
            actor=actor,
            action="dismiss",
            to_status=S.DISMISSED,
            note=reason,
            dismissal_reason=reason,
        )
        moved += 1
    return moved


@transaction.atomic
def claim_reopen(*, claim, actor, version=None) -> Claim:
    _require_editor(actor, "reopen dismissed claims", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.DISMISSED}, what="reopen it", version=version)
    return _move(claim, actor=actor, action="reopen", to_status=S.NEW, dismissal_reason="")


# --- taking and holding claims (reviewers) ------------------------------------------------


@transaction.atomic
def claim_take(*, claim, actor, version=None) -> Claim:
    """A reviewer takes a queued claim (or one whose holder's lease has run out)."""
    _require_reviewer(actor, "take claims", claim)
    claim = _lock(claim)
    if claim.status == S.IN_REVIEW and claim.assignee_id == actor.pk:
        lease_renew(claim=claim, actor=actor)  # a second click by the holder: nothing to win
        return claim
    if claim.status == S.IN_REVIEW and not claim.lease_active:
        previous = claim.assignee
        _check(claim, statuses={S.IN_REVIEW}, what="take it", version=version)
        return _move(
            claim,
            actor=actor,
            action="take",
            to_status=S.IN_REVIEW,
            assignee=actor,
            lease_expires_at=_lease_until(),
            data={"lease_expired_for": previous.get_username() if previous else None},
        )
    _check(claim, statuses={S.QUEUED}, what="take it", version=version)
    return _move(
        claim,
        actor=actor,
        action="take",
        to_status=S.IN_REVIEW,
        assignee=actor,
        lease_expires_at=_lease_until(),
    )


def take_next_claim(*, actor) -> Claim | None:
    """Hand the reviewer the best-ranked free claim, or None when the queue is empty.

    On PostgreSQL concurrent callers skip each other's locked rows (SKIP LOCKED), so each
    gets a different claim without waiting. SQLite takes the database write lock when the
    transaction begins (IMMEDIATE mode, see settings), so callers run one after another and
    each sees the previous one's take.
    """
    from factcheck.queue import next_claim_candidates

    _require_reviewer(actor, "take claims")
    expire_leases()
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
            to_status=S.IN_REVIEW,
            assignee=actor,
            lease_expires_at=_lease_until(),
            data={"next_claim": True},
        )


@transaction.atomic
def claim_release(*, claim, actor, version=None) -> Claim:
    _require_reviewer(actor, "release claims", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.IN_REVIEW}, what="release it", version=version)
    _holder_or_editor(claim, actor, "release it")
    return _move(
        claim,
        actor=actor,
        action="release",
        to_status=S.QUEUED,
        assignee=None,
        lease_expires_at=None,
    )


@transaction.atomic
def claim_assign(*, claim, actor, assignee, version=None) -> Claim:
    _require_editor(actor, "assign claims", claim)
    if not is_reviewer(assignee):
        raise InvalidAction(f"{assignee} is not a reviewer.", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.QUEUED, S.IN_REVIEW}, what="assign it", version=version)
    return _move(
        claim,
        actor=actor,
        action="assign",
        to_status=S.IN_REVIEW,
        assignee=assignee,
        lease_expires_at=_lease_until(),
        data={"assignee": assignee.get_username()},
    )


def lease_renew(*, claim, actor) -> bool:
    """Extend the holder's lease (activity on the claim). No status change, no event.

    The version is not bumped: renewing must not make the holder's open forms stale.
    """
    pk = claim.pk if isinstance(claim, Claim) else claim
    until = _lease_until()
    renewed = Claim.objects.filter(pk=pk, status=S.IN_REVIEW, assignee_id=actor.pk).update(
        lease_expires_at=until
    )
    if renewed and isinstance(claim, Claim):
        claim.lease_expires_at = until
    return bool(renewed)


def expire_leases(*, now=None) -> int:
    """Return every claim whose lease ran out to the queue; returns how many."""
    now = now or timezone.now()
    expired = Claim.objects.filter(status=S.IN_REVIEW, lease_expires_at__lt=now)
    if not expired.exists():
        return 0
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
    *, claim, actor, url, title, stance, publisher="", excerpt="", accessed=None
) -> Evidence:
    _require_reviewer(actor, "add evidence", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.IN_REVIEW}, what="add evidence")
    _holder_or_editor(claim, actor, "add evidence")
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
        excerpt=_clean_text(excerpt, "Excerpt", required=False),
        accessed=accessed or timezone.localdate(),
    )
    lease_renew(claim=claim, actor=actor)
    _event(
        claim,
        actor=actor,
        action="evidence_added",
        from_status=claim.status,
        data={"evidence": evidence.pk, "url": url, "stance": stance},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence, actor) -> Evidence:
    evidence = Evidence.objects.select_related("claim").get(pk=evidence.pk)
    _require_reviewer(actor, "remove evidence", evidence.claim)
    claim = _lock(evidence.claim_id)
    _check(claim, statuses={S.IN_REVIEW}, what="remove evidence")
    _holder_or_editor(claim, actor, "remove evidence")
    if evidence.removed_at is None:
        evidence.removed_at = timezone.now()
        evidence.save(update_fields=["removed_at"])
        lease_renew(claim=claim, actor=actor)
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
    _require_reviewer(actor, "propose verdicts", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.IN_REVIEW}, what="propose a verdict", version=version)
    _holder_or_editor(claim, actor, "propose a verdict")
    rating = _rating(rating, claim)
    rationale = _clean_text(rationale, "A rationale", claim=claim)
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
        to_status=S.PROPOSED,
        assignee=actor,
        lease_expires_at=None,
        data={"verdict": verdict.pk, "revision": verdict.revision, "rating": rating.slug},
    )
    return verdict


def _proposed_verdict(claim: Claim) -> Verdict:
    return (
        claim.verdicts.select_related("author")
        .filter(state=Verdict.State.PROPOSED)
        .order_by("-revision")
        .first()
    )


@transaction.atomic
def verdict_approve(*, claim, actor, version=None) -> Verdict:
    _require_editor(actor, "approve and publish verdicts", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.PROPOSED}, what="approve it", version=version)
    verdict = _proposed_verdict(claim)
    if verdict.author_id == actor.pk:
        raise NotAllowed(
            "You proposed this verdict; another editor must approve it (two-person rule).",
            current_state(claim),
        )
    verdict.state = Verdict.State.PUBLISHED
    verdict.approved_by = actor
    verdict.approved_at = timezone.now()
    verdict.save(update_fields=["state", "approved_by", "approved_at"])
    _move(
        claim,
        actor=actor,
        action="approve",
        to_status=S.PUBLISHED,
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
    _require_editor(actor, "return verdicts", claim)
    note = _clean_text(note, "A note saying what to fix", claim=claim)
    claim = _lock(claim)
    _check(claim, statuses={S.PROPOSED}, what="return it", version=version)
    verdict = _proposed_verdict(claim)
    verdict.state = Verdict.State.RETURNED
    verdict.review_note = note
    verdict.save(update_fields=["state", "review_note"])
    return _move(
        claim,
        actor=actor,
        action="return",
        to_status=S.IN_REVIEW,
        note=note,
        assignee=verdict.author,
        lease_expires_at=_lease_until(),
        data={"verdict": verdict.pk, "revision": verdict.revision},
    )


@transaction.atomic
def verdict_correct(*, claim, actor, rating, rationale, correction_note, version=None) -> Verdict:
    """Publish a corrected verdict; the one it replaces stays, marked superseded.

    Nobody corrects their own published verdict alone: the corrector must not be the author
    of the revision being replaced.
    """
    _require_editor(actor, "correct published verdicts", claim)
    claim = _lock(claim)
    _check(claim, statuses={S.PUBLISHED}, what="correct it", version=version)
    rating = _rating(rating, claim)
    rationale = _clean_text(rationale, "A rationale", claim=claim)
    note = _clean_text(correction_note, "A correction note", claim=claim)
    current = claim.verdicts.get(state=Verdict.State.PUBLISHED)
    if current.author_id == actor.pk:
        raise NotAllowed(
            "You wrote the published verdict; another editor must correct it.", current_state(claim)
        )
    current.state = Verdict.State.SUPERSEDED
    current.save(update_fields=["state"])
    now = timezone.now()
    verdict = Verdict.objects.create(
        claim=claim,
        revision=_next_revision(claim),
        rating=rating,
        rationale=rationale,
        author=actor,
        state=Verdict.State.PUBLISHED,
        approved_by=actor,
        approved_at=now,
        correction_note=note,
    )
    verdict.evidence.set(current.evidence.all())
    _move(
        claim,
        actor=actor,
        action="correct",
        to_status=S.PUBLISHED,
        note=note,
        data={
            "verdict": verdict.pk,
            "revision": verdict.revision,
            "rating": rating.slug,
            "supersedes": current.pk,
        },
    )
    return verdict


@transaction.atomic
def comment_add(*, claim, actor, body) -> Comment:
    _require_reviewer(actor, "comment", claim)
    body = _clean_text(body, "A comment", claim=claim, max_length=10_000)
    claim = Claim.objects.get(pk=claim.pk if isinstance(claim, Claim) else claim)
    comment = Comment.objects.create(claim=claim, author=actor, body=body)
    lease_renew(claim=claim, actor=actor)
    _event(
        claim, actor=actor, action="comment", from_status=claim.status, data={"comment": comment.pk}
    )
    return comment


# --- what a user may do now -----------------------------------------------------------------

ACTIONS = (
    "queue",
    "dismiss",
    "reopen",
    "take",
    "release",
    "assign",
    "add_evidence",
    "propose",
    "approve",
    "return",
    "correct",
    "comment",
)


def allowed_actions(claim: Claim, user) -> set[str]:
    """The action names `user` may take on `claim` as it is now (what the page offers)."""
    if not is_reviewer(user):
        return set()
    editor = is_editor(user)
    status, holder = claim.status, claim.assignee_id
    mine = holder == user.pk
    actions = {"comment"}
    if editor and status in (S.NEW, S.QUEUED):
        actions.add("dismiss")
    if editor and status == S.NEW:
        actions.add("queue")
    if editor and status == S.DISMISSED:
        actions.add("reopen")
    if editor and status in (S.QUEUED, S.IN_REVIEW):
        actions.add("assign")
    if status == S.QUEUED or (status == S.IN_REVIEW and not mine and not claim.lease_active):
        actions.add("take")
    if status == S.IN_REVIEW and (mine or editor):
        actions |= {"release", "add_evidence", "propose"}
    if status == S.PROPOSED and editor:
        actions.add("return")
        if not mine:  # while proposed, the assignee is the proposer
            actions.add("approve")
    if status == S.PUBLISHED and editor:
        author = (
            claim.verdicts.filter(state=Verdict.State.PUBLISHED)
            .values_list("author_id", flat=True)
            .first()
        )
        if author != user.pk:
            actions.add("correct")
    return actions
