"""workflow.py's claim editing: add, edit, merge and reject, for each role and status."""

import datetime

import pytest

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent
from factcheck.workflow import Conflict, InvalidAction, NotAllowed
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    ReviewerFactory,
    UserFactory,
    drive,
)

pytestmark = pytest.mark.django_db

STATUSES = ["new", "queued", "in_review", "proposed", "published", "dismissed"]


@pytest.fixture
def people():
    return {
        "reviewer": ReviewerFactory(),
        "other_reviewer": ReviewerFactory(),
        "editor": EditorFactory(),
        "editor2": EditorFactory(),
    }


def claim_in(status, people, **extra):
    claim = ClaimFactory(low=1200, high=1200, qualifier="exact", unit="soldiers", **extra)
    return drive(
        claim,
        status,
        reviewer=people["reviewer"],
        editor=people["editor"],
        editor2=people["editor2"],
    )


def state(claim):
    """Everything a refused step must leave as it was."""
    fresh = Claim.objects.get(pk=claim.pk)
    return (
        fresh.values_snapshot(),
        fresh.status,
        fresh.version,
        fresh.assignee_id,
        fresh.dismissal_reason,
        fresh.corrections,
        fresh.merged_into_id,
        ClaimEvent.objects.filter(claim=claim).count(),
    )


def span_of(article, words):
    start = article.body.index(words)
    return start, start + len(words)


# --- add ------------------------------------------------------------------------------------


def test_reviewer_adds_a_missed_figure_to_the_queue(people):
    article = ArticleFactory()
    start, end = span_of(article, "14 people were killed")
    claim = workflow.claim_add(
        article=article,
        actor=people["reviewer"],
        kind="casualties",
        start=start - 1,  # the space before the words is trimmed
        end=end,
        low="14",
        qualifier="at_least",
        unit="people killed",
    )
    assert article.body[claim.start : claim.end] == claim.span == "14 people were killed"
    assert claim.text.startswith("At least 14 people were killed in shelling")
    assert (claim.status, claim.origin, claim.extracted) == ("queued", "person", None)
    assert (claim.low, claim.high, claim.qualifier) == (14, None, "at_least")
    assert claim.checkworthiness == workflow.HAND_ADDED_CHECKWORTHINESS
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "added",
        people["reviewer"],
        "",
        "queued",
    )
    assert event.data["after"]["span"] == "14 people were killed"


def test_exact_figure_with_one_number_gets_both(people):
    article = ArticleFactory()
    start, end = span_of(article, "1,200 soldiers")
    claim = workflow.claim_add(
        article=article, actor=people["editor"], kind="troops", start=start, end=end, low="1,200"
    )
    assert (claim.low, claim.high, claim.qualifier) == (1200, 1200, "exact")


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("across", "crosses paragraphs"),
        ("outside", "does not lie in the article"),
        ("negative", "does not lie in the article"),
        ("blank", "holds no words"),
    ],
)
def test_add_refuses_a_selection_that_is_not_in_one_paragraph(people, where, message):
    article = ArticleFactory()
    first_end = article.body.index("\n\n")
    start, end = {
        "across": (first_end - 10, first_end + 10),
        "outside": (len(article.body) - 5, len(article.body) + 5),
        "negative": (-3, 5),
        "blank": (first_end, first_end + 2),
    }[where]
    with pytest.raises(InvalidAction, match=message):
        workflow.claim_add(
            article=article, actor=people["reviewer"], kind="statement", start=start, end=end
        )
    assert not Claim.objects.filter(article=article).exists()


def test_add_refusals_leave_nothing(people):
    article = ArticleFactory()
    start, end = span_of(article, "We will hold the bridge")
    with pytest.raises(NotAllowed):
        workflow.claim_add(
            article=article, actor=UserFactory(), kind="quote", start=start, end=end, speaker="X"
        )
    with pytest.raises(InvalidAction, match="speaker is required"):
        workflow.claim_add(
            article=article, actor=people["reviewer"], kind="quote", start=start, end=end
        )
    with pytest.raises(InvalidAction, match="kind of claim"):
        workflow.claim_add(
            article=article, actor=people["reviewer"], kind="rumour", start=start, end=end
        )
    with pytest.raises(InvalidAction, match="not a number"):
        workflow.claim_add(
            article=article,
            actor=people["reviewer"],
            kind="quantity",
            start=start,
            end=end,
            low="lots",
        )
    assert not Claim.objects.filter(article=article).exists()
    assert not ClaimEvent.objects.exists()


def test_adding_the_same_claim_twice_is_a_conflict(people):
    article = ArticleFactory()
    start, end = span_of(article, "1,200 soldiers")
    first = workflow.claim_add(
        article=article, actor=people["reviewer"], kind="troops", start=start, end=end, low=1200
    )
    with pytest.raises(Conflict, match=f"#{first.pk} already marks"):
        workflow.claim_add(
            article=article, actor=people["reviewer"], kind="troops", start=start, end=end, low=1
        )
    assert Claim.objects.filter(article=article).count() == 1


# --- edit -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", ["reviewer", "other_reviewer", "editor"])
def test_edit_for_each_role_and_status(people, status, who):
    claim = claim_in(status, people)
    holder = claim.assignee_id == people[who].pk
    allowed = status in {"new", "queued", "in_review", "proposed"} and (who == "editor" or holder)
    assert ("edit" in workflow.allowed_actions(claim, people[who])) == allowed
    before = state(claim)
    if allowed:
        edited = workflow.claim_edit(
            claim=claim, actor=people[who], version=claim.version, low="900", high="900"
        )
        assert edited.version == claim.version + 1 and edited.low == 900
        assert edited.corrections == "low high"
        event = ClaimEvent.objects.filter(claim=claim).latest("id")
        assert (event.action, event.actor, event.from_status, event.to_status) == (
            "edit",
            people[who],
            status,
            status,
        )
        assert event.data == {
            "fields": ["low", "high"],
            "before": {"low": "1200", "high": "1200"},
            "after": {"low": "900", "high": "900"},
        }
    else:
        with pytest.raises((NotAllowed, Conflict)) as refused:
            workflow.claim_edit(claim=claim, actor=people[who], low="900")
        if status == "published" and who == "editor":
            assert "goes through a correction" in refused.value.message
        assert state(claim) == before


def test_edit_span_by_selecting_again_always_slices_to_the_span(people):
    claim = claim_in("in_review", people)
    body = claim.article.body
    start, end = span_of(claim.article, "crossed the river near Karsk")
    edited = workflow.claim_edit(
        claim=claim, actor=people["reviewer"], kind="statement", start=start, end=end + 1
    )
    assert body[edited.start : edited.end] == edited.span == "crossed the river near Karsk."
    # A statement has no figure: the values of the old kind are cleared.
    assert (edited.low, edited.high, edited.qualifier, edited.unit) == (None, None, "", "")
    assert edited.corrections.split() == ["kind", "span", "low", "high", "unit"]
    assert edited.extracted["span"] == "1,200 soldiers"  # what the extractor said stays


def test_edit_back_to_what_the_extractor_said_is_unchanged_again(people):
    claim = claim_in("queued", people)
    claim = workflow.claim_edit(claim=claim, actor=people["editor"], unit="troops")
    assert claim.corrections == "unit"
    claim = workflow.claim_edit(claim=claim, actor=people["editor"], unit="soldiers")
    assert claim.corrections == ""
    assert claim.version == 4


def test_stale_edit_is_a_conflict_told_in_words(people):
    claim = claim_in("in_review", people)
    loaded = claim.version
    workflow.claim_edit(claim=claim, actor=people["editor"], unit="troops")
    before = state(claim)
    with pytest.raises(Conflict) as refused:
        workflow.claim_edit(claim=claim, actor=people["reviewer"], version=loaded, unit="men")
    editor = people["editor"].get_username()
    assert f"changed while you had it open: {editor} edited it" in refused.value.message
    assert state(claim) == before


def test_edit_refuses_bad_values_and_keeps_the_claim(people):
    claim = claim_in("in_review", people)
    before = state(claim)
    cases = [
        ({"low": "2000", "high": "10", "qualifier": "range"}, "more than high"),
        ({"kind": "date", "date": "2024-13"}, "not a date in the calendar"),
        ({"kind": "date", "date": "2024-03", "granularity": "day"}, "does not fit"),
        ({"kind": "quote", "speaker": " "}, "speaker is required"),
        ({"start": 0, "end": 200}, "crosses paragraphs"),
        ({"unit": "soldiers"}, "Nothing to save"),
        ({"colour": "red"}, "no field colour"),
    ]
    for fields, message in cases:
        with pytest.raises(InvalidAction, match=message):
            workflow.claim_edit(claim=claim, actor=people["reviewer"], **fields)
    assert state(claim) == before


def test_edit_date_and_speaker(people):
    article = ArticleFactory()
    quote = ClaimFactory(
        article=article,
        kind="quote",
        span="We will hold the bridge until the spring",
        speaker="Ana",
    )
    quote = workflow.claim_edit(claim=quote, actor=EditorFactory(), speaker="Ana Petrova")
    assert quote.speaker == "Ana Petrova" and quote.corrections == "speaker"
    date = ClaimFactory(article=article, kind="date", span="since March 3", date="2024-03")
    date = workflow.claim_edit(claim=date, actor=EditorFactory(), date="2024-03-03")
    assert (date.date, date.granularity, date.corrections) == (
        "2024-03-03",
        "day",
        "date granularity",
    )


# --- merge ------------------------------------------------------------------------------------


def test_merge_dismisses_the_duplicate_and_the_survivor_keeps_both_histories(people):
    survivor = claim_in("in_review", people)
    duplicate = ClaimFactory(article=survivor.article, kind="troops", span="1,200 soldiers crossed")
    workflow.claim_queue(claim=duplicate, actor=people["editor"])
    merged = workflow.claims_merge(
        claim=survivor, other=duplicate, actor=people["reviewer"], version=survivor.version
    )
    duplicate.refresh_from_db()
    assert merged.version == survivor.version + 1 and merged.status == "in_review"
    assert duplicate.status == "dismissed"
    assert duplicate.dismissal_reason == f"duplicate of #{survivor.pk}"
    assert duplicate.merged_into_id == survivor.pk and duplicate.assignee is None
    assert list(survivor.duplicates.all()) == [duplicate]
    assert ClaimEvent.objects.filter(claim=survivor).latest("id").data["merged"] == duplicate.pk
    assert ClaimEvent.objects.filter(claim=duplicate).latest("id").action == "merged"


@pytest.mark.parametrize(
    ("case", "error", "message"),
    [
        ("itself", InvalidAction, "with itself"),
        ("other_article", InvalidAction, "another article"),
        ("published_duplicate", Conflict, "merge it the other way round"),
        ("held_by_another", NotAllowed, "held by"),
        ("not_holder", NotAllowed, "holding this claim"),
        ("stale_other", Conflict, "changed while you had it open"),
    ],
)
def test_merge_refusals_leave_both_claims_unchanged(people, case, error, message):
    survivor = claim_in("in_review", people)
    if case == "other_article":
        other = ClaimFactory()
    elif case == "published_duplicate":
        other = drive(
            ClaimFactory(article=survivor.article, span="14 people"),
            "published",
            reviewer=people["other_reviewer"],
            editor=people["editor"],
        )
    elif case == "held_by_another":
        other = ClaimFactory(article=survivor.article, span="14 people")
        workflow.claim_queue(claim=other, actor=people["editor"])
        workflow.claim_take(claim=other, actor=people["other_reviewer"])
    else:
        other = ClaimFactory(article=survivor.article, span="14 people")
    actor = people["other_reviewer"] if case == "not_holder" else people["reviewer"]
    target = survivor if case == "itself" else other
    before = (state(survivor), state(other))
    with pytest.raises(error, match=message):
        workflow.claims_merge(
            claim=survivor,
            other=target,
            actor=actor,
            other_version=99 if case == "stale_other" else None,
        )
    assert (state(survivor), state(other)) == before


# --- reject -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUSES)
def test_reject_by_status(people, status):
    claim = claim_in(status, people)
    actor = people["editor"]
    before = state(claim)
    if status in {"new", "queued", "in_review"}:
        rejected = workflow.claim_reject(claim=claim, actor=actor, note="A headline, not a claim")
        assert (rejected.status, rejected.dismissal_reason) == ("dismissed", "not a claim")
        assert rejected.assignee is None
        assert Claim.objects.filter(dismissal_reason=workflow.NOT_A_CLAIM).get() == claim
    else:
        with pytest.raises(Conflict):
            workflow.claim_reject(claim=claim, actor=actor)
        assert state(claim) == before


def test_reviewer_rejects_only_the_claim_they_hold(people):
    held = claim_in("in_review", people)
    queued = claim_in("queued", people)
    with pytest.raises(NotAllowed, match=r"holding this claim \(nobody\)"):
        workflow.claim_reject(claim=queued, actor=people["reviewer"])
    with pytest.raises(NotAllowed):
        workflow.claim_reject(claim=held, actor=people["other_reviewer"])
    assert workflow.claim_reject(claim=held, actor=people["reviewer"]).status == "dismissed"


# --- what the extractor first said ----------------------------------------------------------


def test_every_extracted_claim_remembers_what_the_extractor_said(people):
    article = ArticleFactory()
    made = Claim.objects.create(
        article=article, kind="quantity", text="t", span="x", start=0, end=1, low=2.5, high=2.5
    )
    [bulk] = Claim.objects.bulk_create(
        [Claim(article=article, kind="statement", text="t", span="The", start=0, end=3)]
    )
    assert made.extracted["low"] == "2.5" and made.extracted["kind"] == "quantity"
    assert bulk.extracted["span"] == "The"


def test_migration_backfills_extracted_from_current_values():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("factcheck.migrations.0010_claim_editing")
    claim = ClaimFactory(low=1200, high=1200, date="", speaker="")
    Claim.objects.filter(pk=claim.pk).update(extracted=None)
    migration.backfill_extracted(apps, None)
    claim.refresh_from_db()
    assert claim.extracted == claim.values_snapshot()


def test_touched_claims_are_those_with_a_persons_event(people):
    article = ArticleFactory(published=datetime.date(2024, 3, 11))
    untouched = ClaimFactory(article=article)
    ClaimEvent.objects.create(claim=untouched, action="extracted", to_status="new")
    queued = ClaimFactory(article=article, span="14 people")
    workflow.claim_queue(claim=queued, actor=people["editor"])
    touched = workflow.touched_claims(Claim.objects.filter(article=article))
    assert list(touched) == [queued]
