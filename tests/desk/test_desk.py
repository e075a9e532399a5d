"""My desk's lists for each role: held, returned with the note, awaiting approval, mentions."""

import datetime

import pytest

from factcheck import desk, workflow
from tests.factories import ClaimFactory, CommentOnClaim, EditorFactory, ReviewerFactory, drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "rita": ReviewerFactory(username="rita"),
        "rob": ReviewerFactory(username="rob"),
        "erin": EditorFactory(username="erin"),
        "ed": EditorFactory(username="ed"),
    }


def pks(claims):
    return sorted(c.pk for c in claims)


def test_reviewer_desk_lists_held_and_returned_claims(people):
    rita, erin = people["rita"], people["erin"]
    taken = drive(ClaimFactory(), "in_review", reviewer=rita, editor=erin)
    assigned = drive(ClaimFactory(), "queued", reviewer=rita, editor=erin)
    workflow.claim_assign(claim=assigned, actor=erin, assignee=rita)
    returned = drive(ClaimFactory(), "proposed", reviewer=rita, editor=erin)
    workflow.verdict_return(claim=returned, actor=erin, note="Find the ministry's count.")
    drive(ClaimFactory(), "in_review", reviewer=people["rob"], editor=erin)  # not hers

    mine = desk.desk_for(rita)
    assert pks(mine.assigned) == pks([taken, assigned])
    assert [c.pk for c in mine.returned] == [returned.pk]
    assert mine.returned[0].handed_note == "Find the ministry's count."
    assert mine.returned[0].handed_actor == "erin"
    assert mine.awaiting_approval is None  # reviewers approve nothing
    assert desk.desk_count(rita) == 3


def test_editor_desk_never_offers_their_own_proposal(people):
    rita, erin, ed = people["rita"], people["erin"], people["ed"]
    by_rita = drive(ClaimFactory(), "proposed", reviewer=rita, editor=erin)
    by_erin = drive(ClaimFactory(), "proposed", reviewer=erin, editor=ed)
    assert [c.pk for c in desk.desk_for(erin).awaiting_approval] == [by_rita.pk]
    assert pks(desk.desk_for(ed).awaiting_approval) == pks([by_rita, by_erin])
    assert desk.desk_for(ed).awaiting_approval[0].proposed_rating == "False"
    assert desk.desk_count(erin) == 1


def test_mentions_and_leases_running_out(people, settings, django_capture_on_commit_callbacks):
    settings.LEASE_WARNING_MINUTES = 10
    rita, erin = people["rita"], people["erin"]
    claim = drive(ClaimFactory(), "in_review", reviewer=rita, editor=erin)
    with django_capture_on_commit_callbacks(execute=True):
        CommentOnClaim.create(claim=claim, author=erin, body="@rita can you check the date?")
    mine = desk.desk_for(rita)
    assert [n.comment.body for n in mine.mentions] == ["@rita can you check the date?"]
    assert mine.leases_running_out == []
    later = claim.lease_expires_at - datetime.timedelta(minutes=5)
    assert [c.pk for c in desk.desk_for(rita, now=later).leases_running_out] == [claim.pk]
    assert desk.desk_for(erin).mentions == []


def test_desk_costs_the_same_queries_whatever_the_load(people, django_assert_num_queries):
    rita, erin = people["rita"], people["erin"]
    drive(ClaimFactory(), "proposed", reviewer=rita, editor=erin)
    erin = type(erin).objects.get(pk=erin.pk)
    with django_assert_num_queries(5) as few:  # held, mentions, 2 permission, awaiting
        desk.desk_for(erin)
    for _ in range(5):
        drive(ClaimFactory(), "proposed", reviewer=rita, editor=erin)
        drive(ClaimFactory(), "in_review", reviewer=erin, editor=people["ed"])
    erin = type(erin).objects.get(pk=erin.pk)
    with django_assert_num_queries(len(few.captured_queries)):
        desk.desk_for(erin)


def test_a_proposed_correction_awaits_another_editor(people):
    rita, erin, ed = people["rita"], people["erin"], people["ed"]
    claim = drive(ClaimFactory(), "published", reviewer=rita, editor=erin)
    workflow.verdict_correct(
        claim=claim, actor=ed, rating="true", rationale="New count.", correction_note="Fixed."
    )
    [waiting] = desk.desk_for(erin).awaiting_approval
    assert waiting.pk == claim.pk and waiting.is_correction and waiting.proposed_by == "ed"
    assert desk.desk_for(ed).awaiting_approval == []  # his own correction
    assert desk.desk_count(erin) == 1 and desk.desk_count(ed) == 0
