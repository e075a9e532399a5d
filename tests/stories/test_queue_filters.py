"""Queue filters: conflicts with another outlet, already checked elsewhere."""

import pytest

from factcheck import queue
from factcheck.stories import store
from tests.factories import drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(flood):
    for key in "abc":
        store.place_article(flood[key])
    return flood


def ids(filters, user):
    return {c.pk for c in queue.queue_page(filters, user=user).rows}


def test_conflicts_filter(placed, reviewer):
    got = ids(queue.QueueFilters(across="conflicts"), reviewer)
    assert got == {placed["a_injured"].pk, placed["b_injured"].pk}


def test_checked_elsewhere_filter(placed, reviewer, editor, editor2):
    f = queue.QueueFilters(across="checked")
    assert ids(f, reviewer) == set()
    drive(placed["b_killed"], "published", reviewer=reviewer, editor=editor, editor2=editor2)
    drive(placed["b_injured"], "published", reviewer=reviewer, editor=editor, editor2=editor2)
    # The agreeing killed figure is checked elsewhere; the conflicting injured one is not.
    assert ids(f, reviewer) == {placed["a_killed"].pk}


def test_a_linked_earlier_verdict_counts_as_checked_a_dismissed_one_not(placed, reviewer):
    from factcheck.models import ClaimLink

    f = queue.QueueFilters(across="checked")
    ClaimLink.objects.create(claim=placed["a_injured"], other=placed["b_killed"])
    ClaimLink.objects.create(claim=placed["b_injured"], other=placed["a_killed"], dismissed=True)
    assert ids(f, reviewer) == {placed["a_injured"].pk}


def test_unknown_value_is_named(reviewer):
    f = queue.QueueFilters.from_query({"across": "bogus"})
    assert f.across == "" and any("across" in e for e in f.errors)


def test_queue_page_offers_the_filter(client_for, reviewer, placed):
    html = client_for(reviewer).get("/queue/?across=conflicts").content.decode()
    assert "Conflicts with another outlet" in html
    assert placed["a_injured"].span in html
