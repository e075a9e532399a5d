"""The story page, its editors' forms, and the story parts of the article and claim pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.models import StoryArticle, StoryEvent
from factcheck.stories import store
from tests.factories import ArticleFactory, ClaimFactory, MeasureClaimFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(flood):
    for key in "abc":
        store.place_article(flood[key])
    return flood


def story_url(article):
    return StoryArticle.objects.get(article=article).story.get_absolute_url()


def test_story_page_shows_who_says_how_many_with_conflicts(client_for, reviewer, placed):
    html = client_for(reviewer).get(story_url(placed["a"])).content.decode()
    assert "Valdora Post" in html and "Ostra Wire" in html
    assert "Who says how many" in html and "Timeline" in html
    assert f'href="/claims/{placed["b_injured"].pk}/"' in html
    assert html.count('class="badge conflict"') >= 2  # the alert and the injured row
    assert "at least 40" in html and "47" in html
    assert "Change this story" not in html  # reviewers do not get the editors' forms


def test_article_and_claim_pages_link_to_the_story(client_for, reviewer, placed):
    client = client_for(reviewer)
    html = client.get(placed["a"].get_absolute_url()).content.decode()
    assert 'id="story-link"' in html and "Ostra Wire" in html
    html = client.get(placed["a_injured"].get_absolute_url()).content.decode()
    assert 'id="claim-story"' in html
    assert "Ostra Wire says 95" in html and "conflict-mark" in html


def test_story_page_queries_do_not_grow_with_the_story(
    client_for, reviewer, django_assert_num_queries
):
    story = MeasureFactory().story
    measure = story.measures.get()

    def add(n):
        for i in range(n):
            art = ArticleFactory(published=datetime.date(2024, 3, 11))
            StoryArticle.objects.create(article=art, story=story)
            claim = ClaimFactory(article=art, low=1200 + i, high=1200 + i, qualifier="exact")
            MeasureClaimFactory(measure=measure, claim=claim)
            ClaimFactory(article=art, kind="date", span="March 3", date="2024-03-03")

    client = client_for(reviewer)
    add(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(story.get_absolute_url()).status_code == 200
    add(18)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(story.get_absolute_url()).content.decode()
    assert html.count('class="said') == 20


def test_editor_moves_an_article_out_from_the_page(client_for, editor, placed):
    client = client_for(editor)
    url = story_url(placed["a"])
    assert "Change this story" in client.get(url).content.decode()
    response = client.post(url + "move_out/", {"article": placed["b"].pk}, follow=True)
    assert "is now a story of its own" in response.content.decode()
    assert StoryEvent.objects.filter(action="move_out", actor=editor).count() == 1


def test_bad_input_is_named_not_a_500(client_for, editor, placed):
    client = client_for(editor)
    url = story_url(placed["a"])
    html = client.post(url + "merge/", {"other": "abc"}, follow=True).content.decode()
    assert "Nothing changed" in html and "Story number" in html
    html = client.post(url + "merge/", {"other": 99999}, follow=True).content.decode()
    assert "There is no story number 99999" in html
    assert client.post(url + "explode/", {}, follow=True).status_code == 200


def test_reviewers_cannot_post_story_changes(client_for, reviewer, placed):
    url = story_url(placed["a"])
    assert (
        client_for(reviewer).post(url + "move_out/", {"article": placed["b"].pk}).status_code == 403
    )
    assert not StoryEvent.objects.exists()
