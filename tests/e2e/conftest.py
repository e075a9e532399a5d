"""Browser-test plumbing: Debian's Chromium under Playwright, the live server, users, claims.

One Chromium per session (pytest-playwright's ``browser``), one browser context per user,
so reviewers and editors each have their own cookies, as on separate machines.

The live server runs on a transactional test database; every e2e test uses
``serialized_rollback`` so the groups, permissions and rating scale that the data
migration seeds are back before each test (a flush would otherwise wipe them for the
tests that follow).
"""

import shutil

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import ClaimFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Fail fast: a missing element should fail the test in seconds, not the default 30.
ACTION_TIMEOUT_MS = 5_000

E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig):
    """Launch the system Chromium; Playwright's own browser download is never used."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (`make browser` installs Debian's chromium)")
    args = {"executable_path": CHROMIUM, "headless": not pytestconfig.getoption("--headed")}
    slowmo = pytestconfig.getoption("--slowmo")
    if slowmo:
        args["slow_mo"] = slowmo
    return args


@pytest.fixture(scope="session")
def playwright(django_db_setup, _pw_api_request_contexts):
    """pytest-playwright's fixture, keeping the test thread on the test database's connections.

    Django keeps connections in a thread-critical asgiref Local, which switches to
    separate storage while an event loop runs in the thread, and Playwright's sync API
    keeps one running from start() on. Without this the test thread would open fresh
    connection objects that have lost the serialized database contents that
    ``serialized_rollback`` restores from, so the seeded groups and ratings would vanish
    after the first browser test.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    before = {alias: connections[alias] for alias in connections}
    pw = sync_playwright().start()
    for alias, connection in before.items():
        connections[alias] = connection
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(pw)
    yield pw
    pw.stop()


@pytest.fixture
def password_of():
    """The password tests/conftest.py gives each user it makes."""
    return lambda user: f"{user.get_username()}-pw-12345"


# The shared users (tests/conftest.py), named as the flows read: two reviewers, an editor.
@pytest.fixture
def rita(reviewer):
    return reviewer


@pytest.fixture
def rob(reviewer2):
    return reviewer2


@pytest.fixture
def erin(editor):
    return editor


# Every page reports Content-Security-Policy violations to the test (see browser_for).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} `
    + `at ${e.sourceFile}:${e.lineNumber} ${e.sample || ""}`);
});
"""


@pytest.fixture
def csp_violations():
    """Violations seen by any page of the test; the test fails if there is one."""
    seen = []
    yield seen
    assert seen == [], f"Content-Security-Policy violations: {seen}"


@pytest.fixture
def browser_for(new_context, live_server, csp_violations):
    """A page in a fresh browser context, logged in as ``user`` through its session cookie.

    The session is made by Django's test client (``force_login``) in the shared test
    database, so the browser starts logged in without a round trip through the form;
    test_login drives the real form.
    """

    def open_as(user=None):
        context = new_context(base_url=live_server.url)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.expose_function("__cspViolation", lambda report: csp_violations.append(report))
        context.add_init_script(CSP_LISTENER)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                        "httpOnly": True,
                        "sameSite": "Lax",
                    }
                ]
            )
        page = context.new_page()
        page.errors = []
        # Any JavaScript error on a page is a defect the tests should see.
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    return open_as


CLAIMS = [
    # kind, span, checkworthiness, extra fields
    (
        "troops",
        "1,200 soldiers",
        0.9,
        {"low": 1200, "high": 1200, "qualifier": "exact", "unit": "soldiers"},
    ),
    (
        "casualties",
        "At least 14 people were killed",
        0.8,
        {"low": 14, "qualifier": "at_least", "unit": "people"},
    ),
    ("quote", "We will hold the bridge until the spring", 0.6, {"speaker": "Ana Petrova"}),
]


@pytest.fixture
def claims(article):
    """Claims on the shared Karsk article, all still new (ranked troops, casualties, quote)."""
    return [
        ClaimFactory(article=article, kind=kind, span=span, checkworthiness=cw, **extra)
        for kind, span, cw, extra in CLAIMS
    ]


@pytest.fixture
def queued(claims, erin):
    """The Karsk claims accepted into the queue by the editor."""
    from factcheck import workflow

    for claim in claims:
        workflow.claim_queue(claim=claim, actor=erin)
    for claim in claims:
        claim.refresh_from_db()
    return claims
