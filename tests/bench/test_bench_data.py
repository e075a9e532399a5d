"""bench_data: a small run gives data the workflow itself could have produced."""

from dataclasses import replace

import pytest
from benchsite.management.commands.bench_data import BENCH_PASSWORD, BENCH_PREFIX, Command
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from factcheck import workflow
from factcheck.models import Article, Claim, ClaimEvent, Verdict

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def bench(db):
    call_command(Command(), articles=12, claims_per_article=8, long_article_claims=40)
    return Claim.objects.select_related("article").prefetch_related("verdicts__evidence")


def test_counts_kinds_statuses_and_users(bench):
    assert Article.objects.count() == 12
    assert Article.objects.exclude(source_name__startswith=BENCH_PREFIX).count() == 0
    assert bench.count() == 40 + 11 * 8
    assert set(bench.values_list("kind", flat=True)) == set(Claim.Kind.values)
    assert set(bench.values_list("status", flat=True)) == set(S.values)
    assert Article.objects.filter(claims__isnull=False).distinct().count() == 12
    long_article = Article.objects.order_by("source_name").first()
    assert long_article.claims.count() == 40
    reviewers = Group.objects.get(name="Reviewers").user_set.filter(username__startswith="bench")
    editors = Group.objects.get(name="Editors").user_set.filter(username__startswith="bench")
    assert reviewers.count() == 50 and editors.count() == 10
    user = reviewers.first()
    assert user.check_password(BENCH_PASSWORD)
    assert workflow.is_reviewer(user) and not workflow.is_editor(user)
    assert workflow.is_editor(editors.first())


def test_spans_point_into_the_body(bench):
    for claim in bench:
        assert claim.article.body[claim.start : claim.end] == claim.span, claim.pk
        assert claim.span in claim.text
        assert claim.text in claim.article.body
        if claim.low is not None:
            assert claim.low <= claim.high


def test_events_replay_to_the_current_status_and_version(bench):
    events = {}
    for event in ClaimEvent.objects.order_by("claim_id", "created_at", "id"):
        events.setdefault(event.claim_id, []).append(event)
    now = timezone.now()
    for claim in bench:
        history = events[claim.pk]
        assert history[0].action == "extracted" and history[0].to_status == S.NEW
        status, version, holder = S.NEW, 1, None
        for event in history[1:]:
            assert event.from_status == status, (claim.pk, event.action)
            assert event.created_at <= now
            if event.action == "take":
                assert holder is None, "taken while held"
                holder = event.actor_id
            elif event.action in ("release", "approve"):
                holder = None
            action = workflow.ACTIONS[workflow.EVENT_ACTION.get(event.action, event.action)]
            assert event.from_status in action.from_statuses, (claim.pk, event.action)
            assert event.to_status == (action.to_status or event.from_status)
            if action.bumps_version:
                version += 1
            status = event.to_status
        assert status == claim.status
        assert version == claim.version


def test_each_status_has_what_the_workflow_requires(bench):
    for claim in bench:
        verdicts = list(claim.verdicts.all())
        if claim.status == S.IN_REVIEW:
            assert claim.assignee is not None and claim.lease_active
            assert workflow.is_reviewer(claim.assignee)
        elif claim.status == S.PROPOSED:
            proposed = [v for v in verdicts if v.state == Verdict.State.PROPOSED]
            assert len(proposed) == 1 and proposed[0].author_id == claim.assignee_id
            assert claim.lease_expires_at is None
        elif claim.status == S.PUBLISHED:
            published = [v for v in verdicts if v.state == Verdict.State.PUBLISHED]
            assert len(published) == 1
            verdict = published[0]
            assert verdict.approved_by_id and verdict.approved_by_id != verdict.author_id
            assert workflow.is_editor(verdict.approved_by)
            assert claim.assignee is None
        elif claim.status == S.DISMISSED:
            assert claim.dismissal_reason
        else:
            assert claim.assignee is None and not verdicts
        if claim.status != S.IN_REVIEW:
            assert not claim.lease_active
        for verdict in verdicts:
            cited = list(verdict.evidence.all())
            assert cited and all(e.claim_id == claim.pk for e in cited)
    assert Verdict.objects.filter(state=Verdict.State.RETURNED).exists()


def test_workflow_can_carry_on_from_bench_data(bench):
    reviewer = Group.objects.get(name="Reviewers").user_set.get(username="bench_rev01")
    claim = workflow.take_next_claim(actor=reviewer)
    assert claim is not None and claim.status == S.IN_REVIEW
    released = workflow.claim_release(claim=claim, actor=reviewer, version=claim.version)
    assert released.status == S.QUEUED


def test_refuses_a_database_with_real_articles(article):
    with pytest.raises(CommandError, match="1 real"):
        call_command(Command(), articles=2, claims_per_article=2)
    assert Article.objects.count() == 1
    call_command(Command(), articles=2, claims_per_article=2, long_article_claims=0, force=True)
    assert Article.objects.count() == 3


def test_bad_sizes_are_named(db):
    with pytest.raises(CommandError, match="--articles"):
        call_command(Command(), articles=0)


def test_the_planner_follows_the_workflow_table(monkeypatch, db):
    # A table where "take" no longer starts from queued: the planner must refuse, not
    # write history the workflow would not allow.
    take = workflow.ACTIONS["take"]
    changed = dict(workflow.ACTIONS, take=replace(take, from_statuses=frozenset({S.NEW})))
    monkeypatch.setattr(workflow, "ACTIONS", changed)
    with pytest.raises(CommandError, match="planned take from queued"):
        call_command(Command(), articles=3, claims_per_article=20, long_article_claims=0)
