"""Earlier verdicts: suggested for the same figure or words, cited in one step, dismissed."""

import pytest

from factcheck import workflow
from factcheck.models import ClaimEvent, ClaimLink, Evidence, MeasureClaim, StoryArticle
from factcheck.stories import store, suggest
from tests.factories import ClaimFactory, drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(flood, reviewer, editor, editor2):
    """The flood story placed; Ostra Wire's killed figure has a published verdict."""
    for key in "abc":
        store.place_article(flood[key])
    drive(flood["b_killed"], "published", reviewer=reviewer, editor=editor, editor2=editor2)
    drive(flood["b_injured"], "published", reviewer=reviewer, editor=editor, editor2=editor2)
    return flood


def test_same_measure_and_agreeing_value_is_suggested(checked):
    assert MeasureClaim.objects.filter(claim=checked["a_killed"]).exists()
    found = suggest.earlier_verdicts(checked["a_killed"])
    assert [c.pk for c in found] == [checked["b_killed"].pk]
    assert found[0].rating_label


def test_a_figure_with_another_value_is_never_suggested(checked):
    # 120 injured against 95 injured: a conflict, not the same claim.
    assert suggest.earlier_verdicts(checked["a_injured"]) == []


def test_near_identical_quotes_of_the_story_are_suggested(checked, reviewer, editor, editor2):
    words = "Valdora"
    q_a = ClaimFactory(article=checked["a"], kind="quote", span=words)
    q_b = ClaimFactory(article=checked["b"], kind="quote", span=words)
    q_a.span = q_b.span = "We have never seen the river rise so fast in Ostra"
    q_a.save()
    q_b.save()
    drive(q_b, "published", reviewer=reviewer, editor=editor, editor2=editor2)
    assert [c.pk for c in suggest.earlier_verdicts(q_a)] == [q_b.pk]
    q_a.span = "The dam held, and the town is safe now"
    q_a.save()
    assert suggest.earlier_verdicts(q_a) == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("We will rebuild every home in Ostra", "“We will rebuild every home in Ostra.”", True),
        ("We will rebuild every home in Ostra", "We will rebuild some homes in Ostra", False),
        ("Yes", "Yes", False),  # too short to tell
    ],
)
def test_near_identical(a, b, same):
    assert suggest.near_identical(a, b) is same


def test_cite_links_and_adds_evidence_in_one_step(checked, reviewer, editor):
    claim = checked["a_killed"]
    workflow.claim_queue(claim=claim, actor=editor)
    workflow.claim_take(claim=claim, actor=reviewer)
    evidence = workflow.claim_cite_earlier(
        claim=claim,
        actor=reviewer,
        other=checked["b_killed"],
        url=f"https://factcheck.example.org/claims/{checked['b_killed'].pk}/",
    )
    assert Evidence.objects.filter(claim=claim).get() == evidence
    assert evidence.title.startswith("Earlier fact-check (") and "Ostra Wire" in evidence.title
    assert ClaimLink.objects.filter(claim=claim, other=checked["b_killed"], dismissed=False)
    assert ClaimEvent.objects.filter(claim=claim, action="earlier_verdict_cited").count() == 1
    assert suggest.earlier_verdicts(claim) == []  # linked: not offered again


def test_cite_needs_the_claim_in_review_by_its_holder(checked, reviewer, reviewer2, editor):
    claim = checked["a_killed"]
    with pytest.raises(workflow.Conflict):
        workflow.claim_cite_earlier(
            claim=claim, actor=reviewer, other=checked["b_killed"], url="https://x.example/"
        )
    workflow.claim_queue(claim=claim, actor=editor)
    workflow.claim_take(claim=claim, actor=reviewer)
    with pytest.raises(workflow.NotAllowed):
        workflow.claim_cite_earlier(
            claim=claim, actor=reviewer2, other=checked["b_killed"], url="https://x.example/"
        )
    with pytest.raises(workflow.InvalidAction, match="not an earlier verdict"):
        workflow.claim_cite_earlier(
            claim=claim, actor=reviewer, other=checked["b_injured"], url="https://x.example/"
        )
    assert not Evidence.objects.filter(claim=claim).exists()


def test_dismiss_is_audited_and_not_offered_again(checked, reviewer):
    claim = checked["a_killed"]
    workflow.claim_dismiss_earlier(claim=claim, actor=reviewer, other=checked["b_killed"])
    assert ClaimLink.objects.get(claim=claim).dismissed
    assert ClaimEvent.objects.filter(claim=claim, action="earlier_verdict_dismissed").exists()
    assert suggest.earlier_verdicts(claim) == []
    assert StoryArticle.objects.count() == 3


def test_what_the_caller_knows_of_the_story_gives_the_same_answer(
    checked, reviewer, editor, editor2, django_assert_num_queries
):
    """The claim page reads the article's story with the claim (views/claims.py
    _sections) and passes it on: the same suggestions, and none asked for without one."""
    from factcheck.stories import pages

    q_a = ClaimFactory(article=checked["a"], kind="quote", span="Valdora")
    q_b = ClaimFactory(article=checked["b"], kind="quote", span="Valdora")
    q_a.span = q_b.span = "We have never seen the river rise so fast in Ostra"
    q_a.save()
    q_b.save()
    drive(q_b, "published", reviewer=reviewer, editor=editor, editor2=editor2)
    story_id = StoryArticle.objects.get(article=checked["a"]).story_id
    assert suggest.earlier_verdicts(q_a, story_id=story_id) == suggest.earlier_verdicts(q_a)
    assert [c.pk for c in suggest.earlier_verdicts(q_a, story_id=story_id)] == [q_b.pk]
    assert pages.article_story(checked["a"], story_id=story_id) == pages.article_story(checked["a"])
    with django_assert_num_queries(0):
        assert suggest.earlier_verdicts(q_a, entry=None, story_id=None) == []
        assert pages.article_story(checked["a"], story_id=None) is None
