"""Who is told what: notifications from claim events, @mentions, leases about to run out.

A claim event is read after its transaction commits (a post_save receiver hands its id to
the task queue with `transaction.on_commit`), so a step that rolls back tells nobody and
no request waits for email. The actor is never told about their own step. Every
notification shows in the app; email goes only for the kinds the user chose.
"""

import datetime
import logging
import re
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from factcheck import caching
from factcheck.models import (
    Claim,
    ClaimEvent,
    Comment,
    Notification,
    NotificationPreference,
    Verdict,
)

log = logging.getLogger(__name__)
Kind = Notification.Kind

# Events that can tell somebody something; the rest (queue, take, evidence...) never do,
# so they cost the task queue nothing.
NOTIFYING_ACTIONS = frozenset(
    {"assign", "return", "approve", "approve_correction", "reject_correction", "correct", "comment"}
)

# "@rita", "@ana.petrova": a name after an @ that does not follow a word character (so an
# email address is not a mention); a trailing full stop ends the sentence, not the name.
MENTION_RE = re.compile(r"(?<![\w@.])@([\w.+-]*\w)")
MAX_MENTIONS = 20


@dataclass(frozen=True)
class Told:
    """One notification to make: who, what kind, the sentence, and what it is about."""

    recipient: object
    kind: str
    message: str
    key: str
    claim: Claim | None = None
    event: ClaimEvent | None = None
    comment: Comment | None = None
    actor: object = None
    note: str = ""


# --- mentions -------------------------------------------------------------------------------


def mention_names(text: str) -> list[str]:
    """The names written after an @, in order, each once (case-insensitively)."""
    seen, names = set(), []
    for match in MENTION_RE.finditer(text or ""):
        name = match.group(1)
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names[:MAX_MENTIONS]


def mentioned_users(text: str) -> dict:
    """Lower-cased name -> the active reviewer or editor it names; unknown names are left out."""
    names = mention_names(text)
    if not names:
        return {}
    from factcheck.forms import reviewer_queryset

    match = Q()
    for name in names:
        match |= Q(username__iexact=name)
    return {user.get_username().lower(): user for user in reviewer_queryset().filter(match)}


# --- the rules ------------------------------------------------------------------------------


def _about(claim: Claim) -> str:
    words = (claim.span or claim.text or "").strip()
    return f"“{words[:80]}{'…' if len(words) > 80 else ''}”"


def _name(user) -> str:
    """As colleagues call them; a sentence starts with it, so it starts with a capital."""
    if not user:
        return "The system"
    name = (user.get_full_name() or "").strip() or user.get_username()
    return name[:1].upper() + name[1:]


def _verdict(event: ClaimEvent, key="verdict"):
    pk = (event.data or {}).get(key)
    if not pk:
        return None
    return Verdict.objects.select_related("author", "approved_by", "rating").filter(pk=pk).first()


def recipients_for(event: ClaimEvent) -> list[Told]:
    """Who hears about this event, and what they are told (never the actor)."""
    if event.action not in NOTIFYING_ACTIONS:
        return []
    claim, actor = event.claim, event.actor
    who, about = _name(actor), _about(claim)
    common = {"claim": claim, "event": event, "actor": actor}
    told: list[Told] = []

    def tell(user, kind, message, *, note="", comment=None):
        if user is None or (actor is not None and user.pk == actor.pk) or not user.is_active:
            return
        if any(t.recipient.pk == user.pk and t.kind == kind for t in told):
            return
        told.append(
            Told(
                recipient=user,
                kind=kind,
                message=message,
                key=f"event:{event.pk}:{kind}",
                note=note,
                comment=comment,
                **common,
            )
        )

    if event.action == "assign":
        name = (event.data or {}).get("assignee", "")
        user = get_user_model().objects.filter(username=name).first() if name else None
        tell(user, Kind.ASSIGN, f"{who} assigned you the claim {about}.")
    elif event.action == "return":
        verdict = _verdict(event)
        if verdict:
            tell(
                verdict.author,
                Kind.RETURN,
                f"{who} returned your verdict on {about}.",
                note=event.note,
            )
    elif event.action == "approve":
        verdict = _verdict(event)
        if verdict:
            tell(
                verdict.author,
                Kind.PUBLISH,
                f"{who} approved and published your verdict on {about}: {verdict.rating.label}.",
            )
    elif event.action in ("approve_correction", "correct") and (event.data or {}).get("supersedes"):
        # A correction is published (by a second editor): everyone whose name was on the
        # verdict it replaces hears, and the correction's author if someone else published it.
        verdict, replaced = _verdict(event), _verdict(event, "supersedes")
        rating = verdict.rating.label if verdict else "a new rating"
        message = f"{who} published a correction of the verdict on {about}: now {rating}."
        if replaced:
            tell(replaced.author, Kind.CORRECTION, message, note=event.note)
            tell(replaced.approved_by, Kind.CORRECTION, message, note=event.note)
        if verdict:
            tell(verdict.author, Kind.CORRECTION, message, note=event.note)
    elif event.action == "reject_correction":
        verdict = _verdict(event)
        if verdict:
            tell(
                verdict.author,
                Kind.RETURN,
                f"{who} sent back your correction of the verdict on {about}.",
                note=event.note,
            )
    elif event.action == "comment":
        comment = Comment.objects.filter(pk=(event.data or {}).get("comment")).first()
        if comment:
            for user in mentioned_users(comment.body).values():
                tell(
                    user,
                    Kind.MENTION,
                    f"{who} mentioned you in a comment on {about}.",
                    note=comment.body,
                    comment=comment,
                )
    return told


def expiring_leases(*, now=None):
    """Claims under review whose lease runs out within LEASE_WARNING_MINUTES from `now`."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(minutes=settings.LEASE_WARNING_MINUTES)
    return Claim.objects.filter(
        status=Claim.Status.IN_REVIEW, lease_expires_at__gt=now, lease_expires_at__lte=soon
    )


def lease_warnings(*, now=None) -> list[Told]:
    """One warning per lease about to run out (a renewed lease is a new one, warned again)."""
    told = []
    for claim in expiring_leases(now=now).select_related("assignee"):
        until = timezone.localtime(claim.lease_expires_at)
        told.append(
            Told(
                recipient=claim.assignee,
                kind=Kind.LEASE,
                message=(
                    f"Your hold on the claim {_about(claim)} runs out at "
                    f"{until:%H:%M %Z}; open it to keep it, or it goes back to the queue."
                ),
                key=f"lease:{claim.pk}:{int(claim.lease_expires_at.timestamp())}",
                claim=claim,
            )
        )
    return told


# --- delivery -------------------------------------------------------------------------------


def email_kinds(user) -> list[str]:
    pref = NotificationPreference.objects.filter(user=user).first()
    return list(pref.email_kinds) if pref else list(NotificationPreference.DEFAULT_EMAIL_KINDS)


def deliver(told: list[Told]) -> list[Notification]:
    """Store each notification once (a retried task tells nobody twice) and email the
    kinds each recipient chose."""
    made = []
    for item in told:
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=item.recipient,
                    kind=item.kind,
                    claim=item.claim,
                    event=item.event,
                    comment=item.comment,
                    actor=item.actor,
                    message=item.message[:500],
                    note=item.note,
                    key=item.key,
                )
        except IntegrityError:
            continue  # already told
        made.append(notification)
        if item.kind in email_kinds(item.recipient) and item.recipient.email:
            _email(notification)
    return made


def _email(notification: Notification) -> None:
    link = ""
    if notification.claim_id:
        link = settings.SITE_URL + reverse("claim", args=[notification.claim_id])
    body = "\n\n".join(
        part
        for part in (
            notification.message,
            notification.note,
            link,
            "You chose to get these by email; change that on your notification settings page: "
            + settings.SITE_URL
            + reverse("notification_settings"),
        )
        if part
    )
    try:
        send_mail(
            subject=f"[factcheck] {notification.message[:120]}",
            message=body,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:  # a mail server down must not lose the in-app notification
        log.exception("Could not email notification %s", notification.pk)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notify_event(event_id: int) -> int:
    """Tell everyone this event concerns; returns how many were told."""
    event = ClaimEvent.objects.select_related("claim", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    return len(deliver(recipients_for(event)))


def notify_expiring_leases(*, now=None) -> int:
    return len(deliver(lease_warnings(now=now)))


# --- the hook: after the step's transaction commits, through the task queue -----------------


def _enqueue(event_id: int) -> None:
    from factcheck.tasks import notify_claim_event

    notify_claim_event.enqueue(event_id)


@receiver(post_save, sender=ClaimEvent, dispatch_uid="factcheck.notifications.event_saved")
def event_saved(sender, instance: ClaimEvent, created: bool, raw: bool = False, **kwargs):
    if raw or not created or instance.action not in NOTIFYING_ACTIONS:
        return
    transaction.on_commit(partial(_enqueue, instance.pk))


# --- reading --------------------------------------------------------------------------------


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, user, notification_id=None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    marked = qs.update(read_at=timezone.now())
    if marked:  # an update sends no post_save: the unread count's cache key moves here
        caching.bump_on_commit(caching.NOTIFICATIONS)
    return marked
