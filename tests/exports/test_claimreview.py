"""The ClaimReview export, field by field, validated against the package's JSON Schema."""

import copy
import json
import re

import jsonschema
import pytest
from django.utils.html import escape

from factcheck.exports import FORMATS, ExportFilters, export_chunks
from factcheck.exports.claimreview import jsonld_script, load_schema

from .conftest import OUTLET, SCRIPT, SHOIGU

TITLE = 'Troops, "tanks" & <b>bridges</b>: the week in Karsk'


def export_reviews(filters=None):
    filters = filters or ExportFilters()
    return json.loads(
        "".join(export_chunks(FORMATS["claimreview"], filters.claims(), filters=filters))
    )


def iso(dt):
    return dt.isoformat(timespec="seconds")


@pytest.fixture
def reviews(checked):
    reviews = export_reviews()
    jsonschema.validate(reviews, load_schema())
    return {re.search(r"/fact-checks/(\d+)-", r["url"]).group(1): r for r in reviews}


def test_one_review_per_published_verdict(checked, reviews):
    assert set(reviews) == {str(checked.troops.pk), str(checked.quote.pk)}


def test_unverifiable_review_field_by_field(checked, reviews):
    review = reviews[str(checked.troops.pk)]
    verdict = checked.troops_verdict
    verdict.refresh_from_db()
    article = {
        "@type": "CreativeWork",
        "headline": TITLE,
        "url": "https://news.example.com/karsk?a=1&b=2",
        "datePublished": "2024-03-11",
        "publisher": {"@type": "Organization", "name": OUTLET},
    }
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        # The public page anyone can open, on SITE_URL.
        "url": f"http://127.0.0.1:8000/fact-checks/{checked.troops.pk}-"
        "the-army-said-on-monday-that-1200-soldiers-crossed-the/",
        "claimReviewed": "The army said on Monday that 1,200 soldiers crossed the river near "
        'Karsk, "quietly".',
        "datePublished": iso(verdict.approved_at),
        # No organisation configured (DEBUG): its name, and this site's index as its home.
        "author": {
            "@type": "Organization",
            "name": "factcheck newsroom",
            "url": "http://127.0.0.1:8000/fact-checks/",
        },
        # Not on the numeric scale: no ratingValue (nor best/worst), the name stays.
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Unverifiable",
            "name": "Unverifiable",
        },
        "reviewBody": "=cmd|' /C calc'!A0",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": OUTLET},
            "datePublished": "2024-03-11",
            "appearance": article,
            # The outlet's own statement first appeared in its article.
            "firstAppearance": article,
        },
    }


def test_corrected_review_shows_the_correction(checked, reviews):
    review = reviews[str(checked.quote.pk)]
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
        "name": "Mostly false",
    }
    assert review["reviewBody"] == f"He said something close; see the transcript. {SCRIPT}"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": SHOIGU}
    # A quote was said before the article reported it: its first appearance is unknown.
    assert "firstAppearance" not in review["itemReviewed"]
    # First publication stays; the correction moves dateModified and is listed.
    assert review["datePublished"] == iso(checked.quote_first.approved_at)
    assert review["dateModified"] == iso(checked.quote_current.approved_at)
    assert review["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": f'The transcript was mistranslated, "sorry". {SCRIPT}',
            "datePublished": iso(checked.quote_current.approved_at),
        }
    ]
    assert review["claimReviewed"].startswith('"We will hold the bridge')


def test_scale_bounds_follow_the_active_scale(checked):
    from factcheck.models import Rating

    Rating.objects.filter(slug="true").update(active=False)
    [_, quote] = export_reviews()
    assert quote["reviewRating"]["bestRating"] == 4
    assert quote["reviewRating"]["worstRating"] == 1


def test_article_without_url_or_date_or_outlet(checked):
    from factcheck.models import Article

    Article.objects.filter(pk=checked.article.pk).update(url="", published=None, outlet="")
    reviews = export_reviews()
    jsonschema.validate(reviews, load_schema())
    item = reviews[0]["itemReviewed"]
    assert "datePublished" not in item
    assert item["appearance"] == {"@type": "CreativeWork", "headline": TITLE}
    assert item["author"] == {"@type": "Organization", "name": TITLE}


def test_no_published_verdicts_is_an_empty_array(checked):
    assert export_reviews(ExportFilters.parse(status="proposed")) == []
    jsonschema.validate([], load_schema())


@pytest.mark.parametrize(
    "breakage",
    [
        lambda r: r.pop("author"),
        lambda r: r.pop("claimReviewed"),
        lambda r: r["reviewRating"].pop("alternateName"),
        lambda r: r["reviewRating"].pop("bestRating"),
        lambda r: r["itemReviewed"].update({"@type": "Thing"}),
        lambda r: r["itemReviewed"]["appearance"].pop("headline"),
        lambda r: r.update({"url": "/articles/1/report/"}),
        lambda r: r.update({"url": "ftp://example.org/fact-checks/1-x/"}),
        lambda r: r["itemReviewed"]["appearance"].update({"url": "ftp://example.org/a"}),
        lambda r: r["reviewRating"].pop("name"),
        lambda r: r.update({"datePublished": "yesterday"}),
        lambda r: r.pop("dateModified"),
    ],
)
def test_schema_rejects_broken_reviews(checked, reviews, breakage):
    broken = copy.deepcopy(reviews[str(checked.quote.pk)])
    breakage(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([broken], load_schema())


def test_jsonld_script_cannot_be_broken_out_of():
    script = str(jsonld_script([{"reviewBody": SCRIPT + " & <!--"}]))
    assert script.startswith('<script type="application/ld+json">')
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert "<script>" not in script[len('<script type="application/ld+json">') :]
    assert "<!--" not in script and escape("&") not in script
    body = script[len('<script type="application/ld+json">') : -len("</script>")]
    assert json.loads(body) == [{"reviewBody": SCRIPT + " & <!--"}]
