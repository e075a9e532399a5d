"""My desk: the work waiting for one user, and the counts the navigation bar shows.

Read side only: every list is one query, whatever the size of the newsroom.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from factcheck import caching, workflow
from factcheck.models import Claim, ClaimEvent, Notification, Verdict

S = Claim.Status
# The steps that put a claim in a reviewer's hands; the latest one says how it got there.
HANDING_ACTIONS = ("take", "assign", "return")
MENTIONS_SHOWN = 20


@dataclass
class Desk:
    assigned: list = field(default_factory=list)
    returned: list = field(default_factory=list)
    awaiting_approval: list | None = None  # None: not an editor
    mentions: list = field(default_factory=list)
    leases_running_out: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.assigned
            or self.returned
            or self.awaiting_approval
            or self.mentions
            or self.leases_running_out
        )


def _held_by(user):
    """The user's claims under review, each with how it reached them (and the editor's note)."""
    last_hand = ClaimEvent.objects.filter(
        claim=OuterRef("pk"), action__in=HANDING_ACTIONS
    ).order_by("-created_at", "-id")
    return (
        Claim.objects.filter(status=S.IN_REVIEW, assignee=user)
        .select_related("article")
        .defer("article__body", "article__raw_text")
        .annotate(
            handed_by=Subquery(last_hand.values("action")[:1]),
            handed_note=Subquery(last_hand.values("note")[:1]),
            handed_actor=Subquery(last_hand.values("actor__username")[:1]),
            handed_at=Subquery(last_hand.values("created_at")[:1]),
        )
        .order_by("lease_expires_at", "id")
    )


def _proposed(user=None):
    proposed = Verdict.objects.filter(claim=OuterRef("pk"), state=Verdict.State.PROPOSED)
    return proposed if user is None else proposed.filter(author_id=user.pk)


def awaiting_approval(user):
    """Proposed verdicts and corrections an editor may publish: never their own."""
    proposed = _proposed()
    return (
        Claim.objects.filter(Exists(proposed))
        .exclude(Exists(_proposed(user)))
        .select_related("article", "assignee")
        .defer("article__body", "article__raw_text")
        .annotate(
            proposed_rating=Subquery(proposed.values("rating__label")[:1]),
            proposed_at=Subquery(proposed.values("created_at")[:1]),
            proposed_by=Subquery(proposed.values("author__username")[:1]),
            is_correction=Exists(proposed.exclude(correction_note="")),
        )
        .order_by("proposed_at", "id")
    )


def mentions_of(user):
    return (
        Notification.objects.filter(recipient=user, kind=Notification.Kind.MENTION)
        .select_related("actor", "claim", "comment")
        .order_by("-created_at", "-id")[:MENTIONS_SHOWN]
    )


def lease_window(now=None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(minutes=settings.LEASE_WARNING_MINUTES)


def desk_for(user, *, now=None) -> Desk:
    now = now or timezone.now()
    held = list(_held_by(user))
    soon = lease_window(now)
    desk = Desk(
        assigned=[c for c in held if c.handed_by != "return"],
        returned=[c for c in held if c.handed_by == "return"],
        mentions=list(mentions_of(user)),
        leases_running_out=[
            c for c in held if c.lease_expires_at is not None and c.lease_expires_at <= soon
        ],
    )
    if workflow.is_editor(user):
        desk.awaiting_approval = list(awaiting_approval(user))
    return desk


def _waiting(user) -> Q:
    waiting = Q(status=S.IN_REVIEW, assignee_id=user.pk)
    if workflow.is_editor(user):
        waiting |= Q(Exists(_proposed())) & ~Q(Exists(_proposed(user)))
    return waiting


def desk_count(user) -> int:
    """What the navigation bar shows beside "My desk": claims waiting for this user."""
    return Claim.objects.filter(_waiting(user)).count()


class NavCounts:
    """Counted only when a page shows them (the admin and the login page never do), both
    in one query."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _counts(self) -> dict:
        def counted(qs):
            return Subquery(
                qs.order_by()
                .annotate(one=Value(1))
                .values("one")
                .annotate(n=Count("*"))
                .values("n"),
                output_field=IntegerField(),
            )

        def count() -> dict:
            waiting = Claim.objects.filter(_waiting(self.user))
            unread = Notification.objects.filter(recipient_id=self.user.pk, read_at__isnull=True)
            row = (
                get_user_model()
                .objects.filter(pk=self.user.pk)
                .values(desk=Coalesce(counted(waiting), 0), unread=Coalesce(counted(unread), 0))
                .first()
            )
            return row or {"desk": 0, "unread": 0}

        # Every claim step and every notification bumps a generation in the key, so the
        # counts change on the next page after anything that changes them, on any node.
        claims, notes = caching.generations(caching.CLAIMS, caching.NOTIFICATIONS)
        role = "editor" if workflow.is_editor(self.user) else "reviewer"
        key = f"nav-counts:{self.user.pk}:{role}:{claims}:{notes}"
        return caching.remembered(key, settings.NAV_COUNTS_SECONDS, count)

    @property
    def desk(self) -> int:
        return self._counts["desk"]

    @property
    def unread(self) -> int:
        return self._counts["unread"]


def nav_counts(request) -> dict:
    """Context processor: `nav.desk` and `nav.unread` for the navigation bar; nothing is
    asked of the database (not even the user's role) unless the page shows them."""
    user = getattr(request, "user", None)

    def counts():
        if user is None or not user.is_authenticated or not workflow.is_reviewer(user):
            return None
        return NavCounts(user)

    return {"nav": SimpleLazyObject(counts)}
