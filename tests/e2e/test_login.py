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


def test_browser_tests_see_content_security_policy_violations(browser_for, rita, csp_violations):
    """The CSP is on in the browser tests, and a violation reaches the test (conftest)."""
    page = browser_for(rita)
    response = page.goto("/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )
    page.wait_for_function("() => true")
    expect_violation = page.evaluate("() => window.injected === undefined")
    assert expect_violation, "an inline script without the nonce ran"
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # seen and expected: the test itself passes


def test_too_many_wrong_passwords_lock_the_login_with_a_clear_message(
    browser_for, rita, password_of, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    page = browser_for()
    page.goto("/login/")
    for _ in range(3):
        page.get_by_label("Username").fill("rita")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Too many wrong passwords")
    # Even the right password is refused while the lockout lasts.
    page.get_by_label("Password").fill(password_of(rita))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("paused for 15 minutes")
    expect(page).to_have_url("/login/")
    assert page.errors == []
