""" "Next claim" and the holder's release in one statement (PostgreSQL): the same rows as the
general path (`_move`), the same refusals, and events in the order the steps happened."""

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from factcheck import caching, workflow
from factcheck.models import Claim, ClaimEvent
from factcheck.views import claims as claim_views
from factcheck.workflow import Conflict, NotAllowed

from .conftest import new_claim

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's"
    ),
]

CLAIM_FIELDS = ("status", "assignee_id", "version")
EVENT_FIELDS = ("action", "from_status", "to_status", "actor_id", "note", "data")


def snapshot(claim_pk):
    claim = Claim.objects.get(pk=claim_pk)
    events = list(
        ClaimEvent.objects.filter(claim_id=claim_pk)
        .order_by("created_at", "id")
        .values(*EVENT_FIELDS)
    )
    return {f: getattr(claim, f) for f in CLAIM_FIELDS}, claim.lease_expires_at, events


def take_and_release(article, editor, reviewer, *, one_statement, monkeypatch):
    monkeypatch.setattr(workflow, "ONE_STATEMENT", one_statement)
    claim = new_claim(article, checkworthiness=0.99)
    workflow.claim_queue(claim=claim, actor=editor)
    taken = workflow.take_next_claim(actor=reviewer)
    assert taken.pk == claim.pk
    after_take = snapshot(claim.pk)
    released = workflow.claim_release(claim=claim.pk, actor=reviewer, version=taken.version)
    return taken, after_take, released, snapshot(claim.pk)


def test_same_rows_as_the_general_path(article, editor, reviewer, monkeypatch):
    runs = {}
    for one_statement in (False, True):
        taken, after_take, released, after_release = take_and_release(
            article, editor, reviewer, one_statement=one_statement, monkeypatch=monkeypatch
        )
        (fields, lease, events) = after_take
        assert fields == {"status": "in_review", "assignee_id": reviewer.pk, "version": 3}
        assert lease > timezone.now() + datetime.timedelta(minutes=20)
        # What the services return is the claim as it is now, holder included.
        assert (taken.status, taken.assignee, taken.version) == ("in_review", reviewer, 3)
        assert (released.status, released.assignee_id, released.version) == ("queued", None, 4)
        assert released.lease_expires_at is None
        runs[one_statement] = (fields, events, after_release[0], after_release[2])
        Claim.objects.filter(pk=taken.pk).update(status="dismissed")  # out of the next run
    assert runs[True] == runs[False]
    assert [e["action"] for e in runs[True][3]] == ["queue", "take", "release"]
    assert runs[True][3][1]["data"] == {"next_claim": True}


def test_the_step_bumps_the_claims_generation(
    article, editor, reviewer, django_capture_on_commit_callbacks
):
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    before = caching.generation(caching.CLAIMS)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.take_next_claim(actor=reviewer)
    middle = caching.generation(caching.CLAIMS)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_release(claim=claim.pk, actor=reviewer)
    assert before < middle < caching.generation(caching.CLAIMS)


def test_events_follow_the_order_of_the_steps(article, editor, reviewer, reviewer2):
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    for who in (reviewer, reviewer2, reviewer):
        workflow.take_next_claim(actor=who)
        workflow.claim_release(claim=claim.pk, actor=who)
    rows = list(
        ClaimEvent.objects.filter(claim=claim)
        .order_by("created_at", "id")
        .values_list("action", "actor_id", "id")
    )
    assert [(a, who) for a, who, _ in rows] == [
        ("queue", editor.pk),
        *[(a, w.pk) for w in (reviewer, reviewer2, reviewer) for a in ("take", "release")],
    ]
    assert [i for *_, i in rows] == sorted(i for *_, i in rows)


def test_refusals_are_the_general_paths(article, editor, reviewer, reviewer2, outsider):
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    taken = workflow.take_next_claim(actor=reviewer)
    with pytest.raises(NotAllowed, match=r"Only the reviewer holding this claim \("):
        workflow.claim_release(claim=claim.pk, actor=reviewer2)
    with pytest.raises(NotAllowed):
        workflow.claim_release(claim=claim.pk, actor=outsider)
    with pytest.raises(Conflict, match="changed while you had it open"):
        workflow.claim_release(claim=claim.pk, actor=reviewer, version=taken.version - 1)
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    # An editor releases someone else's claim through the general path.
    released = workflow.claim_release(claim=claim.pk, actor=editor)
    assert (released.status, released.assignee_id) == ("queued", None)
    with pytest.raises(Conflict, match="is queued"):
        workflow.claim_release(claim=claim.pk, actor=reviewer)
    assert ClaimEvent.objects.filter(claim=claim, action="release").count() == 1


def test_empty_queue_hands_out_nothing(reviewer):
    assert workflow.take_next_claim(actor=reviewer) is None


def test_a_lease_that_ran_out_returns_to_the_queue_before_a_hand_out(
    article, editor, reviewer, reviewer2
):
    """The hand-out checks for leases that ran out in the same statement; when there is
    one, every such claim goes back to the queue (audited) and the best-ranked is handed."""
    low = new_claim(article, checkworthiness=0.2)
    high = new_claim(article, checkworthiness=0.9)
    workflow.claims_queue_many(claim_ids=[low.pk, high.pk], actor=editor)
    workflow.claim_take(claim=low.pk, actor=reviewer)
    Claim.objects.filter(pk=low.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert workflow.take_next_claim(actor=reviewer2).pk == high.pk
    low.refresh_from_db()
    assert (low.status, low.assignee_id, low.lease_expires_at) == ("queued", None, None)
    actions = list(
        ClaimEvent.objects.filter(claim=low).order_by("created_at", "id").values_list("action")
    )
    assert actions == [("queue",), ("take",), ("lease_expired",)]
    assert workflow.take_next_claim(actor=reviewer2).pk == low.pk


def test_a_hand_out_returns_a_bounded_batch_of_ran_out_leases_best_first(
    article, editor, reviewer, reviewer2, monkeypatch
):
    """Thousands of leases that ran out must not hold one reviewer's "next claim": the
    best-ranked few go back to the queue, the best of them is handed out, the scheduler
    returns the rest."""
    assert workflow.HAND_OUT_EXPIRY_BATCH == 1
    monkeypatch.setattr(workflow, "HAND_OUT_EXPIRY_BATCH", 2)
    claims = [new_claim(article, checkworthiness=0.1 * (i + 1)) for i in range(5)]
    workflow.claims_queue_many(claim_ids=[c.pk for c in claims], actor=editor)
    for claim in claims:
        workflow.claim_take(claim=claim.pk, actor=reviewer)
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    best = claims[-1]
    assert workflow.take_next_claim(actor=reviewer2).pk == best.pk
    statuses = dict(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("id", "status"))
    assert statuses[claims[-2].pk] == "queued"  # the batch's other claim
    assert [statuses[c.pk] for c in claims[:3]] == ["in_review"] * 3  # left to the scheduler
    assert workflow.expire_leases() == 3


PREPARED = "SELECT statement, generic_plans FROM pg_prepared_statements"


def test_hand_out_and_release_are_planned_once_per_connection(article, editor, reviewer):
    """Both statements run prepared; after PostgreSQL's first few custom plans it keeps one
    generic plan, made with the statuses written in (so it reads the queue's index)."""
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    for _ in range(8):
        taken = workflow.take_next_claim(actor=reviewer)
        assert taken.pk == claim.pk
        workflow.claim_release(claim=claim.pk, actor=reviewer, version=taken.version)
    with connection.cursor() as cursor:
        cursor.execute(PREPARED)
        prepared = {text: plans for text, plans in cursor.fetchall() if "WITH stop" in text}
    assert len(prepared) == 2, prepared
    assert all(plans >= 1 for plans in prepared.values()), prepared
    assert all("'in_review'" in text for text in prepared)  # a constant, not a parameter
    assert ClaimEvent.objects.filter(claim=claim, action="take").count() == 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_statement_prepared_before_a_migration_is_prepared_again(article, editor, reviewer):
    """A migration that changes a column the statements return (run by another process)
    makes PostgreSQL refuse the prepared plans; the step and the claim page's read prepare
    them again and go on."""
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    taken = workflow.take_next_claim(actor=reviewer)  # prepared on this connection
    workflow.claim_release(claim=claim.pk, actor=reviewer, version=taken.version)
    assert claim_views._load(claim.pk).unit == claim.unit  # the claim page's read, too
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    column = Claim._meta.get_field("unit")
    try:
        with other.cursor() as cursor:
            cursor.execute("ALTER TABLE factcheck_claim ALTER COLUMN unit TYPE varchar(201)")
        taken = workflow.take_next_claim(actor=reviewer)
        released = workflow.claim_release(claim=claim.pk, actor=reviewer, version=taken.version)
        assert (taken.pk, released.status) == (claim.pk, "queued")
        assert claim_views._load(claim.pk).version == released.version
    finally:
        with other.cursor() as cursor:
            cursor.execute(
                f"ALTER TABLE factcheck_claim ALTER COLUMN unit TYPE varchar({column.max_length})"
            )
        other.close()
    assert ClaimEvent.objects.filter(claim=claim, action="release").count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hand_out_and_release_alone_commit_without_waiting_for_the_disk(
    article, editor, reviewer, settings
):
    """With LEASE_ASYNC_COMMIT (the default) the hand-out and the release, each a
    transaction of its own, turn synchronous_commit off for that transaction only: the
    connection's next transactions, a caller's transaction around them, and both steps
    with the setting off wait for the disk."""
    claim = new_claim(article)
    workflow.claim_queue(claim=claim, actor=editor)
    seen = []

    def spy(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    def cycle_commits_async():
        seen.clear()
        with connection.execute_wrapper(spy):
            taken = workflow.take_next_claim(actor=reviewer)
            workflow.claim_release(claim=claim.pk, actor=reviewer, version=taken.version)
        statements = [text for text in seen if "WITH stop AS" in text]
        assert len(statements) == 2  # one statement each
        return [("'synchronous_commit', 'off'" in text) for text in statements]

    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    assert settings.LEASE_ASYNC_COMMIT
    assert cycle_commits_async() == [True, True]
    assert synchronous_commit() == "on"  # not left on the connection
    with transaction.atomic():
        assert cycle_commits_async() == [False, False]
        assert synchronous_commit() == "on"
    settings.LEASE_ASYNC_COMMIT = False
    assert cycle_commits_async() == [False, False]
    assert ClaimEvent.objects.filter(claim=claim, action="take").count() == 3
    assert Claim.objects.get(pk=claim.pk).status == "queued"
