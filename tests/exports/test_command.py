"""manage.py export_verdicts: output, files, progress bar, filters and exit status."""

import csv
import io
import json

import jsonschema
import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from factcheck.exports.claimreview import load_schema


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_verdicts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_to_stdout_by_default(checked):
    out, err = run()
    assert out.startswith("\ufeffarticle_id,")
    rows = list(csv.DictReader(io.StringIO(out[1:], newline="")))
    assert len(rows) == 5
    assert err == ""


def test_json_with_filters_to_stdout(checked):
    out, _ = run(
        "--format",
        "json",
        "--article",
        str(checked.article.pk),
        "--status",
        "published",
        "--rating",
        "unverifiable",
        "--outlet",
        checked.article.outlet,
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-31",
    )
    doc = json.loads(out)
    assert [c["id"] for c in doc["articles"][0]["claims"]] == [checked.troops.pk]
    assert doc["filters"]["rating"] == "unverifiable"
    assert doc["filters"]["date_to"] == "2024-03-31"


def test_claimreview_to_a_file_with_a_progress_bar(checked, tmp_path):
    target = tmp_path / "reviews.json"
    out, err = run("--format", "claimreview", "-o", str(target))
    assert out == ""
    reviews = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(reviews, load_schema())
    assert len(reviews) == 2
    # tqdm's bar on stderr, counting the published claims, then a summary line.
    assert "export claimreview" in err
    assert "2/2" in err
    assert f"Wrote 2 claim(s) as ClaimReview to {target}" in err
    assert not (tmp_path / "reviews.json.partial").exists()


def test_csv_file_is_utf8_with_bom(checked, tmp_path):
    target = tmp_path / "verdicts.csv"
    _, err = run("--output", str(target), "--no-progress")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfarticle_id,")
    assert "Сергей Шойгу".encode() in data
    assert "5/5" not in err and "Wrote 5 claim(s) as CSV" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--article", "seven"], "--article must be an article id (a whole number), not 'seven'."),
        (["--article", "424242"], "No article with id 424242."),
        (["--status", "finished"], "Unknown --status 'finished'; use one of: new, queued,"),
        (["--rating", "fake"], "Unknown --rating 'fake'; use one of: true, mostly-true,"),
        (["--from", "2024-13-01"], "--from must be a date as YYYY-MM-DD, not '2024-13-01'."),
        (
            ["--from", "2024-04-01", "--to", "2024-03-01"],
            "--from (2024-04-01) is after --to (2024-03-01).",
        ),
    ],
)
def test_bad_filters_raise_a_clear_error(db, args, message):
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert message in str(raised.value)


def test_bad_values_exit_with_status_1_and_a_message(db, capsys):
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "export_verdicts", "--rating", "fake"])
    assert exited.value.code == 1
    assert "CommandError: Unknown --rating 'fake'" in capsys.readouterr().err

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "export_verdicts", "--format", "xml"])
    assert exited.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_unwritable_output_is_a_clear_error(checked, tmp_path):
    with pytest.raises(CommandError, match="the folder .*missing does not exist"):
        run("-o", str(tmp_path / "missing" / "out.csv"))
    with pytest.raises(CommandError, match="is a folder"):
        run("-o", str(tmp_path))


def test_success_exits_0(checked, capsys):
    execute_from_command_line(
        ["manage.py", "export_verdicts", "--format", "claimreview", "--status", "published"]
    )
    reviews = json.loads(capsys.readouterr().out)
    assert len(reviews) == 2
