"""The queue in the browser: keyboard shortcuts, filters in the URL, the self-refreshing list."""

import re
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import expect

from factcheck import workflow
from tests.e2e.conftest import E2E

pytestmark = E2E


def row(page, claim):
    return page.locator(f"#claim-row-{claim.pk}")


def filters_in_url(page):
    """The filters the page's URL carries (empty ones mean "any" and are left out)."""
    parts = urlsplit(page.url)
    assert parts.path == "/queue/", page.url
    return {key: value for key, value in parse_qsl(parts.query) if value}


def expect_filters(page, expected):
    expect(page).to_have_url(re.compile(r"/queue/"))
    page.wait_for_function(
        "expected => { const q = new URLSearchParams(location.search); "
        "return Object.entries(expected).every(([k, v]) => q.get(k) === v); }",
        arg=expected,
    )
    assert {k: v for k, v in filters_in_url(page).items() if k != "sort"} == expected


def expect_selected(page, claim):
    selected = row(page, claim)
    expect(selected).to_have_attribute("aria-selected", "true")
    expect(selected).to_be_focused()
    expect(page.locator("tr.claim-row[aria-selected=true]")).to_have_count(1)


def test_keyboard_moves_opens_takes_and_asks_for_the_next_claim(browser_for, rita, queued):
    troops, casualties, quote = queued  # ranked by check-worthiness
    page = browser_for(rita)
    page.goto("/queue/")
    expect(page.locator("tr.claim-row")).to_have_count(3)

    # ? shows the keys, and closes again.
    help_dialog = page.locator("#shortcuts")
    expect(help_dialog).to_be_hidden()
    page.keyboard.press("?")
    expect(help_dialog).to_be_visible()
    for key in ("j", "k", "Enter", "c", "n"):
        expect(help_dialog.locator("kbd", has_text=key).first).to_be_visible()
    page.keyboard.press("?")
    expect(help_dialog).to_be_hidden()

    # j/k move the selection down and up the rows, and stop at the ends.
    page.keyboard.press("j")
    expect_selected(page, troops)
    page.keyboard.press("j")
    expect_selected(page, casualties)
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect_selected(page, quote)
    page.keyboard.press("k")
    expect_selected(page, casualties)

    # Enter opens the selected claim; nothing was taken by looking.
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"/claims/{casualties.pk}/")
    expect(page.locator("#claim-status")).to_have_text("Queued")

    # Typing in a field is not a shortcut: "j" in the search box stays text.
    page.goto("/queue/")
    page.get_by_label("Search").fill("")
    page.get_by_label("Search").press("j")
    expect(page.get_by_label("Search")).to_have_value("j")
    expect(page.locator("tr.claim-row[aria-selected=true]")).to_have_count(0)

    # c takes the selected claim.
    page.goto("/queue/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect_selected(page, casualties)
    page.keyboard.press("c")
    expect(page).to_have_url(f"/claims/{casualties.pk}/")
    expect(page.locator("#claim-status")).to_have_text("In review")
    expect(page.locator("#claim-assignee")).to_have_text("rita")

    # n asks for the next claim: the best-ranked free one.
    page.goto("/queue/")
    page.keyboard.press("n")
    expect(page).to_have_url(f"/claims/{troops.pk}/")
    expect(page.locator("#claim-assignee")).to_have_text("rita")
    for claim in (troops, casualties, quote):
        claim.refresh_from_db()
    assert (troops.assignee, casualties.assignee, quote.assignee) == (rita, rita, None)
    assert page.errors == []


def test_filters_live_in_the_url_and_the_back_button_restores_them(browser_for, rita, queued):
    troops, casualties, quote = queued
    page = browser_for(rita)
    page.goto("/queue/")
    page.get_by_label("Search").fill("soldiers")
    page.get_by_role("button", name="Apply filters").click()
    expect_filters(page, {"q": "soldiers"})
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, troops)).to_be_visible()

    # A select applies itself as soon as it changes.
    page.get_by_label("Search").fill("")
    page.get_by_label("Kind").select_option(label="Quote")
    expect_filters(page, {"kind": "quote"})
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, quote)).to_be_visible()

    page.get_by_label("Status", exact=True).select_option(label="In review")
    expect_filters(page, {"kind": "quote", "status": "in_review"})
    expect(page.get_by_text("No claims match these filters.")).to_be_visible()

    # Back: the list and the filter form both return to the previous filters.
    page.go_back()
    expect_filters(page, {"kind": "quote"})
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, quote)).to_be_visible()

    page.go_back()
    expect_filters(page, {"q": "soldiers"})
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, troops)).to_be_visible()

    # A bookmarked filter URL opens with the same filter.
    page.goto("/queue/?kind=casualties")
    expect(page.get_by_label("Kind")).to_have_value("casualties")
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, casualties)).to_be_visible()
    assert page.errors == []


def test_after_back_the_filter_form_shows_the_restored_filters(browser_for, rita, queued):
    page = browser_for(rita)
    page.goto("/queue/")
    page.get_by_label("Kind").select_option(label="Quote")
    expect_filters(page, {"kind": "quote"})
    page.get_by_label("Status", exact=True).select_option(label="In review")
    expect_filters(page, {"kind": "quote", "status": "in_review"})

    page.go_back()
    expect_filters(page, {"kind": "quote"})
    expect(page.locator("tr.claim-row")).to_have_count(1)
    # Otherwise the next "Apply filters" would silently drop the filter the list shows.
    expect(page.get_by_label("Kind")).to_have_value("quote")
    expect(page.get_by_label("Status", exact=True)).to_have_value("")

    page.go_back()
    expect_filters(page, {})
    expect(page.locator("tr.claim-row")).to_have_count(3)
    expect(page.get_by_label("Kind")).to_have_value("")

    page.go_forward()
    expect_filters(page, {"kind": "quote"})
    expect(page.get_by_label("Kind")).to_have_value("quote")
    expect(page.locator("tr.claim-row")).to_have_count(1)
    assert page.errors == []


def test_the_list_refreshes_itself_keeping_filters_and_the_selected_row(
    browser_for, rita, rob, queued
):
    troops, casualties, quote = queued
    page = browser_for(rita)
    # A controllable clock: the 20-second poll runs when the test says so.
    page.clock.install()
    page.goto("/queue/?status=queued")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect_selected(page, casualties)

    # Someone else takes the top claim; Rita's list catches up on its own.
    workflow.claim_take(claim=troops, actor=rob)
    with page.expect_response(lambda r: "/queue/" in r.url and r.request.method == "GET"):
        page.clock.run_for("00:21")
    expect(row(page, troops)).to_have_count(0)
    expect(page.locator("tr.claim-row")).to_have_count(2)
    expect_filters(page, {"status": "queued"})
    expect(page.get_by_label("Status", exact=True)).to_have_value("queued")
    # The row Rita had selected still is, and j carries on from it.
    expect_selected(page, casualties)
    page.keyboard.press("j")
    expect_selected(page, quote)
    assert page.errors == []
