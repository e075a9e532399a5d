"""In the browser: a reviewer sees another outlet's checked claim, links it, sees it cited."""

from playwright.sync_api import expect

from factcheck import workflow
from factcheck.models import ClaimLink, StoryArticle
from tests.e2e.conftest import E2E
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    MeasureClaimFactory,
    MeasureFactory,
    drive,
)

pytestmark = E2E

BODY_A = "At least 40 people were killed when floods swept through Valdora on Monday."
BODY_B = "Officials in Valdora said 47 people died in the floods on Monday."


def test_reviewer_links_an_earlier_verdict_and_sees_it_cited(browser_for, rita, rob, erin, editor2):
    measure = MeasureFactory(label="people killed")
    a = ArticleFactory(title="Floods in Valdora", body=BODY_A, outlet="Valdora Post")
    b = ArticleFactory(title="Valdora toll 47", body=BODY_B, outlet="Ostra Wire")
    for art in (a, b):
        StoryArticle.objects.create(article=art, story=measure.story)
    mine = ClaimFactory(
        article=a, kind="casualties", span="At least 40 people", low=40, qualifier="at_least"
    )
    theirs = ClaimFactory(
        article=b, kind="casualties", span="47 people", low=47, high=47, qualifier="exact"
    )
    for claim in (mine, theirs):
        MeasureClaimFactory(measure=measure, claim=claim)
    drive(theirs, "published", reviewer=rob, editor=erin, editor2=editor2)
    workflow.claim_queue(claim=mine, actor=erin)
    workflow.claim_take(claim=mine, actor=rita)

    page = browser_for(rita)
    page.goto(f"/claims/{mine.pk}/")
    section = page.locator("#earlier")
    expect(section).to_contain_text("Already checked elsewhere")
    expect(section).to_contain_text("Ostra Wire")
    expect(page.locator("#claim-story")).to_contain_text("Ostra Wire says 47")
    section.get_by_role("button", name="Link and cite as evidence").click()
    expect(page.locator(".flash-success")).to_contain_text("cited as evidence")
    expect(page.locator("#evidence")).to_contain_text("Earlier fact-check")
    expect(page.locator("#earlier")).to_have_count(0)
    assert ClaimLink.objects.filter(claim=mine, other=theirs, dismissed=False).exists()
    assert page.errors == []
