"""The extractor's report card on a small set of claims whose fate is known by hand."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from factcheck import workflow
from factcheck.extraction_report import fixed_text, report_card
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LAST_YEAR = NOW - datetime.timedelta(days=400)


@pytest.fixture
def checked():
    """One article of this month read by extractor v1, whose claims people worked on:

    troops "1,200 soldiers"          taken, kept as found         -> unchanged
    troops "1,200 soldiers crossed"  merged into the one above    -> duplicate
    casualties "At least 14 people"  low corrected                -> corrected (low)
    quantity "14 people were killed" kind corrected to casualties -> corrected (kind), Quantity
    statement "The army said"        rejected                     -> not a claim
    quote "We will hold the bridge"  speaker corrected            -> corrected (speaker)
    date "since March 3"             only queued                  -> not reviewed yet
    casualties "killed in shelling"  added by hand                -> added
    and one old article (last year, v0) with one troops claim taken and kept.
    """
    editor, reviewer = EditorFactory(), ReviewerFactory()
    article = ArticleFactory(imported_at=NOW, extractor_version="v1")

    def claim(kind, span, **values):
        return ClaimFactory(article=article, kind=kind, span=span, extractor_version="v1", **values)

    kept = claim("troops", "1,200 soldiers", low=1200, high=1200, qualifier="exact", unit="x")
    workflow.claim_queue(claim=kept, actor=editor)
    workflow.claim_take(claim=kept, actor=reviewer)
    duplicate = claim("troops", "1,200 soldiers crossed", low=1200, high=1200, unit="x")
    workflow.claims_merge(claim=kept, other=duplicate, actor=editor)
    low = claim("casualties", "At least 14 people", low=41, qualifier="at_least", unit="people")
    workflow.claim_edit(claim=low, actor=editor, low="14")
    kind = claim("quantity", "14 people were killed", low=14, high=14, unit="people")
    workflow.claim_edit(claim=kind, actor=editor, kind="casualties")
    statement = claim("statement", "The army said on Monday")
    workflow.claim_reject(claim=statement, actor=editor)
    quote = claim("quote", "We will hold the bridge until the spring", speaker="Petrova")
    workflow.claim_edit(claim=quote, actor=editor, speaker="Ana Petrova")
    date = claim("date", "since March 3", date="2024-03-03", granularity="day")
    workflow.claim_queue(claim=date, actor=editor)
    start = article.body.index("killed in shelling")
    workflow.claim_add(
        article=article,
        actor=reviewer,
        kind="casualties",
        start=start,
        end=start + len("killed in shelling"),
        low=1,
        unit="people",
    )
    old = ArticleFactory(imported_at=LAST_YEAR, extractor_version="v0")
    old_claim = ClaimFactory(article=old, extractor_version="v0")
    workflow.claim_queue(claim=old_claim, actor=editor)
    workflow.claim_take(claim=old_claim, actor=reviewer)
    return article


def by_name(rows):
    return {row.name: row for row in rows}


def test_report_card_counts_each_fate_per_kind(checked):
    card = report_card(since=NOW.date())
    kinds = by_name(card.kinds)
    assert set(kinds) == {"Troops", "Casualties", "Quantity", "Statement", "Quote", "Date"}
    troops = kinds["Troops"]
    assert (troops.unchanged, troops.duplicate, troops.reviewed) == (1, 1, 2)
    assert (troops.precision, troops.recall) == (0.5, 1.0)
    casualties = kinds["Casualties"]
    assert (casualties.corrected, casualties.added, casualties.fixed) == (1, 1, {"low": 1})
    assert (casualties.precision, casualties.precision_found) == (0.0, 1.0)
    assert (casualties.recall, casualties.recall_found) == (0.0, 0.5)
    assert kinds["Quantity"].fixed == {"kind": 1}
    assert kinds["Statement"].rejected == 1 and kinds["Statement"].precision == 0.0
    assert kinds["Quote"].fixed == {"speaker": 1}
    assert (kinds["Date"].not_reviewed, kinds["Date"].reviewed) == (1, 0)
    assert kinds["Date"].precision is None
    total = card.total
    assert (
        total.unchanged,
        total.corrected,
        total.rejected,
        total.duplicate,
        total.added,
        total.not_reviewed,
    ) == (1, 3, 1, 1, 1, 1)
    assert (total.precision, total.recall, total.f1) == (0.167, 0.2, 0.182)
    assert fixed_text(total) == "kind 1, low 1, speaker 1"


def test_report_card_over_time_and_per_extractor_version(checked):
    card = report_card()
    versions = by_name(card.versions)
    assert set(versions) == {"v0", "v1"}
    assert (versions["v0"].unchanged, versions["v0"].reviewed) == (1, 1)
    assert versions["v1"].added == 1  # the hand-added claim is a miss of the article's v1
    months = by_name(card.months)
    assert months[LAST_YEAR.strftime("%Y-%m")].unchanged == 1
    assert months[NOW.strftime("%Y-%m")].unchanged == 1
    assert card.total.unchanged == 2
    assert report_card(since=NOW.date()).total.unchanged == 1


def test_queueing_alone_is_not_a_review(checked):
    date = checked.claims.get(kind="date")
    assert date.status == "queued"
    assert by_name(report_card().kinds)["Date"].not_reviewed == 1


def test_command_prints_the_card_and_json(checked, capsys):
    call_command("extraction_report", "--json", "--since", NOW.date().isoformat())
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["corrected"] == 3 and data["total"]["precision"] == 0.167
    assert [k["name"] for k in data["kinds"]][:2] == ["Troops", "Casualties"]
    call_command("extraction_report")
    text = capsys.readouterr().out
    assert "Per kind" in text and "Per extractor version" in text
    assert "corrected: low 1" in text
    with pytest.raises(CommandError, match="not a date"):
        call_command("extraction_report", "--since", "last week")
