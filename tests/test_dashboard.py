"""The editors' dashboard: aggregates on a fixture with known answers, a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck import dashboard
from factcheck.models import ClaimEvent
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory, drive

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def people():
    return {
        "rita": ReviewerFactory(username="rita"),
        "rob": ReviewerFactory(username="rob"),
        "erin": EditorFactory(username="erin"),
        "ed": EditorFactory(username="ed"),
    }


def _at(claim, action, moment):
    """Put one of the claim's audit events at a known moment (fixture only)."""
    ClaimEvent.objects.filter(claim=claim, action=action).update(created_at=moment)


@pytest.fixture
def desk(people):
    rita, rob, erin, ed = people["rita"], people["rob"], people["erin"], people["ed"]
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(1)))
    two_days_ago = start - 2 * 24 * HOUR
    # Three published: queued -> published in 1, 2 and 10 hours; two of them two days ago.
    for hours, day in ((1, two_days_ago), (2, two_days_ago), (10, start - 12 * HOUR)):
        claim = drive(ClaimFactory(), "published", reviewer=rita, editor=erin, editor2=ed)
        _at(claim, "queue", day)
        _at(claim, "approve", day + hours * HOUR)
    # Rita holds two under review, Rob one proposed; two new, one queued, one dismissed.
    for _ in range(2):
        drive(ClaimFactory(), "in_review", reviewer=rita, editor=erin)
    drive(ClaimFactory(), "proposed", reviewer=rob, editor=erin)
    ClaimFactory(), ClaimFactory()
    drive(ClaimFactory(), "queued", reviewer=rita, editor=erin)
    drive(ClaimFactory(), "dismissed", reviewer=rita, editor=erin)
    return today


def test_counts_and_publishing_times(desk):
    board = dashboard.dashboard()
    assert board.counts == {
        "new": 2,
        "queued": 1,
        "in_review": 2,
        "proposed": 1,
        "published": 3,
        "dismissed": 1,
    }
    assert board.publish_time["count"] == 3
    assert board.publish_time["median"] == 2 * HOUR
    assert board.publish_time["p90"] == 10 * HOUR


def test_published_per_day_and_status_history(desk):
    board = dashboard.dashboard()
    per_day = {row[0]: row[1] for row in board.published.rows}
    two_days_ago = desk - datetime.timedelta(days=2)
    assert per_day[two_days_ago] == 2
    assert sum(per_day.values()) == 3
    history = {row[0]: row[1:] for row in board.by_status.rows}
    statuses = dashboard.STATUSES
    today = dict(zip(statuses, history[desk], strict=True))
    assert today == board.counts
    # Two days ago, at the end of the day, two claims had been published.
    assert dict(zip(statuses, history[two_days_ago], strict=True))["published"] == 2
    # A month ago nothing existed.
    assert sum(history[board.days[0]]) == 0


def test_load_and_overdue_leases(desk):
    board = dashboard.dashboard()
    assert board.load.rows == [["rita", 2, 0, 2], ["rob", 0, 1, 1]]
    assert board.overdue_count == 0
    later = dashboard.dashboard(now=timezone.now() + datetime.timedelta(hours=2))
    assert later.overdue_count == 2
    assert {c.assignee.username for c in later.overdue} == {"rita"}


def test_charts_are_svg_with_tables(client, people, desk):
    client.force_login(people["erin"])
    html = client.get(reverse("dashboard")).content.decode()
    assert html.count("<svg viewBox") == 3
    assert html.count("<table") == 3
    assert '<dd id="median-time">2 hours</dd>' in html
    assert '<dd id="p90-time">10 hours</dd>' in html
    assert "style=" not in html.split("<main")[1]


def test_query_count_does_not_grow_with_claims(client, people, desk, django_assert_num_queries):
    client.force_login(people["erin"])
    client.get(reverse("dashboard"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard"))
    for _ in range(5):
        drive(ClaimFactory(), "published", reviewer=people["rob"], editor=people["erin"])
        drive(ClaimFactory(), "in_review", reviewer=ReviewerFactory(), editor=people["erin"])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("dashboard"))
    assert len(small.captured_queries) <= 18  # + conflicts and the report card's total


def test_only_editors_see_it(client, people):
    client.force_login(people["rita"])
    assert client.get(reverse("dashboard")).status_code == 403


def test_claims_born_with_an_extracted_event_are_counted_once(people):
    from factcheck import workflow
    from factcheck.models import Claim
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    found = [
        Claim(kind="troops", text="x", span="1,200 soldiers", start=0, end=5),
        Claim(kind="troops", text="y", span="14 people", start=6, end=9),
    ]
    workflow.claims_extracted(article=article, claims=found, extractor_version="test")
    board = dashboard.dashboard()
    history = {
        row[0]: dict(zip(dashboard.STATUSES, row[1:], strict=True)) for row in board.by_status.rows
    }
    assert history[board.days[-1]]["new"] == 2
    assert history[board.days[-2]]["new"] == 0


def test_conflicts_found_and_the_extractors_report_card(client, people, desk):
    from factcheck.models import MeasureClaim
    from tests.factories import MeasureClaimFactory

    MeasureClaimFactory()
    clash = MeasureClaimFactory()
    MeasureClaim.objects.filter(pk=clash.pk).update(conflicts=True)
    board = dashboard.dashboard()
    assert board.conflicts == 1
    assert board.extractor is not None and board.extractor.name == "All kinds"
    client.force_login(people["erin"])
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="conflicts-count"' in html and "?across=conflicts" in html
    assert 'id="extractor-summary"' in html and reverse("extraction_report") in html
