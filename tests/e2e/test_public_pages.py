"""A reader without an account finds a fact-check from the index; a correction shows its note."""

from playwright.sync_api import expect

from factcheck import workflow
from tests.e2e.conftest import E2E
from tests.factories import ClaimFactory, EditorFactory

pytestmark = E2E


def test_editor_publishes_and_a_logged_out_reader_finds_it_then_sees_the_correction(
    browser_for, rita, erin, article
):
    claim = ClaimFactory(
        article=article, span="1,200 soldiers", checkworthiness=0.9, low=1200, high=1200
    )
    workflow.claim_queue(claim=claim, actor=erin)
    workflow.claim_take(claim=claim, actor=rita)
    workflow.evidence_add(
        claim=claim,
        actor=rita,
        url="https://example.org/ministry",
        title="Ministry statement on the crossing",
        stance="contradicts",
    )
    workflow.verdict_propose(
        claim=claim, actor=rita, rating="mostly-false", rationale="The ministry counted 800."
    )

    reader = browser_for(None)
    reader.goto("/fact-checks/")
    expect(reader.locator(".index-empty")).to_have_text("Nothing has been published yet.")

    # The editor approves it in the newsroom.
    editor = browser_for(erin)
    editor.goto(f"/claims/{claim.pk}/")
    editor.get_by_role("button", name="Approve and publish").click()
    expect(editor.locator("#claim-status")).to_have_text("Published")

    # A reader with no account opens it from the index.
    reader.goto("/fact-checks/")
    reader.get_by_role("link", name=claim.text).click()
    expect(reader.locator("h1")).to_have_text(claim.text)
    expect(reader.locator(".verdict-box .rating-badge")).to_have_text("Mostly false")
    expect(reader.locator(".rating-meaning")).to_contain_text("element of truth")
    expect(reader.locator(".rationale")).to_contain_text("The ministry counted 800.")
    expect(reader.locator(".sources")).to_contain_text("Ministry statement on the crossing")
    assert reader.context.cookies() == []  # no session, no CSRF cookie
    fact_check_url = reader.url

    # Another editor writes a correction (through the workflow); until a second editor
    # approves it the reader sees the published verdict unchanged.
    second = EditorFactory(first_name="Ed", last_name="Second")
    workflow.verdict_correct(
        claim=claim,
        actor=second,
        rating="false",
        rationale="The ministry's final count was 600.",
        correction_note="The ministry revised its count after publication.",
    )
    reader.goto(fact_check_url)
    expect(reader.locator(".verdict-box .rating-badge")).to_have_text("Mostly false")
    expect(reader.locator("#corrections")).to_have_count(0)
    workflow.correction_approve(claim=claim, actor=erin)
    reader.goto(fact_check_url)
    expect(reader.locator(".verdict-box .rating-badge")).to_have_text("False")
    expect(reader.locator("#corrections")).to_contain_text(
        "The ministry revised its count after publication."
    )
    expect(reader.locator("#corrections")).to_contain_text(
        "Rating changed from Mostly false to False"
    )
    assert reader.errors == []
