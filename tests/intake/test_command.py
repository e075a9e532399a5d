"""import_articles: foreground extraction, one line per item, resuming, pages and URLs."""

import pytest
from django.core.management import call_command

from factcheck.importing import import_paths
from factcheck.models import Article
from tests.intake.conftest import FIXTURES
from tests.test_importing import write

pytestmark = pytest.mark.django_db


def test_command_extracts_in_the_foreground_and_says_so(tmp_path, capsys, fake_extraction):
    write(tmp_path / "a.txt", "T\n\nBody text.\n")
    call_command("import_articles", str(tmp_path))
    out = capsys.readouterr().out
    article = Article.objects.get()
    assert f"a.txt: imported as article {article.pk} with 2 claims" in out
    assert "1 imported, 0 already present, 0 failed" in out
    assert article.claims.count() == 2 and article.extracted_at is not None


def test_rerun_finishes_an_article_left_without_claims(tmp_path, capsys, fake_extraction):
    write(tmp_path / "a.txt", "T\n\nBody text.\n")
    # An import killed after the article was stored, before its claims were extracted:
    import_paths([tmp_path], extract=False)
    article = Article.objects.get()
    assert article.extracted_at is None
    call_command("import_articles", str(tmp_path))
    out = capsys.readouterr().out
    assert f"already present as article {article.pk}; extracted 2 claims" in out
    assert fake_extraction == [article.pk]
    # And once done, a third run leaves it alone.
    call_command("import_articles", str(tmp_path))
    assert fake_extraction == [article.pk]
    assert f"a.txt: already present as article {article.pk}\n" in capsys.readouterr().out


def test_background_queues_extraction_for_workers(tmp_path, capsys, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    write(tmp_path / "a.txt", "T\n\nBody text.\n")
    call_command("import_articles", str(tmp_path), "--background")
    out = capsys.readouterr().out
    assert "imported as article" in out and "claims queued" in out and "db_worker" in out
    assert Article.objects.get().extracted_at is None
    # The queue row is written on commit; a re-run queues an unfinished article again.
    call_command("import_articles", str(tmp_path), "--background")
    assert DBTaskResult.objects.filter(task_path="factcheck.tasks.extract_article_claims").exists()


def test_failed_extraction_fails_the_command(tmp_path, capsys, monkeypatch):
    def broken(article, **kwargs):
        article.extraction_error = "ValueError: no sentences"
        article.save(update_fields=["extraction_error"])
        return 0

    monkeypatch.setattr("factcheck.extraction.store.store_claims", broken)
    write(tmp_path / "a.txt", "T\n\nBody text.\n")
    with pytest.raises(SystemExit):
        call_command("import_articles", str(tmp_path))
    assert "but extraction failed: ValueError: no sentences" in capsys.readouterr().err


def test_command_imports_html_files_and_urls(tmp_path, capsys, fake_extraction, site):
    (tmp_path / "ledger.html").write_bytes((FIXTURES / "ledger_broadsheet.html").read_bytes())
    url = site.page("/story", "northwire_wire.html")
    missing = site.url + "/missing"
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path), url, missing)
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert "ledger.html: imported as article" in out and f"{url}: imported as article" in out
    assert f"failed: {missing}: the server answered 404" in err
    assert "2 imported, 0 already present, 1 failed" in out
    assert Article.objects.get(url=url).title.startswith("Ministry puts flood damage")


def test_a_url_already_imported_is_not_fetched_again(site, capsys, fake_extraction):
    url = site.page("/story", "northwire_wire.html")
    call_command("import_articles", url)
    call_command("import_articles", url)
    assert site.hits["/story"] == 1
    assert "already present as article" in capsys.readouterr().out


class Killed(BaseException):
    """Stands for kill -9: nothing after it runs, no except clause catches it."""


def test_an_import_killed_half_way_is_finished_by_the_next_run(tmp_path, capsys, monkeypatch):
    from factcheck.extraction import store

    for i in range(3):
        write(tmp_path / f"a{i}.txt", f"Title {i}\n\nSome {i + 10} tanks moved on Monday.\n")
    real = store.store_claims
    monkeypatch.setattr(
        store, "store_claims", lambda article, **kwargs: (_ for _ in ()).throw(Killed())
    )
    with pytest.raises(Killed):
        call_command("import_articles", str(tmp_path))
    # The first article is stored, its claims are not: the state kill -9 leaves behind.
    assert Article.objects.filter(extracted_at__isnull=True).count() == 1
    monkeypatch.setattr(store, "store_claims", real)
    call_command("import_articles", str(tmp_path))
    assert Article.objects.count() == 3
    assert not Article.objects.filter(extracted_at__isnull=True).exists()
    assert all(a.claims.exists() for a in Article.objects.all())
    out = capsys.readouterr().out
    assert "already present as article" in out and "; extracted" in out
