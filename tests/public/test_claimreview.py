"""ClaimReview as Google and schema.org want it, the same object in the export and the page."""

import json
import re

import jsonschema
import pytest

from factcheck import site
from factcheck.exports import FORMATS, ExportFilters, export_chunks
from factcheck.exports.claimreview import load_schema
from factcheck.models import Article, Rating

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def exported():
    filters = ExportFilters()
    text = "".join(export_chunks(FORMATS["claimreview"], filters.claims(), filters=filters))
    reviews = json.loads(text)
    jsonschema.validate(reviews, load_schema())
    return {r["url"]: r for r in reviews}


def on_page(client, claim):
    html = client.get(site.fact_check_path(claim.pk, claim.text)).content.decode()
    [block] = JSONLD.findall(html)
    return json.loads(block)


def urls_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "url":
                yield item
            yield from urls_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in(item)


def test_export_and_page_give_the_same_object(desk, client):
    reviews = exported()
    for claim in (desk.troops, desk.casualties):
        page = on_page(client, claim)
        jsonschema.validate([page], load_schema())
        assert page == reviews[site.fact_check_url(claim.pk, claim.text)]


def test_export_lists_exactly_the_published(desk):
    assert set(exported()) == {
        site.fact_check_url(desk.troops.pk, desk.troops.text),
        site.fact_check_url(desk.casualties.pk, desk.casualties.text),
    }


def test_required_and_recommended_fields(desk):
    review = exported()[site.fact_check_url(desk.troops.pk, desk.troops.text)]
    verdict = desk.troops.verdicts.get(state="published")
    # Google's required fields.
    assert review["url"] == f"https://checks.example.org/fact-checks/{desk.troops.pk}-" + (
        "the-army-said-on-monday-that-1200-soldiers-crossed-the/"
    )
    assert review["claimReviewed"] == desk.troops.text
    rating = review["reviewRating"]
    assert rating["alternateName"] == rating["name"] == "False"
    # Recommended: the scale, with the value inside it.
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (1, 1, 5)
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["datePublished"] == verdict.approved_at.isoformat(timespec="seconds")
    assert "dateModified" not in review  # never corrected
    assert review["author"] == {
        "@type": "Organization",
        "name": "Karsk Fact Desk",
        "url": "https://desk.example.org/",
        "logo": {"@type": "ImageObject", "url": "https://desk.example.org/logo.png"},
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "Test Wire"}
    assert item["datePublished"] == "2024-03-11"
    assert item["appearance"]["url"] == desk.article.url
    assert item["appearance"]["headline"] == desk.article.title
    assert item["firstAppearance"] == item["appearance"]


def test_corrected_review_has_date_modified_and_the_correction(desk):
    review = exported()[site.fact_check_url(desk.casualties.pk, desk.casualties.text)]
    first = desk.casualties.verdicts.get(revision=1)
    current = desk.casualties.verdicts.get(state="published")
    assert review["datePublished"] == first.approved_at.isoformat(timespec="seconds")
    assert review["dateModified"] == current.approved_at.isoformat(timespec="seconds")
    assert review["reviewRating"]["alternateName"] == "Half true"
    assert review["correction"][0]["text"] == "We first missed the ministry's later count."


def test_quote_is_authored_by_its_speaker(desk, reviewer, editor2):
    from factcheck import workflow

    workflow.verdict_approve(claim=desk.quote, actor=editor2)
    desk.quote.refresh_from_db()
    review = exported()[site.fact_check_url(desk.quote.pk, desk.quote.text)]
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Ana Petrova"}
    assert "firstAppearance" not in review["itemReviewed"]


@pytest.mark.parametrize(
    "bad", ["ftp://files.example.org/a.txt", "javascript:alert(1)", "mailto:x@example.org"]
)
def test_only_web_addresses_anywhere(desk, client, settings, bad):
    Article.objects.filter(pk=desk.article.pk).update(url=bad)
    settings.FACTCHECK_ORG_URL = bad
    settings.FACTCHECK_ORG_LOGO = bad
    reviews = exported()  # validates against the schema: no exception
    for review in [*reviews.values(), on_page(client, desk.troops)]:
        for url in urls_in(review):
            assert url.startswith(("https://", "http://")), url
        assert "url" not in review["itemReviewed"]["appearance"]
        assert "logo" not in review["author"]
        # Without a usable home page the organisation points at this site's index.
        assert review["author"]["url"] == "https://checks.example.org/fact-checks/"


def test_rating_retired_from_the_scale_stays_inside_the_bounds(desk):
    # "False" (1) is retired: the active scale is 2..5, but the verdict keeps its value.
    Rating.objects.filter(slug="false").update(active=False)
    rating = exported()[site.fact_check_url(desk.troops.pk, desk.troops.text)]["reviewRating"]
    assert rating["ratingValue"] == 1
    assert rating["worstRating"] == 1 and rating["bestRating"] == 5


def test_unverifiable_has_no_value_but_its_name(desk, reviewer, editor):
    from tests.factories import ArticleFactory, ClaimFactory, drive

    claim = ClaimFactory(article=ArticleFactory())
    drive(claim, "published", reviewer=reviewer, editor=editor, rating="unverifiable")
    rating = exported()[site.fact_check_url(claim.pk, claim.text)]["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable", "name": "Unverifiable"}


def test_schema_rejects_non_web_urls_and_missing_fields(desk):
    review = exported()[site.fact_check_url(desk.troops.pk, desk.troops.text)]
    for broken in (
        {**review, "url": "ftp://checks.example.org/fact-checks/1-x/"},
        {**review, "url": "https://checks.example.org/articles/1/report/#claim-1"},
        {**review, "author": {"@type": "Organization", "name": "No home page"}},
        {**review, "reviewRating": {"@type": "Rating", "alternateName": "False"}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([broken], load_schema())
