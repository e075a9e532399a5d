"""An expired session during an HTMX action, and the article page's highlighted claims."""

import re

from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from factcheck import workflow
from factcheck.models import Comment, Rating
from tests.e2e.conftest import E2E

pytestmark = E2E


def test_expired_session_during_htmx_action_goes_to_the_login_page(
    browser_for, rita, queued, password_of
):
    troops = queued[0]
    workflow.claim_take(claim=troops, actor=rita)
    page = browser_for(rita)
    page.goto(f"/claims/{troops.pk}/")
    expect(page.locator("#claim-assignee")).to_have_text("rita")

    # The session ends on the server (expiry, logout elsewhere) while the page stays open.
    Session.objects.all().delete()
    page.get_by_role("textbox", name="Comment").fill("Checking the ministry figure next.")
    page.get_by_role("button", name="Add comment").click()

    # The whole page goes to the login form; no login form is swapped into the comments.
    expect(page).to_have_url(re.compile(r"/login/\?next=/claims/\d+/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator("#comments")).to_have_count(0)
    assert Comment.objects.count() == 0

    # Logging in again returns to the claim, where the work carries on.
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(password_of(rita))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"/claims/{troops.pk}/")
    page.get_by_role("textbox", name="Comment").fill("Checking the ministry figure next.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#comments .comment-list")).to_contain_text("Checking the ministry")
    assert Comment.objects.filter(claim=troops, author=rita).count() == 1
    assert page.errors == []


def test_expired_session_during_queue_refresh_goes_to_the_login_page(browser_for, rita, queued):
    page = browser_for(rita)
    page.goto("/queue/")
    expect(page.locator("tr.claim-row")).to_have_count(3)
    Session.objects.all().delete()
    page.get_by_label("Kind").select_option(label="Quote")  # an hx-get of the list
    expect(page).to_have_url(re.compile(r"/login/\?next=/queue/"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator("#queue-results")).to_have_count(0)


def test_article_page_highlights_every_claim_by_status_and_verdict(browser_for, rita, erin, queued):
    troops, casualties, quote = queued
    # Troops: published "False"; casualties: in review; quote: still queued.
    workflow.claim_take(claim=troops, actor=rita)
    workflow.evidence_add(
        claim=troops, actor=rita, url="https://example.org/a", title="A", stance="contradicts"
    )
    false = Rating.objects.get(slug="false")
    workflow.verdict_propose(claim=troops, actor=rita, rating=false, rationale="No.")
    workflow.verdict_approve(claim=troops, actor=erin)
    workflow.claim_take(claim=casualties, actor=rita)

    page = browser_for(rita)
    page.goto(troops.article.get_absolute_url())
    text = page.locator("#article-text")
    marks = text.locator("mark.claim")
    expect(marks).to_have_count(3)
    expect(marks).to_have_text(
        [
            "1,200 soldiers",
            "We will hold the bridge until the spring",
            "At least 14 people were killed",
        ]
    )

    published = text.locator(f"#mark-{troops.pk}")
    expect(published).to_have_class(re.compile(r"\bstatus-published\b.*\brated\b"))
    expect(published).to_have_attribute("title", re.compile("False"))
    expect(published).to_have_css("--mark-colour", false.colour)
    expect(text.locator(f"#mark-{casualties.pk}")).to_have_class(
        re.compile(r"\bstatus-in_review\b")
    )
    expect(text.locator(f"#mark-{quote.pk}")).to_have_class(re.compile(r"\bstatus-queued\b"))

    # Marks are coloured differently for different statuses.
    def background(claim):
        return text.locator(f"#mark-{claim.pk}").evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )

    assert len({background(troops), background(casualties), background(quote)}) == 3

    # Progress counts each status.
    progress = page.locator("#article-progress")
    for status, count in (("Published", 1), ("In review", 1), ("Queued", 1), ("New", 0)):
        expect(progress.locator("li", has_text=status).locator(".count")).to_have_text(str(count))

    # The number after a claim opens it.
    page.get_by_role("link", name=re.compile(r"^Claim \d+: In review")).click()
    expect(page).to_have_url(f"/claims/{casualties.pk}/")
    assert page.errors == []
