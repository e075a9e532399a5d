"""Feeds: parsing, polling against a local server, dedupe, errors kept per feed, the task."""

import pytest
from django.core.management import call_command

from factcheck.importing import poll_feed, poll_feeds
from factcheck.intake import IntakeError
from factcheck.intake.feeds import parse_feed
from factcheck.models import Article
from tests.factories import FeedFactory

pytestmark = pytest.mark.django_db


def rss(*links, title="Ledger world news"):
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link></item>" for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://ledger.example/</link><description>d</description>{items}</channel></rss>"
    )


def atom(*links):
    entries = "".join(
        f'<entry><title>E{i}</title><id>urn:{i}</id><link href="{link}"/>'
        f"<updated>2024-03-11T00:00:00Z</updated></entry>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Wire</title><id>urn:feed</id><updated>2024-03-11T00:00:00Z</updated>{entries}</feed>"
    )


def test_rss_and_atom_entries_are_read():
    parsed = parse_feed(
        rss("https://a.example/1", "https://a.example/2").encode(), "f", max_entries=10
    )
    assert [e.url for e in parsed.entries] == ["https://a.example/1", "https://a.example/2"]
    assert parsed.title == "Ledger world news"
    parsed = parse_feed(atom("https://w.example/x").encode(), "f", max_entries=10)
    assert [e.url for e in parsed.entries] == ["https://w.example/x"]


@pytest.mark.parametrize(
    "data",
    [b"<html><body><p>Our news</p></body></html>", b"{not: xml", b"just words", b"   "],
)
def test_a_document_that_is_not_a_feed_is_refused(data):
    with pytest.raises(
        IntakeError, match="feed.xml: (this is not an RSS or Atom feed|the feed is empty)"
    ):
        parse_feed(data, "feed.xml", max_entries=10)


def test_a_feed_of_ten_thousand_entries_is_cut_to_the_limit():
    links = [f"https://a.example/{i}" for i in range(10_000)]
    parsed = parse_feed(rss(*links).encode(), "big", max_entries=100)
    assert parsed.total == 10_000 and len(parsed.entries) == 100
    assert parsed.entries[0].url == "https://a.example/0"  # feeds list the newest first


# --- polling against the local server ---------------------------------------------------


@pytest.fixture
def newsroom_site(site):
    """Three article pages and an RSS feed listing them, served on 127.0.0.1."""
    links = [
        site.page("/world/karsk", "ledger_broadsheet.html"),
        site.page("/markets/floods", "northwire_wire.html"),
        site.page("/news/council", "flash_tabloid.html"),
    ]
    site.feed_url = site.add("/rss", rss(*links), content_type="application/rss+xml")
    site.links = links
    return site


def test_poll_imports_each_new_entry_by_its_address(newsroom_site):
    feed = FeedFactory(url=newsroom_site.feed_url, outlet="Feed outlet")
    report = poll_feed(feed, extract=False)
    assert report.imported == 3 and not report.error
    assert set(Article.objects.values_list("url", flat=True)) == set(newsroom_site.links)
    feed.refresh_from_db()
    assert feed.last_polled_at is not None and feed.last_imported == 3 and feed.last_error == ""


def test_entries_already_imported_are_skipped_without_fetching_again(newsroom_site):
    feed = FeedFactory(url=newsroom_site.feed_url)
    poll_feed(feed, extract=False)
    hits = dict(newsroom_site.hits)
    again = poll_feed(feed, extract=False)
    assert (again.imported, again.skipped) == (0, 3)
    assert Article.objects.count() == 3
    assert all(newsroom_site.hits[path] == hits[path] for path in ("/world/karsk",))


def test_the_same_page_under_another_address_is_not_imported_twice(site):
    a = site.page("/story?utm_source=rss", "longform_magazine.html")
    b = site.page("/story", "longform_magazine.html")
    feed = FeedFactory(url=site.add("/rss", rss(a, b), content_type="text/xml"))
    report = poll_feed(feed, extract=False)
    assert [r.created for r in report.results] == [True, False]
    assert Article.objects.count() == 1


def test_a_broken_page_is_recorded_and_the_others_go_on(newsroom_site):
    links = [f"{newsroom_site.url}/missing", *newsroom_site.links]
    newsroom_site.add("/rss", rss(*links), content_type="application/rss+xml")
    feed = FeedFactory(url=newsroom_site.feed_url)
    report = poll_feed(feed, extract=False)
    assert report.imported == 3 and len(report.failed) == 1
    feed.refresh_from_db()
    assert "/missing: the server answered 404" in feed.last_error
    assert feed.etag == ""  # the failed page is tried again next time


def test_a_broken_feed_never_stops_the_others(newsroom_site):
    bad = FeedFactory(url=newsroom_site.add("/bad", "<html><p>not a feed</p></html>"))
    gone = FeedFactory(url=f"{newsroom_site.url}/gone")
    good = FeedFactory(url=newsroom_site.feed_url)
    reports = {r.feed.pk: r for r in poll_feeds(extract=False)}
    assert "not an RSS or Atom feed" in reports[bad.pk].error
    assert "404" in reports[gone.pk].error
    assert reports[good.pk].imported == 3
    bad.refresh_from_db()
    assert "not an RSS or Atom feed" in bad.last_error and bad.last_polled_at is not None


def test_a_feed_on_a_private_address_is_refused(settings):
    settings.INTAKE_ALLOWED_HOSTS = []
    feed = FeedFactory(url="http://10.0.0.5/rss")
    report = poll_feed(feed, extract=False)
    assert "private address" in report.error


def test_an_unchanged_feed_is_not_read_again(site):
    page = site.page("/a", "northwire_wire.html")
    feed_url = site.add("/rss", rss(page), content_type="application/rss+xml", etag='"v1"')
    feed = FeedFactory(url=feed_url)
    poll_feed(feed, extract=False)
    feed.refresh_from_db()
    assert feed.etag == '"v1"'
    report = poll_feed(feed, extract=False)
    assert report.not_modified
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'


def test_a_feed_listing_ten_thousand_entries_reads_the_first_ones(site, settings):
    settings.INTAKE_FEED_MAX_ENTRIES = 2
    pages = [
        site.page(f"/p{i}", name)
        for i, name in enumerate(["northwire_wire.html", "flash_tabloid.html"])
    ]
    links = pages + [f"{site.url}/old/{i}" for i in range(9_998)]
    feed = FeedFactory(url=site.add("/rss", rss(*links), content_type="application/rss+xml"))
    report = poll_feed(feed, extract=False)
    assert report.imported == 2
    feed.refresh_from_db()
    assert "the feed lists 10,000 entries; only the first 2 were read" in feed.last_error
    assert not any(path.startswith("/old/") for path in site.hits)


def test_poll_feeds_command_reports_each_feed(newsroom_site, capsys):
    FeedFactory(url=newsroom_site.feed_url, outlet="Ledger")
    FeedFactory(url=newsroom_site.add("/bad", b"nope", content_type="text/plain"), outlet="Bad")
    with pytest.raises(SystemExit) as exit_info:
        call_command("poll_feeds")
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert "Ledger: 3 imported, 0 already present, 0 failed" in out
    assert "Bad: failed:" in err and "not an RSS or Atom feed" in err


def test_inactive_feeds_are_not_polled(newsroom_site):
    FeedFactory(url=newsroom_site.feed_url, active=False)
    assert poll_feeds(extract=False) == []


def test_periodic_poll_is_queued_once(settings):
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from factcheck.tasks import poll_due_feeds, schedule_feed_polling

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert schedule_feed_polling(delay_minutes=15) is True
    assert schedule_feed_polling(delay_minutes=15) is True
    waiting = DBTaskResult.objects.filter(
        task_path=poll_due_feeds.module_path, status=TaskResultStatus.READY
    )
    assert waiting.count() == 1


def test_periodic_poll_polls_due_feeds_and_queues_the_next(
    newsroom_site, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from factcheck.tasks import poll_due_feeds

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    FeedFactory(url=newsroom_site.feed_url)
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds.call() == 3
    # The next poll is waiting, and the imported articles' extraction is queued.
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths.count("factcheck.tasks.poll_due_feeds") == 1
    assert paths.count("factcheck.tasks.extract_article_claims") == 3


def test_the_in_process_backend_cannot_keep_a_chain():
    from factcheck.tasks import schedule_feed_polling

    assert schedule_feed_polling() is False
