"""export_gold: reviewed claims in the corpus's gold format, validated and scored back."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from factcheck import workflow
from factcheck.exports.gold import write_gold
from factcheck.extraction.store import store_claims

pytestmark = pytest.mark.django_db

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "validate.py").is_file(), reason="the corpus (../shared/corpus) is not here"
)


@pytest.fixture
def extracted(article, django_user_model):
    """The shared Karsk article with its claims extracted, and an editor."""
    store_claims(article)
    editor = django_user_model.objects.create_user(username="gold-ed", password="x-12345-pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    return article, editor


def read(folder):
    [gold] = Path(folder).glob("*.gold.json")
    return json.loads(gold.read_text())


def finish(article, editor):
    """Every claim people looked at: one figure corrected, one rejected, the rest dismissed
    as not worth checking (still claims), so the article is finished."""
    casualties = article.claims.get(kind="casualties")
    workflow.claim_edit(claim=casualties, actor=editor, unit="people killed")
    quote = article.claims.get(kind="quote")
    workflow.claim_reject(claim=quote, actor=editor)
    for claim in article.claims.exclude(status="dismissed"):
        workflow.claim_dismiss(claim=claim, actor=editor, reason="not worth checking")


def test_unfinished_articles_are_left_out_unless_asked(extracted, tmp_path):
    article, _ = extracted
    result = write_gold(tmp_path / "a")
    assert (result.written, result.unfinished) == ([], [article.pk])
    result = write_gold(tmp_path / "b", include_unreviewed=True)
    assert len(result.written) == 1
    gold = read(tmp_path / "b")
    assert len(gold["claims"]) == article.claims.count()
    assert (gold["outlet"], gold["published"]) == ("Test Wire", "2024-03-11")


def test_finished_article_holds_what_people_kept(extracted, tmp_path):
    article, editor = extracted
    finish(article, editor)
    result = write_gold(tmp_path)
    assert result.unfinished == [] and len(result.written) == 1
    gold = read(tmp_path)
    kinds = [c["kind"] for c in gold["claims"]]
    assert "quote" not in kinds  # rejected as not a claim
    casualties = next(c for c in gold["claims"] if c["kind"] == "casualties")
    assert casualties["unit"] == "people killed"
    assert casualties["low"] == 14 and casualties["qualifier"] == "at_least"
    text = (tmp_path / gold["file"]).read_text()
    assert text.startswith("Army says 1,200 soldiers crossed the river\n\nsrc testwire\n\n")
    for claim in gold["claims"]:
        assert claim["sentence"] in text and claim["span"] in claim["sentence"]
    meta = json.loads((tmp_path / gold["file"].replace(".txt", ".meta.json")).read_text())
    assert meta["published"] == "2024-03-11"


def test_claims_the_format_cannot_hold_are_skipped_and_named(extracted, tmp_path):
    article, editor = extracted
    troops = article.claims.get(kind="troops")
    workflow.claim_edit(claim=troops, actor=editor, unit="")
    result = write_gold(tmp_path, include_unreviewed=True)
    assert result.skipped == [
        f"article {article.pk}, claim #{troops.pk}: a figure needs what is counted (unit)"
    ]
    assert "troops" not in [c["kind"] for c in read(tmp_path)["claims"]]


def test_command(extracted, tmp_path):
    article, _ = extracted
    out = io.StringIO()
    call_command("export_gold", "-o", str(tmp_path), stdout=out)
    assert "left out 1 unfinished article(s)" in out.getvalue()
    call_command(
        "export_gold", "-o", str(tmp_path), "--article", str(article.pk), "--include-unreviewed"
    )
    assert len(list(tmp_path.glob("*.gold.json"))) == 1
    with pytest.raises(CommandError, match="no article with id 999"):
        call_command("export_gold", "-o", str(tmp_path), "--article", "999")


def _score(folder, pred):
    (folder.parent / "pred.json").write_text(pred)
    done = subprocess.run(
        [
            sys.executable,
            str(CORPUS / "score.py"),
            "--gold",
            str(folder),
            "--pred",
            str(folder.parent / "pred.json"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@needs_corpus
def test_output_passes_the_corpus_validator_and_scores_back(extracted, tmp_path):
    article, editor = extracted
    folder = tmp_path / "gold"
    write_gold(folder, include_unreviewed=True)
    check = subprocess.run(
        [sys.executable, str(CORPUS / "validate.py"), "--min-paragraphs", "1", "--min-claims", "1"]
        + [str(folder)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    # The extractor scored on its own unedited claims: everything matches.
    pred = io.StringIO()
    call_command("extract_claims", str(folder), "--json", stdout=pred)
    scored = _score(folder, pred.getvalue())
    assert scored["strict_f1"] == 1.0, scored
    # A person corrects one figure: the extractor's value is now one wrong match.
    casualties = article.claims.get(kind="casualties")
    workflow.claim_edit(claim=casualties, actor=editor, low="15")
    write_gold(folder, include_unreviewed=True)
    scored = _score(folder, pred.getvalue())
    assert scored["per_kind"]["casualties"]["correct"] == 0
    assert scored["strict_f1"] < 1.0
