"""Editors' story decisions: guarded, audited, pinned."""

import pytest

from factcheck.models import StoryArticle, StoryEvent
from factcheck.stories import editing, store

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(flood):
    for key in "abc":
        store.place_article(flood[key])
    return flood


def story_of(article):
    return StoryArticle.objects.get(article=article).story


def test_reviewers_cannot_change_stories(placed, reviewer):
    with pytest.raises(editing.StoryEditError, match="Only editors"):
        editing.article_move(article=placed["b"], actor=reviewer)
    assert not StoryEvent.objects.exists()


def test_move_out_and_back_in_is_audited(placed, editor):
    together = story_of(placed["a"])
    alone = editing.article_move(article=placed["b"], actor=editor, note="other flood")
    assert alone.pk != together.pk and story_of(placed["b"]).pk == alone.pk
    event = StoryEvent.objects.get(action="move_out")
    assert (event.actor, event.article, event.note) == (editor, placed["b"], "other flood")
    assert event.data == {"from_story": together.pk, "to_story": alone.pk}
    editing.article_move(article=placed["b"], actor=editor, story=together)
    assert story_of(placed["b"]).pk == together.pk
    assert not type(alone).objects.filter(pk=alone.pk).exists()  # the empty story is gone


def test_moving_into_its_own_story_is_refused(placed, editor):
    with pytest.raises(editing.StoryEditError, match="already in this story"):
        editing.article_move(article=placed["b"], actor=editor, story=story_of(placed["a"]))


def test_merge_and_split(placed, editor):
    flood_story, election = story_of(placed["a"]), story_of(placed["c"])
    editing.story_merge(story=flood_story, other=election, actor=editor)
    assert story_of(placed["c"]).pk == flood_story.pk
    assert StoryArticle.objects.filter(story=flood_story, pinned=True).count() == 3
    new = editing.story_split(story=flood_story, article_ids=[placed["c"].pk], actor=editor)
    assert story_of(placed["c"]).pk == new.pk
    assert [e.action for e in StoryEvent.objects.order_by("id")] == ["merge", "split", "split_from"]


def test_split_needs_articles_of_the_story_and_leaves_one(placed, editor):
    story = story_of(placed["a"])
    with pytest.raises(editing.StoryEditError, match="Choose one or more"):
        editing.story_split(story=story, article_ids=[placed["c"].pk], actor=editor)
    with pytest.raises(editing.StoryEditError, match="at least one"):
        editing.story_split(story=story, article_ids=[placed["a"].pk, placed["b"].pk], actor=editor)


def test_story_events_are_append_only(placed, editor):
    editing.article_move(article=placed["b"], actor=editor)
    event = StoryEvent.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
