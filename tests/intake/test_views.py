"""The intake pages: paste, upload, by address, progress, feeds; no input gives a 500."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factcheck.models import Article, Claim, Feed
from tests.factories import FeedFactory
from tests.intake.conftest import FIXTURES

pytestmark = pytest.mark.django_db

BODY = "The army said on Monday that 1,200 soldiers crossed the river near Karsk.\n\nMore text."


def paste(client, **fields):
    data = {"title": "Army crosses river", "body": BODY, **fields}
    return client.post("/articles/paste/", data)


# --- paste -------------------------------------------------------------------------------


def test_paste_imports_with_all_fields(client_for, editor):
    response = paste(
        client_for(editor),
        outlet="Test Wire",
        url="https://wire.example/a",
        published="2024-03-11",
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert (article.title, article.outlet, article.url) == (
        "Army crosses river",
        "Test Wire",
        "https://wire.example/a",
    )
    assert str(article.published) == "2024-03-11" and article.imported_by == editor
    assert f'imported as <a href="/articles/{article.pk}/">' in response.content.decode()


def test_paste_twice_is_the_same_article(client_for, editor):
    client = client_for(editor)
    paste(client)
    response = paste(client, body=BODY.replace("\n\n", "\n\n  "))
    assert Article.objects.count() == 1
    assert "already in the app" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Give the article's title."),
        ({"body": ""}, "Paste the article's text."),
        ({"title": "x" * 600}, "The title is 600 characters long; a title may be at most 500."),
        ({"published": "11 March"}, "The publication date is not a date (YYYY-MM-DD)."),
        ({"url": "javascript:alert(1)"}, "The address is not a web address"),
        ({"title": "\u202e\u202c"}, "the article has no title"),
    ],
)
def test_paste_errors_are_named_in_place(client_for, editor, fields, message):
    response = paste(client_for(editor), **fields)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert Article.objects.count() == 0


def test_paste_over_size_text(client_for, editor, settings):
    settings.MAX_ARTICLE_BYTES = 1000
    response = paste(client_for(editor), body="word " * 500)
    assert response.status_code == 400
    assert "The text is 0.0 MB; an article may be at most 0 MB." in response.content.decode()


def test_paste_with_right_to_left_override_in_title_is_cleaned_and_said(client_for, editor):
    response = paste(client_for(editor), title="Army \u202eevil\u202c crosses")
    assert Article.objects.get().title == "Army evil crosses"
    assert "right-to-left override" in response.content.decode()


def test_user_text_is_escaped(client_for, editor):
    response = paste(client_for(editor), title="<script>alert(1)</script> Army")
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


# --- upload ------------------------------------------------------------------------------


def upload(client, *files):
    return client.post("/articles/upload/", {"files": list(files)})


def test_upload_of_pages_and_text(client_for, editor):
    response = upload(
        client_for(editor),
        SimpleUploadedFile("ledger.html", (FIXTURES / "ledger_broadsheet.html").read_bytes()),
        SimpleUploadedFile("a.txt", b"Title\n\nSome 40 tanks moved."),
        SimpleUploadedFile("a.meta.json", b'{"outlet": "Wire"}'),
    )
    assert response.status_code == 200
    assert Article.objects.get(title__startswith="Army says").outlet == "The Daily Ledger"
    assert Article.objects.get(title="Title").outlet == "Wire"


def test_two_files_with_the_same_name_are_both_imported(client_for, editor):
    response = upload(
        client_for(editor),
        SimpleUploadedFile("story.txt", b"First story\n\nSome 40 tanks moved."),
        SimpleUploadedFile("story.txt", b"Second story\n\nSome 90 tanks moved."),
    )
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "First story",
        "Second story",
    ]
    page = response.content.decode()
    assert "story.txt</span>: imported" in page and "story.txt (2)</span>: imported" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("archive.zip", b"PK\x03\x04\x14\x00rest", "archive.zip: this is a ZIP archive"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "photo.txt: this is a PNG image"),
        ("report.html", b"%PDF-1.5 binary", "report.html: this is a PDF"),
        ("legacy.txt", bytes(range(128, 256)) * 8, "legacy.txt: the text cannot be read"),
        ("front.html", b"<html><body><nav>Home</nav></body></html>", "no article text found"),
        ("long.txt", b"x" * 600 + b"\n\nBody", "the first line is 600 characters long"),
    ],
)
def test_a_bad_file_is_named_and_never_takes_the_batch_down(
    client_for, editor, name, content, message
):
    response = upload(
        client_for(editor),
        SimpleUploadedFile("good.txt", b"Good one\n\nSome 40 tanks moved."),
        SimpleUploadedFile(name, content),
        SimpleUploadedFile("good2.txt", b"Good two\n\nSome 90 tanks moved."),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "1 of 3 could not be imported; the others were." in page
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Good one", "Good two"]


def test_an_over_size_file_is_refused_while_the_others_come_in(client_for, editor, settings):
    settings.MAX_ARTICLE_BYTES = 2048
    response = upload(
        client_for(editor),
        SimpleUploadedFile("huge.txt", b"Huge\n\n" + b"word " * 2000),
        SimpleUploadedFile("good.txt", b"Good one\n\nSome 40 tanks moved."),
    )
    page = response.content.decode()
    assert "huge.txt: the file is over" in page
    assert list(Article.objects.values_list("title", flat=True)) == ["Good one"]


def test_too_many_files_in_one_batch(client_for, editor, settings):
    settings.INTAKE_MAX_BATCH_FILES = 3
    files = [SimpleUploadedFile(f"f{i}.txt", f"T{i}\n\nBody {i}.".encode()) for i in range(4)]
    response = upload(client_for(editor), *files)
    assert response.status_code == 400
    assert "More than 3 files were uploaded at once" in response.content.decode()
    assert Article.objects.count() == 0


def test_an_over_size_batch(client_for, editor, settings):
    settings.INTAKE_MAX_BATCH_BYTES = 4000
    files = [SimpleUploadedFile(f"f{i}.txt", b"T\n\n" + b"word " * 300) for i in range(4)]
    response = upload(client_for(editor), *files)
    assert response.status_code == 400
    assert "Nothing was imported: upload" in response.content.decode()
    assert Article.objects.count() == 0


def test_more_files_than_django_accepts_gets_a_page_that_says_so(client, editor, settings):
    from django.core.exceptions import TooManyFilesSent

    from factcheck.views.intake import bad_request

    client.force_login(editor)
    request = client.get("/").wsgi_request
    response = bad_request(request, TooManyFilesSent())
    assert response.status_code == 400
    assert "files were sent at once" in response.content.decode()


def test_a_form_body_over_djangos_limit_gets_a_page_that_says_so(client_for, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = paste(client_for(editor), body="word " * 1000)
    assert response.status_code == 400
    assert "larger than the 0 MB a form may carry" in response.content.decode()


def test_upload_without_files(client_for, editor):
    response = client_for(editor).post("/articles/upload/", {})
    assert response.status_code == 400
    assert "Choose one or more files to upload." in response.content.decode()


def test_upload_still_checks_csrf(client, editor):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor)
    response = csrf_client.post(
        "/articles/upload/", {"files": [SimpleUploadedFile("a.txt", b"T\n\nBody.")]}
    )
    assert response.status_code == 403
    assert Article.objects.count() == 0


# --- by address --------------------------------------------------------------------------


def test_import_by_address(client_for, editor, site):
    url = site.page("/floods", "northwire_wire.html")
    response = client_for(editor).post("/articles/from-url/", {"url": url})
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.url == url and article.outlet == "Northwire"


@pytest.mark.parametrize(
    ("path", "route", "message"),
    [
        ("/nope", None, "the server answered 404"),
        ("/boom", {"status": 500}, "the server answered 500"),
        ("/doc.pdf", {"content_type": "application/pdf"}, "this is not an HTML page"),
        ("/loop", {"status": 302, "location": "/loop"}, "redirects in a loop"),
        ("/slow", {"delay": 1.0}, "did not answer within"),
    ],
)
def test_import_by_address_errors_are_named(
    client_for, editor, site, settings, path, route, message
):
    settings.INTAKE_FETCH_TIMEOUT = 0.3
    url = site.add(path, "<html></html>", **route) if route else f"{site.url}{path}"
    response = client_for(editor).post("/articles/from-url/", {"url": url})
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert Article.objects.count() == 0


def test_import_by_address_refuses_the_internal_network(client_for, editor, settings):
    settings.INTAKE_ALLOWED_HOSTS = []
    response = client_for(editor).post(
        "/articles/from-url/", {"url": "http://169.254.169.254/latest/meta-data/"}
    )
    assert response.status_code == 400
    assert "link-local address" in response.content.decode()


# --- progress ------------------------------------------------------------------------------


def test_progress_polls_while_waiting_and_stops_when_done(client_for, editor, article):
    client = client_for(editor)
    response = client.get(f"/articles/progress/?ids={article.pk}", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert 'hx-trigger="every 2s"' in page and "finding claims" in page
    assert "<html" not in page  # a fragment
    from django.utils import timezone

    Claim.objects.create(
        article=article, kind="troops", text="t", span="1,200 soldiers", start=0, end=5
    )
    article.extracted_at = timezone.now()
    article.save()
    page = client.get(
        f"/articles/progress/?ids={article.pk}", headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in page and "1 claim<" in page and "1,200 soldiers" in page


def test_progress_shows_a_failed_extraction(client_for, editor, article):
    article.extraction_error = "ValueError: bad text"
    article.save()
    page = client_for(editor).get(f"/articles/progress/?ids={article.pk}").content.decode()
    assert "extraction failed" in page and "ValueError: bad text" in page
    assert "<html" in page  # the href's full page


def test_progress_ignores_junk_ids(client_for, editor):
    response = client_for(editor).get("/articles/progress/?ids=abc,,-1,999999")
    assert response.status_code == 200


def test_progress_reads_a_bounded_number_of_queries(
    client_for, editor, article, django_assert_max_num_queries
):
    client = client_for(editor)
    with django_assert_max_num_queries(8):
        client.get(f"/articles/progress/?ids={article.pk}", headers={"HX-Request": "true"})


# --- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/articles/upload/"),
        ("post", "/articles/paste/"),
        ("post", "/articles/from-url/"),
        ("post", "/feeds/"),
    ],
)
def test_reviewers_cannot_import(client_for, reviewer, method, url):
    response = getattr(client_for(reviewer), method)(url, {"url": "https://x.example/rss"})
    assert response.status_code == 403
    assert Feed.objects.count() == 0


# --- feeds page --------------------------------------------------------------------------


def test_editor_follows_a_feed_and_its_articles_come_in(client_for, editor, site):
    from tests.intake.test_feeds import rss

    page = site.page("/a", "northwire_wire.html")
    feed_url = site.add("/rss", rss(page), content_type="application/rss+xml")
    client = client_for(editor)
    response = client.post("/feeds/", {"url": feed_url, "outlet": "Northwire"}, follow=True)
    assert response.status_code == 200
    feed = Feed.objects.get()
    assert feed.added_by == editor and feed.last_polled_at is not None
    assert Article.objects.get().url == page
    assert "Northwire" in response.content.decode()


def test_following_a_feed_on_a_private_address_is_refused(client_for, editor, settings):
    settings.INTAKE_ALLOWED_HOSTS = []
    response = client_for(editor).post("/feeds/", {"url": "http://192.168.1.5/rss"})
    assert response.status_code == 400
    assert "private address" in response.content.decode()
    assert Feed.objects.count() == 0


def test_feed_errors_show_on_the_page(client_for, editor):
    Feed.objects.create(
        url="https://x.example/rss", outlet="X", last_error="x: the server answered 500"
    )
    page = client_for(editor).get("/feeds/").content.decode()
    assert "the server answered 500" in page


def test_feed_can_be_paused(client_for, editor):
    feed = FeedFactory()
    client_for(editor).post(f"/feeds/{feed.pk}/toggle/")
    feed.refresh_from_db()
    assert feed.active is False


def test_feed_check_now_polls(client_for, editor, site):
    from tests.intake.test_feeds import rss

    feed = Feed.objects.create(url=site.add("/rss", rss(), content_type="application/rss+xml"))
    client_for(editor).post(f"/feeds/{feed.pk}/poll/")
    feed.refresh_from_db()
    assert feed.last_polled_at is not None


def test_feed_admin_lists_feeds(client_for, admin_user):
    FeedFactory(outlet="X outlet", last_error="boom")
    response = client_for(admin_user).get("/admin/factcheck/feed/")
    assert response.status_code == 200 and "X outlet" in response.content.decode()


def test_pasting_again_an_article_left_without_claims_queues_it_again(
    client_for, editor, monkeypatch
):
    queued = []
    monkeypatch.setattr("factcheck.importing.schedule_extraction", queued.append)
    client = client_for(editor)
    paste(client)  # on_commit never runs in this test's transaction: no claims yet
    article = Article.objects.get()
    paste(client)
    assert queued == [article]


def test_progress_says_when_no_worker_seems_to_run(client_for, editor, article):
    import datetime

    from django.utils import timezone

    Article.objects.filter(pk=article.pk).update(
        imported_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    page = client_for(editor).get(f"/articles/progress/?ids={article.pk}").content.decode()
    assert "Still waiting after 10" in page and "db_worker" in page
