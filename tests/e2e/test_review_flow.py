"""A claim's life in the browser: reviewer and editor in their own browsers, two-person rule."""

import re

from playwright.sync_api import expect

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent, Rating, Verdict
from tests.e2e.conftest import E2E

pytestmark = E2E


def claim_url(claim):
    return f"/claims/{claim.pk}/"


def status_of(page):
    return page.locator("#claim-status")


def add_evidence(page, *, url, title, stance, excerpt=""):
    form = page.locator("#evidence form.evidence-form")
    form.get_by_label("Source URL").fill(url)
    form.get_by_label("Title").fill(title)
    form.get_by_label("Stance").select_option(label=stance)
    if excerpt:
        form.get_by_label("Excerpt").fill(excerpt)
    form.get_by_role("button", name="Add evidence").click()
    expect(page.locator("#evidence .evidence-list")).to_contain_text(title)


def choose_rating(form, label):
    """Pick a rating card (its accessible name is the label, then what it means)."""
    form.get_by_role("radio", name=re.compile(rf"^{re.escape(label)}\b")).check()


def propose(page, *, rating, rationale):
    form = page.locator("#propose-form")
    choose_rating(form, rating)
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_role("button", name="Propose verdict").click()
    expect(status_of(page)).to_have_text("Proposed")


def test_reviewer_and_editor_take_a_claim_from_queue_to_published(browser_for, rita, erin, queued):
    troops = queued[0]  # the best-ranked claim: "Next claim" hands it out first
    reviewer = browser_for(rita)
    editor = browser_for(erin)

    # The reviewer presses "Next claim" on the queue and lands on the claim, holding it.
    reviewer.goto("/queue/")
    expect(reviewer.locator(f"#claim-row-{troops.pk}")).to_contain_text("1,200 soldiers")
    reviewer.get_by_role("button", name="Next claim").click()
    expect(reviewer).to_have_url(claim_url(troops))
    expect(status_of(reviewer)).to_have_text("In review")
    expect(reviewer.locator("#claim-assignee")).to_have_text("rita")
    # The claim is highlighted in its paragraph.
    expect(reviewer.locator(".claim-context mark")).to_have_text("1,200 soldiers")

    # Proposing without evidence is refused with a message that says why, nothing moves.
    form = reviewer.locator("#propose-form")
    choose_rating(form, "Mostly false")
    form.get_by_label("Rationale").fill("Too early to say.")
    form.get_by_role("button", name="Propose verdict").click()
    expect(reviewer.locator("#claim-problem")).to_contain_text("evidence")
    expect(status_of(reviewer)).to_have_text("In review")

    add_evidence(
        reviewer,
        url="https://example.org/ministry-statement",
        title="Ministry statement on the crossing",
        stance="Contradicts",
        excerpt="About 800 soldiers took part.",
    )
    # A wrong entry can be removed in place, and it goes away without a reload.
    add_evidence(reviewer, url="https://example.org/blog", title="A blog post", stance="Context")
    reviewer.get_by_role("button", name="Remove evidence: A blog post").click()
    expect(reviewer.locator("#evidence .evidence-list")).not_to_contain_text("A blog post")
    expect(reviewer.locator("#history")).to_contain_text("evidence")

    propose(
        reviewer,
        rating="Mostly false",
        rationale="The ministry counted about 800 soldiers, not 1,200.",
    )
    # Proposed: publishing is an editor's step; the reviewer is not offered it.
    expect(reviewer.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # The editor sends it back with a note saying what to fix.
    editor.goto(claim_url(troops))
    expect(status_of(editor)).to_have_text("Proposed")
    editor.get_by_label("What to fix").fill("Cite the army's own figure as well.")
    editor.get_by_role("button", name="Return to reviewer").click()
    expect(status_of(editor)).to_have_text("In review")
    expect(editor.locator("#claim-assignee")).to_have_text("rita")

    # The reviewer sees the note on the claim, adds the missing source and proposes again.
    reviewer.reload()
    expect(status_of(reviewer)).to_have_text("In review")
    expect(reviewer.locator("#verdicts .review-note")).to_contain_text(
        "Cite the army's own figure as well."
    )
    add_evidence(
        reviewer,
        url="https://example.org/army-briefing",
        title="Army briefing, 11 March",
        stance="Supports",
    )
    propose(
        reviewer,
        rating="Half true",
        rationale="The army says 1,200; the ministry counted about 800.",
    )

    # The editor publishes revision 2.
    editor.reload()
    expect(status_of(editor)).to_have_text("Proposed")
    editor.get_by_role("button", name="Approve and publish").click()
    expect(status_of(editor)).to_have_text("Published")
    latest = editor.locator("#verdict-2")
    expect(latest).to_contain_text("Half true")
    expect(latest).to_contain_text("approved by erin")
    expect(editor.locator("#verdict-1")).to_contain_text("Returned")

    # What the browser showed is what the database holds, and the history has every step.
    troops.refresh_from_db()
    assert troops.status == Claim.Status.PUBLISHED and troops.assignee is None
    published = Verdict.objects.get(claim=troops, state=Verdict.State.PUBLISHED)
    assert (published.revision, published.author, published.approved_by) == (2, rita, erin)
    assert sorted(e.title for e in published.evidence.all()) == [
        "Army briefing, 11 March",
        "Ministry statement on the crossing",
    ]
    steps = [
        (e.action, e.to_status)
        for e in ClaimEvent.objects.filter(claim=troops)
        if e.from_status != e.to_status
    ]
    assert [to for _, to in steps] == [
        "queued",
        "in_review",
        "proposed",
        "in_review",
        "proposed",
        "published",
    ]
    assert reviewer.errors == [] and editor.errors == []


def test_second_reviewer_sees_the_claim_taken(browser_for, rita, rob, queued):
    troops = queued[0]
    first, second = browser_for(rita), browser_for(rob)

    # Rob has the claim open, free to take, and the queue in another tab, when Rita takes it.
    second.goto(claim_url(troops))
    expect(second.get_by_role("button", name="Take claim")).to_be_visible()
    second_queue = second.context.new_page()
    second_queue.goto("/queue/")
    expect(second_queue.get_by_role("button", name=f"Take claim {troops.pk}")).to_be_visible()
    first.goto("/queue/")
    first.get_by_role("button", name=f"Take claim {troops.pk}").click()
    expect(first).to_have_url(claim_url(troops))
    expect(first.locator("#claim-assignee")).to_have_text("rita")

    # Rob's click loses the race: the message names the winner and the page shows the claim
    # as it is now, with no Take button left.
    second.get_by_role("button", name="Take claim").click()
    expect(second.locator("#claim-problem")).to_contain_text(re.compile("rita took it"))
    expect(status_of(second)).to_have_text("In review")
    expect(second.locator("#claim-assignee")).to_have_text("rita")
    expect(second.get_by_role("button", name="Take claim")).to_have_count(0)

    # The stale queue tab's Take button (a plain form post) is refused the same way, and
    # Rob stays on the queue, told who won.
    second_queue.get_by_role("button", name=f"Take claim {troops.pk}").click()
    expect(second_queue).to_have_url(re.compile(r"/queue/"))
    expect(second_queue.get_by_role("alert")).to_contain_text("rita took it")

    # In the queue the claim shows as Rita's, without a Take button for Rob.
    second.goto("/queue/")
    row = second.locator(f"#claim-row-{troops.pk}")
    expect(row).to_contain_text("In review")
    expect(row).to_contain_text("rita")
    expect(row.get_by_role("button", name=re.compile("Take"))).to_have_count(0)
    # "Next claim" hands Rob the next free claim, not Rita's.
    second.get_by_role("button", name="Next claim").click()
    expect(second).to_have_url(claim_url(queued[1]))
    expect(second.locator("#claim-assignee")).to_have_text("rob")
    troops.refresh_from_db()
    assert troops.assignee == rita
    assert first.errors == [] and second.errors == []


def test_two_editors_approving_at_once_one_wins_the_other_is_told(
    browser_for, rita, erin, editor2, queued
):
    troops = queued[0]
    workflow.claim_take(claim=troops, actor=rita)
    workflow.evidence_add(
        claim=troops,
        actor=rita,
        url="https://example.org/a",
        title="Ministry statement",
        stance="contradicts",
    )
    workflow.verdict_propose(
        claim=troops,
        actor=rita,
        rating=Rating.objects.get(slug="false"),
        rationale="The ministry counted 800.",
    )
    first, second = browser_for(erin), browser_for(editor2)
    for page in (first, second):
        page.goto(claim_url(troops))
        expect(status_of(page)).to_have_text("Proposed")

    first.get_by_role("button", name="Approve and publish").click()
    expect(status_of(first)).to_have_text("Published")

    # Ed's page is stale; his click is refused in place, naming who published it.
    second.get_by_role("button", name="Approve and publish").click()
    expect(second.locator("#claim-problem")).to_contain_text("erin approved and published it")
    expect(status_of(second)).to_have_text("Published")
    expect(second.get_by_role("button", name="Approve and publish")).to_have_count(0)
    assert Verdict.objects.get(claim=troops, state=Verdict.State.PUBLISHED).approved_by == erin
    assert ClaimEvent.objects.filter(claim=troops, to_status="published").count() == 1
    assert first.errors == [] and second.errors == []
