"""Paste an article in the browser and watch its claims arrive without reloading the page."""

from django.core.management import call_command
from playwright.sync_api import expect

from factcheck.models import Article
from tests.e2e.conftest import E2E

pytestmark = E2E

TEXT = """The army said on Monday that 1,200 soldiers crossed the river near Karsk.

"We will hold the bridge until the spring," said General Ana Petrova.

At least 14 people were killed in shelling since March 3, officials said."""


def test_pasted_article_shows_its_claims_as_the_worker_extracts_them(browser_for, erin, settings):
    # Extraction goes to the database queue, as in production: the page must wait for it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = browser_for(erin)
    page.goto("/articles/upload/")
    page.get_by_label("Title").fill("Army says 1,200 soldiers crossed the river")
    page.get_by_label("Article text").fill(TEXT)
    page.get_by_label("Outlet").fill("Test Wire")
    page.get_by_label("Published on").fill("2024-03-11")
    page.get_by_role("button", name="Add the article").click()

    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("finding claims")
    article = Article.objects.get()
    assert article.extracted_at is None
    # Anything set on the page now would be lost by a reload.
    page.evaluate("window.stillTheSamePage = true")

    # A worker takes the queued extraction.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    article.refresh_from_db()
    assert article.extracted_at is not None and article.claims.exists()

    item = page.locator(f"#progress-{article.pk}")
    expect(item).to_contain_text("claims", timeout=10_000)
    expect(item.locator(".claim-spans li")).to_have_count(article.claims.count())
    expect(item).to_contain_text("1,200 soldiers")
    expect(progress).not_to_have_attribute("hx-trigger", "every 2s")  # polling stopped
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.errors == []
