"""Stories in the database: placing articles from the index, measures, rebuilds."""

import datetime

import pytest

from factcheck.models import ArticleKey, Measure, MeasureClaim, Story, StoryArticle, StoryEvent
from factcheck.stories import editing, store
from tests.factories import ArticleFactory

from .conftest import FLOOD_B

pytestmark = pytest.mark.django_db


def place_all(*articles):
    return [store.place_article(a) for a in articles]


def test_same_event_joins_one_story_and_its_figures_align(flood):
    sa, sb, sc = place_all(flood["a"], flood["b"], flood["c"])
    assert sa.pk == sb.pk != sc.pk
    measures = {m.label: m for m in Measure.objects.filter(story=sa)}
    killed = next(m for m in measures.values() if "killed" in m.label)
    injured = next(m for m in measures.values() if "injured" in m.label)
    assert killed.values_agree and not injured.values_agree
    assert set(
        MeasureClaim.objects.filter(measure=injured, conflicts=True).values_list(
            "claim_id", flat=True
        )
    ) == {flood["a_injured"].pk, flood["b_injured"].pk}
    assert Story.objects.get(pk=sa.pk).title == flood["a"].title  # the earliest report


def test_a_singleton_is_its_own_story_without_measures(flood):
    story = store.place_article(flood["c"])
    assert list(story.links.values_list("article_id", flat=True)) == [flood["c"].pk]
    assert not Measure.objects.filter(story=story).exists()


def test_candidates_come_from_the_index_only(flood):
    place_all(flood["a"], flood["c"])
    prof = store.profile_of(flood["b"])
    assert ArticleKey.objects.filter(article=flood["a"]).exists()
    ids = store.candidate_ids(flood["b"], prof)
    assert flood["a"].pk in ids and flood["c"].pk not in ids  # no shared place or name


def test_candidates_respect_the_date_window(flood):
    store.place_article(flood["a"])
    late = ArticleFactory(
        title=FLOOD_B[0] + " (later)", body=FLOOD_B[1], published=datetime.date(2024, 9, 1)
    )
    assert flood["a"].pk not in store.candidate_ids(late, store.profile_of(late))


def test_undated_article_joins_by_content(flood):
    flood["b"].published = None
    flood["b"].save()
    sa, sb = place_all(flood["a"], flood["b"])
    assert sa.pk == sb.pk


def test_a_bridging_article_joins_two_unpinned_stories(flood):
    # c is unrelated; a and b only meet through the index when both are placed.
    sa = store.place_article(flood["a"])
    sb = store.place_article(flood["b"])
    assert sa.pk == sb.pk
    assert Story.objects.filter(links__isnull=False).distinct().count() == 1


def test_editor_decisions_survive_rebuild(flood, editor):
    place_all(flood["a"], flood["b"], flood["c"])
    editing.article_move(article=flood["b"], actor=editor, note="a different flood")
    moved_into = editing.article_move(
        article=flood["c"], actor=editor, story=flood["a"].story_link.story
    )
    store.rebuild()
    link_b = StoryArticle.objects.get(article=flood["b"])
    assert link_b.pinned and link_b.story.links.count() == 1
    assert StoryArticle.objects.get(article=flood["c"]).story_id == moved_into.pk
    assert StoryEvent.objects.filter(action__in=["move_out", "move_in"]).count() == 2


def test_rebuild_reports_progress_and_counts(flood):
    seen = []

    class Bar:
        def __init__(self, total):
            seen.append(total)

        def update(self, n):
            seen.append(n)

        def close(self):
            seen.append("closed")

    result = store.rebuild(progress=Bar)
    assert result == {"articles": 3, "stories": 2}
    assert seen == [3, 1, 1, 1, "closed"]
