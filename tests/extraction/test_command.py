import json

import pytest
from django.core.management import call_command

ARTICLE = """Rebels seize bridge near Tarsk

src testwire

Rebels said on Tuesday that 300 fighters had seized the bridge near Tarsk.

"We hold the crossing now," said commander Ilya Brik.

At least 9 civilians were killed in the fighting, doctors said.

Related Articles
"""


def write(tmp_path, name, text, published="2024-03-13"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if published is not None:
        (tmp_path / name.replace(".txt", ".meta.json")).write_text(
            json.dumps({"outlet": "Test Wire", "url": None, "published": published})
        )
    return path


def run_command(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("extract_claims", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_json_output_for_a_folder_without_database(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", ARTICLE.replace("Tuesday", "Monday"), published=None)
    code, out, err = run_command(str(tmp_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    files = [a["file"] for a in data["articles"]]
    assert files == ["a.txt", "b.txt"]
    a, b = data["articles"]
    assert a["title"] == "Rebels seize bridge near Tarsk"
    assert a["published"] == "2024-03-13" and b["published"] is None
    dates = [c for c in a["claims"] if c["kind"] == "date"]
    assert dates[0]["date"] == "2024-03-12"
    assert [c for c in b["claims"] if c["kind"] == "date"][0]["date"] is None
    kinds = {c["kind"] for c in a["claims"]}
    assert {"troops", "casualties", "date", "quote"} <= kinds
    troops = [c for c in a["claims"] if c["kind"] == "troops"][0]
    assert troops["low"] == 300 and isinstance(troops["low"], int)


def test_table_output(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    code, out, _ = run_command(str(path))
    assert code == 0
    assert "a.txt: Rebels seize bridge near Tarsk" in out
    assert "troops" in out and "Ilya Brik" in out


def test_bad_files_are_reported_and_others_processed(tmp_path):
    write(tmp_path, "good.txt", ARTICLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (tmp_path / "badmeta.txt").write_text(ARTICLE)
    (tmp_path / "badmeta.meta.json").write_text("{not json")
    code, out, err = run_command(str(tmp_path), "--json")
    assert code == 1
    assert "empty.txt" in err and "binary.txt" in err and "badmeta.meta.json" in err
    data = json.loads(out)
    assert [a["file"] for a in data["articles"]] == ["good.txt"]


def test_missing_path(tmp_path):
    code, _, err = run_command(str(tmp_path / "nope.txt"), "--json")
    assert code == 1 and "nope.txt" in err


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_no_files_at_all(tmp_path, flag):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("extract_claims", str(tmp_path), *flag)
