"""Claim.outlet, the claim's copy of its article's outlet (the queue filters on it): every way
a claim is written sets it, and every way an article's outlet changes carries it over."""

import io

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.importing import extract_now, import_text
from factcheck.models import Article, Claim
from tests.factories import ArticleFactory, ClaimFactory
from tests.test_admin import _form_data
from tests.views.test_queue import row_ids

pytestmark = pytest.mark.django_db

BODY = (
    "Some 4,000 troops crossed the river on Monday, the ministry said.\n\n"
    "Officials said 35 people were killed in the shelling."
)


def outlets(article):
    return set(Claim.objects.filter(article=article).values_list("outlet", flat=True))


def test_new_claims_take_their_articles_outlet_however_they_are_written(editor):
    imported = import_text(title="Crossing", body=BODY, outlet="Harbour Post", extract=False)
    assert extract_now(imported.article) >= 2
    assert outlets(imported.article) == {"Harbour Post"}  # extraction (bulk_create)

    article = ArticleFactory(outlet="Valley Times")
    saved = ClaimFactory(article=article)  # Model.save
    by_id = Claim(
        article_id=article.pk, kind="troops", text="x", span="x", start=0, end=1
    )  # bulk_create with only the article's id: its outlet is read in one query
    Claim.objects.bulk_create([by_id])
    added = workflow.claim_add(
        article=article,
        actor=editor,
        kind="casualties",
        start=article.body.index("14 people"),
        end=article.body.index("14 people") + len("14 people"),
        low=14,
        high=14,
    )
    assert outlets(article) == {"Valley Times"}
    assert {saved.outlet, by_id.outlet, added.outlet} == {"Valley Times"}


def test_an_outlet_edited_in_the_admin_follows_into_the_queue_filter(
    client_for, admin_user, reviewer
):
    article = ArticleFactory(outlet="Valley Times")
    claim = ClaimFactory(article=article)
    other = ClaimFactory(article=ArticleFactory(outlet="Harbour Post"))
    client = client_for(admin_user)
    url = reverse("admin:factcheck_article_change", args=[article.pk])
    data = _form_data(client.get(url).content.decode())
    assert client.post(url, {**data, "outlet": "Valley Times Online"}).status_code == 302

    assert outlets(article) == {"Valley Times Online"}
    assert outlets(other.article) == {"Harbour Post"}
    queue = client_for(reviewer)
    # The filter matches the outlet whatever its case, as before.
    assert row_ids(queue.get("/queue/", {"outlet": "valley times online"}).content.decode()) == [
        claim.pk
    ]
    assert row_ids(queue.get("/queue/", {"outlet": "Valley Times"}).content.decode()) == []


def test_saving_other_fields_leaves_claims_alone_and_updates_carry_the_outlet(
    django_assert_num_queries,
):
    article = ArticleFactory(outlet="Valley Times")
    ClaimFactory(article=article)
    article.title = "Renamed"
    with django_assert_num_queries(1):  # the article's row only
        article.save(update_fields=["title"])

    Article.objects.filter(pk=article.pk).update(outlet="River Gazette")
    assert outlets(article) == {"River Gazette"}
    article.refresh_from_db()
    article.outlet = "Coast Herald"
    article.save()
    assert outlets(article) == {"Coast Herald"}


def test_copy_outlets_mends_claims_that_differ_in_batches():
    from django.core.management import CommandError, call_command

    article = ArticleFactory(outlet="Valley Times")
    claims = [ClaimFactory(article=article) for _ in range(3)]
    # As a claim written by the code before Claim.outlet would be (the column's default).
    Claim.objects.filter(pk__in=[c.pk for c in claims[:2]]).update(outlet="")
    out = io.StringIO()
    call_command("copy_outlets", "--batch", "1", stdout=out)
    assert out.getvalue().strip() == "2 claim(s) given their article's outlet."
    assert outlets(article) == {"Valley Times"}
    call_command("copy_outlets", stdout=out)
    assert out.getvalue().strip().endswith("0 claim(s) given their article's outlet.")
    with pytest.raises(CommandError, match="--batch must be at least 1, not 0"):
        call_command("copy_outlets", "--batch", "0")
