"""Logging in through the real form, and being sent there when not logged in."""

from playwright.sync_api import expect

from tests.e2e.conftest import E2E

pytestmark = E2E


def test_login_form_takes_a_reviewer_to_the_articles(browser_for, rita, article, password_of):
    page = browser_for()
    page.goto("/")
    # Login required everywhere: the app sends an anonymous visitor to the form.
    expect(page).to_have_url("/login/?next=/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("didn't match")

    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(password_of(rita))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    expect(page.locator(".site-header .who")).to_have_text("rita")
    expect(page.get_by_role("link", name=article.title)).to_have_attribute(
        "href", article.get_absolute_url()
    )
    assert page.errors == []


def test_logging_out_ends_the_session(browser_for, erin):
    page = browser_for(erin)
    page.goto("/")
    expect(page.locator(".site-header .who")).to_have_text("erin")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
