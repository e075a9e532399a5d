"""Editors' decisions about stories: move an article in or out, merge, split. Each is
guarded (editors only), atomic and audited (one StoryEvent); the articles it places are
pinned so that rebuild_stories keeps them where the editor put them. No claim changes."""

from __future__ import annotations

from django.db import transaction

from .store import _after_change, align_story


class StoryEditError(Exception):
    """A refused story edit; the message says why in plain words."""


def _check_editor(actor):
    if not (actor and actor.has_perm("factcheck.edit_claim")):
        raise StoryEditError("Only editors can change stories.")


def _event(action, *, story, actor, article=None, note="", **data):
    from factcheck.models import StoryEvent

    StoryEvent.objects.create(
        story=story, article=article, actor=actor, action=action, note=note, data=data
    )


@transaction.atomic
def article_move(*, article, actor, story=None, note=""):
    """Move `article` into `story`, or out into a story of its own (story=None)."""
    from factcheck.models import Story, StoryArticle

    _check_editor(actor)
    link = StoryArticle.objects.select_for_update().filter(article=article).first()
    old = link.story if link else None
    if story is not None and old is not None and story.pk == old.pk:
        raise StoryEditError("The article is already in this story.")
    if story is None and old is not None and old.links.count() == 1:
        raise StoryEditError("The article is already a story of its own.")
    target = story or Story.objects.create()
    apart = []
    if story is None and old is not None:  # kept apart from the story it left
        apart = list(old.links.exclude(article=article).values_list("article_id", flat=True))
    StoryArticle.objects.update_or_create(
        article=article, defaults={"story": target, "pinned": True, "apart": apart}
    )
    _event(
        "move_in" if story else "move_out",
        story=target,
        actor=actor,
        article=article,
        note=note,
        from_story=old.pk if old else None,
        to_story=target.pk,
    )
    if old is not None:
        _after_change(old, None)
    align_story(target)
    return target


@transaction.atomic
def story_merge(*, story, other, actor, note=""):
    """Every article of `other` joins `story`; `other` is gone."""
    from factcheck.models import StoryArticle

    _check_editor(actor)
    if story.pk == other.pk:
        raise StoryEditError("A story cannot be merged with itself.")
    moved = list(other.links.values_list("article_id", flat=True))
    StoryArticle.objects.filter(story=other).update(story=story, pinned=True, apart=[])
    StoryArticle.objects.filter(story=story).update(pinned=True, apart=[])
    _event("merge", story=story, actor=actor, note=note, merged=other.pk, articles=moved)
    other.delete()
    align_story(story)
    return story


@transaction.atomic
def story_split(*, story, article_ids, actor, note=""):
    """The chosen articles leave `story` together, as a new story."""
    from factcheck.models import Story, StoryArticle

    _check_editor(actor)
    ids = set(article_ids)
    members = set(story.links.values_list("article_id", flat=True))
    if not ids or not ids <= members:
        raise StoryEditError("Choose one or more articles of this story to split off.")
    if ids == members:
        raise StoryEditError("Leave at least one article in the story.")
    new = Story.objects.create()
    StoryArticle.objects.filter(story=story, article_id__in=ids).update(
        story=new, pinned=True, apart=sorted(members - ids)
    )
    StoryArticle.objects.filter(story=story).update(pinned=True)
    _event("split", story=story, actor=actor, note=note, new_story=new.pk, articles=sorted(ids))
    _event("split_from", story=new, actor=actor, note=note, old_story=story.pk)
    align_story(story)
    align_story(new)
    return new
