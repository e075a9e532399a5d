"""ClaimReview firstAppearance: the earliest article in the app reporting the value."""

import datetime
import json
import re

import jsonschema
import pytest

from factcheck.exports import FORMATS, ExportFilters, export_chunks
from factcheck.exports.claimreview import load_schema
from factcheck.models import StoryArticle
from tests.factories import ArticleFactory, ClaimFactory, MeasureClaimFactory, MeasureFactory, drive

pytestmark = pytest.mark.django_db

BODY = "Officials said 47 people died in the floods in Valdora on Monday."


def test_first_appearance_is_the_earliest_agreeing_report(reviewer, editor, editor2):
    measure = MeasureFactory()
    early = ArticleFactory(
        title="Valdora floods: 47 dead",
        body=BODY,
        url="https://early.example.org/a",
        published=datetime.date(2024, 3, 4),
    )
    later = ArticleFactory(title="Floods toll", body=BODY, published=datetime.date(2024, 3, 6))
    other_value = ArticleFactory(
        title="Floods: 30 dead", body=BODY, published=datetime.date(2024, 3, 1)
    )
    claims = {}
    for name, art, value in (
        ("early", early, 47),
        ("later", later, 47),
        ("other", other_value, 30),
    ):
        StoryArticle.objects.create(article=art, story=measure.story)
        claims[name] = ClaimFactory(
            article=art,
            kind="casualties",
            span="47 people",
            low=value,
            high=value,
            qualifier="exact",
        )
        MeasureClaimFactory(measure=measure, claim=claims[name])
    lonely = ClaimFactory(article=later, kind="casualties", span="floods", low=1, high=1)
    drive(claims["later"], "published", reviewer=reviewer, editor=editor, editor2=editor2)
    drive(lonely, "published", reviewer=reviewer, editor=editor, editor2=editor2)

    filters = ExportFilters()
    reviews = json.loads(
        "".join(export_chunks(FORMATS["claimreview"], filters.claims(), filters=filters))
    )
    jsonschema.validate(reviews, load_schema())
    by_claim = {
        re.search(r"/fact-checks/(\d+)-", r["url"]).group(1): r["itemReviewed"] for r in reviews
    }
    # 30 was reported earlier but is another value: the first report of 47 is `early`.
    assert by_claim[str(claims["later"].pk)]["firstAppearance"] == {
        "@type": "CreativeWork",
        "headline": "Valdora floods: 47 dead",
        "url": "https://early.example.org/a",
        "datePublished": "2024-03-04",
        "publisher": {"@type": "Organization", "name": "Test Wire"},
    }
    # In no measure: the outlet's own words first appeared in its own article.
    assert by_claim[str(lonely.pk)]["firstAppearance"]["headline"] == "Floods toll"
