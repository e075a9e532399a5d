"""Who is told what: never the actor, email only for the kinds chosen, sent after commit."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from factcheck import notifications, workflow
from factcheck.models import Notification
from tests.factories import (
    ClaimFactory,
    CommentOnClaim,
    EditorFactory,
    NotificationPreferenceFactory,
    ReviewerFactory,
    drive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "rita": ReviewerFactory(username="rita"),
        "rob": ReviewerFactory(username="rob"),
        "erin": EditorFactory(username="erin"),
        "ed": EditorFactory(username="ed"),
    }


def told(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


def test_assign_tells_the_assignee_not_the_editor(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "queued", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=people["erin"], assignee=people["rita"])
    [note] = told(people["rita"], "assign")
    assert note.message.startswith("Erin assigned you the claim")  # a sentence
    assert note.claim_id == claim.pk
    assert told(people["erin"]) == []


def _notification_callbacks(callbacks):
    """The on-commit callbacks that enqueue a notification (not the cache's generation bumps)."""
    return [c for c in callbacks if getattr(c, "func", None) is notifications._enqueue]


def test_nothing_is_told_before_the_transaction_commits(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "queued", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.claim_assign(claim=claim, actor=people["erin"], assignee=people["rita"])
    assert told(people["rita"]) == []
    enqueued = _notification_callbacks(callbacks)
    assert len(enqueued) == 1  # one task enqueued on commit
    enqueued[0]()
    assert len(told(people["rita"], "assign")) == 1


def test_steps_that_concern_nobody_enqueue_nothing(people, django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.claim_queue(claim=claim, actor=people["erin"])
        workflow.claim_take(claim=claim, actor=people["rita"])
    assert _notification_callbacks(callbacks) == []


def test_assigning_yourself_tells_nobody(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "queued", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=people["erin"], assignee=people["erin"])
    assert Notification.objects.count() == 0


def test_return_tells_the_proposer_with_the_note(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "proposed", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_return(claim=claim, actor=people["erin"], note="Cite the ministry.")
    [note] = told(people["rita"], "return")
    assert note.note == "Cite the ministry."
    assert told(people["erin"]) == []


def test_approve_tells_the_proposer_the_rating(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "proposed", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_approve(claim=claim, actor=people["erin"])
    [note] = told(people["rita"], "publish")
    assert "approved and published your verdict" in note.message
    assert note.message.endswith("False.")


def test_correction_tells_author_and_approver_but_not_the_publisher(
    people, django_capture_on_commit_callbacks
):
    third = EditorFactory(username="tess")
    claim = drive(
        ClaimFactory(), "published", reviewer=people["rita"], editor=people["erin"]
    )  # rita proposed, erin approved
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_correct(
            claim=claim,
            actor=people["ed"],
            rating="mostly-true",
            rationale="New figures.",
            correction_note="The ministry revised its count.",
        )
    assert Notification.objects.count() == 0  # proposed, not yet published
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correction_approve(claim=claim, actor=third)
    assert [n.kind for n in told(people["rita"])] == ["correction"]
    assert [n.kind for n in told(people["erin"])] == ["correction"]
    assert [n.kind for n in told(people["ed"])] == ["correction"]  # his correction went out
    assert told(third) == []
    assert "now Mostly true" in told(people["rita"])[0].message
    assert told(people["rita"])[0].note == "The ministry revised its count."


def test_a_correction_sent_back_tells_its_author(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "published", reviewer=people["rita"], editor=people["erin"])
    workflow.verdict_correct(
        claim=claim, actor=people["ed"], rating="true", rationale="r", correction_note="n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correction_reject(claim=claim, actor=people["erin"], note="Not convinced.")
    [note] = told(people["ed"], "return")
    assert note.note == "Not convinced."
    assert told(people["erin"]) == []


def test_mentions_tell_known_reviewers_once_and_not_the_author(
    people, django_capture_on_commit_callbacks
):
    claim = drive(ClaimFactory(), "queued", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        CommentOnClaim.create(
            claim=claim,
            author=people["rob"],
            body="@Rita and @erin, see this; @rita again; @rob is me; @nobody; mail x@rita.org",
        )
    assert len(told(people["rita"], "mention")) == 1
    assert len(told(people["erin"], "mention")) == 1
    assert told(people["rob"]) == []
    assert Notification.objects.count() == 2


def test_a_retried_task_tells_nobody_twice(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "queued", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=people["erin"], assignee=people["rita"])
    event = claim.events.get(action="assign")
    assert notifications.notify_event(event.pk) == 0
    assert len(told(people["rita"])) == 1


def test_email_only_for_the_kinds_chosen(people, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(user=people["rita"], email_kinds=["return"])
    claim = drive(ClaimFactory(), "queued", reviewer=people["rob"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=people["erin"], assignee=people["rita"])
    assert len(told(people["rita"], "assign")) == 1  # in the app
    assert mail.outbox == []  # but not emailed: she chose only returns
    workflow.evidence_add(
        claim=claim, actor=people["rita"], url="https://example.org/a", title="A", stance="context"
    )
    workflow.verdict_propose(claim=claim, actor=people["rita"], rating="false", rationale="No.")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_return(claim=claim, actor=people["erin"], note="Why?")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita@example.org"]
    assert "returned your verdict" in mail.outbox[0].subject
    assert "Why?" in mail.outbox[0].body
    assert told(people["rita"], "return")[0].emailed_at is not None


def test_default_email_kinds_without_a_choice(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "queued", reviewer=people["rob"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=people["erin"], assignee=people["rita"])
    assert [m.to for m in mail.outbox] == [["rita@example.org"]]


def test_lease_warning_once_per_lease(people, settings):
    settings.LEASE_WARNING_MINUTES = 5
    claim = drive(ClaimFactory(), "queued", reviewer=people["rita"], editor=people["erin"])
    workflow.claim_take(claim=claim, actor=people["rita"])
    claim.refresh_from_db()
    assert notifications.notify_expiring_leases() == 0  # 30 minutes left
    soon = claim.lease_expires_at - datetime.timedelta(minutes=3)
    assert notifications.notify_expiring_leases(now=soon) == 1
    assert notifications.notify_expiring_leases(now=soon) == 0
    [note] = told(people["rita"], "lease")
    assert "runs out at" in note.message and "UTC" in note.message
    later = timezone.now() + datetime.timedelta(hours=2)
    assert notifications.notify_expiring_leases(now=later) == 0  # ran out: nothing to warn


def test_mark_read_touches_only_ones_own(people, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "queued", reviewer=people["rita"], editor=people["erin"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=people["erin"], assignee=people["rita"])
    [note] = told(people["rita"])
    assert notifications.mark_read(user=people["rob"], notification_id=note.pk) == 0
    assert notifications.unread_count(people["rita"]) == 1
    assert notifications.mark_read(user=people["rita"], notification_id=note.pk) == 1
    assert notifications.unread_count(people["rita"]) == 0


def test_notify_leases_command_warns_the_holder(people, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.LEASE_WARNING_MINUTES = 60  # every fresh 30-minute hold is "about to run out"
    drive(ClaimFactory(), "in_review", reviewer=people["rita"], editor=people["erin"])
    out = StringIO()
    call_command("notify_leases", stdout=out)
    assert "Warned 1 reviewer(s)" in out.getvalue()
    assert len(told(people["rita"], "lease")) == 1
