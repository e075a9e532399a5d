"""The importer: seed format, sidecars, furniture, idempotency and every kind of bad input."""

import datetime
import json

import pytest
from django.core.management import call_command

from factcheck.importing import (
    ArticleImportError,
    import_article,
    import_paths,
    parse_article,
)
from factcheck.models import Article

pytestmark = pytest.mark.django_db


def write(path, text, meta=None):
    path.write_text(text, encoding="utf-8")
    if meta is not None:
        path.with_name(path.stem + ".meta.json").write_text(
            meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8"
        )
    return path


def test_parse_keeps_title_metadata_line_and_paragraphs():
    parsed = parse_article("A title\n\n1808 0 256\n\nFirst para.\n\nSecond para.\n")
    assert parsed.title == "A title"
    assert parsed.source_line == "1808 0 256"
    assert parsed.body == "First para.\n\nSecond para."


def test_parse_without_metadata_line_keeps_first_paragraph():
    parsed = parse_article("A title\n\nThe army said on Monday it had won.\n\nMore text.")
    assert parsed.source_line == ""
    assert parsed.body.startswith("The army said on Monday")


def test_page_furniture_is_stripped_from_body_but_kept_in_raw_text():
    text = (
        "Title\n\nsrc wire\n\nReal text.\n\nMore real text.\n\nPHOTO CAPTION\n\n"
        "Hundreds protest on Friday.\n\nAl-Jazeera\n\nRelated Articles"
    )
    parsed = parse_article(text)
    assert parsed.body == "Real text.\n\nMore real text."
    assert "PHOTO CAPTION" in parsed.raw_text and "Related Articles" in parsed.raw_text


def test_lone_signature_at_end_is_furniture():
    parsed = parse_article("Title\n\nReal text here.\n\nReuters")
    assert parsed.body == "Real text here."


def test_crlf_and_nbsp_blank_lines_are_read():
    parsed = parse_article("Title\r\n\r\nsrc x\r\n\r\nOne.\r\n\u00a0\r\nTwo.")
    assert parsed.body == "One.\n\nTwo."


def test_import_stores_article_with_sidecar(tmp_path, editor):
    write(
        tmp_path / "a.txt",
        "Troops arrive\n\n1 2 3\n\nSome 300 troops arrived.\n",
        {"outlet": "Wire", "url": "https://example.org/a", "published": "2016-03-15"},
    )
    [result] = import_paths([tmp_path], user=editor, extract=False)
    assert result.ok and result.created
    article = Article.objects.get()
    assert (article.title, article.source_line) == ("Troops arrive", "1 2 3")
    assert article.outlet == "Wire"
    assert article.url == "https://example.org/a"
    assert article.published == datetime.date(2016, 3, 15)
    assert article.imported_by == editor
    assert article.body == "Some 300 troops arrived."
    assert article.raw_text.startswith("Troops arrive")


def test_import_is_idempotent(tmp_path):
    write(tmp_path / "a.txt", "T\n\nBody text.\n")
    first = import_paths([tmp_path], extract=False)
    again = import_paths([tmp_path], extract=False)
    assert first[0].created and not again[0].created
    assert again[0].article == first[0].article
    assert Article.objects.count() == 1


def test_same_text_under_another_name_is_not_stored_twice(tmp_path):
    write(tmp_path / "a.txt", "T\n\nBody text.\n")
    write(tmp_path / "b.txt", "T\n\nBody   text.\n")
    results = import_paths([tmp_path], extract=False)
    assert [r.created for r in results] == [True, False]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\n  \n", "empty"),
        (b"\n\n...\n\n", "no title"),
        (b"Title only\n", "no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"T\n\n\x00\x01binary\x00", "binary file"),
        (bytes(range(128, 256)) * 8, "cannot be read"),
    ],
)
def test_bad_files_get_a_clear_error_naming_file_and_problem(content, problem):
    result = import_article(content, "bad.txt", extract=False)
    assert not result.ok
    assert "bad.txt" in result.error and problem in result.error
    assert Article.objects.count() == 0


def test_oversized_file_is_refused(settings):
    big = b"Title\n\n" + b"word " * (21 * 1024 * 1024 // 5)
    result = import_article(big, "huge.txt", extract=False)
    assert not result.ok and "huge.txt" in result.error and "MB" in result.error


@pytest.mark.parametrize(
    ("sidecar", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"published": "15 March 2016"}', "not an ISO date"),
        ('{"outlet": 7}', "'outlet' must be a string"),
        ('{"url": "javascript:alert(1)"}', "http"),
    ],
)
def test_broken_sidecar_is_reported(tmp_path, sidecar, problem):
    write(tmp_path / "a.txt", "T\n\nBody.\n", sidecar)
    [result] = import_paths([tmp_path], extract=False)
    assert not result.ok and problem in result.error and "a.meta.json" in result.error


def test_batch_imports_good_files_and_lists_bad_ones(tmp_path, capsys):
    write(tmp_path / "good1.txt", "Good one\n\nText one.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    write(tmp_path / "good2.txt", "Good two\n\nText two.\n")
    (tmp_path / "latin.txt").write_bytes(bytes(range(128, 256)) * 8)
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path), "--no-extract")
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Good one", "Good two"]
    assert "empty.txt: the file is empty" in err and "latin.txt: the text cannot be read" in err
    assert "2 imported, 0 already present, 2 failed" in out


def test_command_again_says_nothing_new(tmp_path, capsys):
    write(tmp_path / "a.txt", "T\n\nBody.\n")
    call_command("import_articles", str(tmp_path), "--no-extract")
    call_command("import_articles", str(tmp_path), "--no-extract")
    out = capsys.readouterr().out
    assert "0 imported, 1 already present, 0 failed" in out


def test_missing_path_is_an_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("import_articles", str(tmp_path / "nope.txt"))
    assert "no such file" in capsys.readouterr().err


def test_parse_error_is_an_exception_type():
    with pytest.raises(ArticleImportError):
        parse_article("\n\n")


def test_import_queues_extraction_after_commit(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    monkeypatch.setattr("factcheck.importing.schedule_extraction", seen.append)
    write(tmp_path / "a.txt", "T\n\nBody.\n")
    with django_capture_on_commit_callbacks(execute=True):
        [result] = import_paths([tmp_path])
    assert seen == [result.article]


def test_upload_in_browser_runs_the_same_import(client_for, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(editor)
    files = [
        SimpleUploadedFile("up.txt", b"Uploaded\n\nSome 40 tanks moved.\n"),
        SimpleUploadedFile("up.meta.json", b'{"outlet": "Wire", "published": "2020-01-02"}'),
        SimpleUploadedFile("bad.txt", b""),
    ]
    response = client.post("/articles/upload/", {"files": files})
    assert response.status_code == 200
    assert b"bad.txt: the file is empty" in response.content
    article = Article.objects.get()
    assert (article.title, article.outlet) == ("Uploaded", "Wire")
    assert str(article.published) == "2020-01-02"


def test_reviewers_cannot_upload(client_for, reviewer):
    assert client_for(reviewer).get("/articles/upload/").status_code == 403


# --- issue 10: links and files outside the named folder ------------------------------------


def test_a_symbolic_link_in_a_folder_is_refused_not_followed(tmp_path, capsys):
    write(tmp_path / "good.txt", "Good\n\nText.\n")
    (tmp_path / "passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path), "--no-extract")
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert "passwd.txt: a symbolic link; links are not followed" in err
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]
    assert not Article.objects.filter(body__contains="root:").exists()


def test_a_link_to_a_file_outside_the_folder_is_refused_as_html_too(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside / "secret.html", "<html><body><p>" + "secret words " * 20 + "</p></body></html>")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").symlink_to(outside / "secret.html")
    [result] = import_paths([folder], extract=False)
    assert not result.ok and "symbolic link" in result.error
    assert Article.objects.count() == 0


def test_a_sidecar_that_is_a_link_is_refused(tmp_path):
    write(tmp_path / "a.txt", "T\n\nBody.\n")
    (tmp_path / "elsewhere.json").write_text('{"outlet": "X"}')
    (tmp_path / "a.meta.json").symlink_to(tmp_path / "elsewhere.json")
    [result] = import_paths([tmp_path], extract=False)
    assert not result.ok and "a.meta.json: a symbolic link" in result.error


def test_a_folder_named_through_a_link_is_still_read(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    write(real / "a.txt", "T\n\nBody.\n")
    (tmp_path / "corpus").symlink_to(real)
    [result] = import_paths([tmp_path / "corpus"], extract=False)
    assert result.ok and result.created


# --- other inputs: plain text, HTML, titles ------------------------------------------------


def test_plain_text_first_line_title_rest_body():
    parsed = parse_article("Floods cost $2.4 billion\nThe ministry said 37 people died.\nMore.")
    assert parsed.title == "Floods cost $2.4 billion"
    assert parsed.body.startswith("The ministry said 37 people died.")


def test_html_where_seed_text_was_expected_is_not_titled_html(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Ministry counts 37 dead</title></head><body>"
        "<nav>Home News</nav><article><h1>Ministry counts 37 dead</h1><p>"
        + "The ministry said 37 people died in the floods on Thursday. " * 4
        + "</p></article></body></html>"
    )
    write(tmp_path / "page.txt", page)
    [result] = import_paths([tmp_path], extract=False)
    assert result.ok
    assert result.article.title == "Ministry counts 37 dead"
    assert "<" not in result.article.body and "Home News" not in result.article.body


def test_a_600_character_title_line_is_named_as_too_long():
    result = import_article(("x" * 600 + "\n\nBody.").encode(), "long.txt", extract=False)
    assert not result.ok
    assert "long.txt: the first line is 600 characters long, too long for a title" in result.error


def test_right_to_left_overrides_are_removed_from_titles_with_a_note():
    data = "Army \u202eseid 0021\u202c says\n\nThe army said 1,200 soldiers crossed.".encode()
    result = import_article(data, "rtl.txt", extract=False)
    assert result.ok
    assert result.article.title == "Army seid 0021 says"
    assert any("right-to-left override" in note for note in result.notes)


def test_zip_archive_is_named():
    result = import_article(b"PK\x03\x04\x14\x00\x08\x00rest", "articles.txt", extract=False)
    assert "articles.txt: this is a ZIP archive" in result.error


def test_an_unexpected_parser_failure_is_one_files_problem(tmp_path, monkeypatch):
    import factcheck.importing as importing

    real = importing.extract_page

    def flaky(text, name, **kwargs):
        if "boom" in name:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, name, **kwargs)

    monkeypatch.setattr(importing, "extract_page", flaky)
    page = (
        "<html><body><article><p>"
        + "The army said 300 troops arrived. " * 5
        + "</p></article></body></html>"
    )
    write(tmp_path / "boom.html", page)
    write(tmp_path / "fine.html", page.replace("300", "400"))
    results = {r.name.rsplit("/", 1)[-1]: r for r in import_paths([tmp_path], extract=False)}
    assert "boom.html: could not be read (RecursionError)" in results["boom.html"].error
    assert results["fine.html"].created


def test_a_page_byline_is_kept_as_the_author(tmp_path):
    from tests.intake.conftest import FIXTURES

    [result] = import_paths([FIXTURES / "ledger_broadsheet.html"], extract=False)
    assert result.article.author == "Maria Lindqvist"
    assert "Maria Lindqvist" not in result.article.body


def test_nul_characters_never_reach_the_database():
    data = "T\x00itle\n\nSome 300 troops\x00 arrived.".encode("utf-16")
    result = import_article(data, "wide.txt", extract=False)
    assert result.ok
    assert "\x00" not in result.article.title + result.article.body + result.article.raw_text
