"""kill -9 during import_articles leaves nothing half done that a re-run does not finish.

Runs the real command in a child process on its own SQLite file, kills it with SIGKILL
once the first article is stored (its claims are still being extracted), then runs it
again.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def count(db, sql):
    with sqlite3.connect(db, timeout=20) as conn:
        try:
            return conn.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:  # table not there yet
            return 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_then_rerun_leaves_every_article_with_its_claims(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, place in enumerate(["Karsk", "Valdora", "Port Selva"]):
        (folder / f"a{i}.txt").write_text(
            f"Troops reach {place}\n\nThe army said on Monday that {1200 + i} soldiers "
            f"crossed the river near {place}.\n\nAt least {14 + i} people were killed.\n"
        )
    db = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db}",
        "TASKS_IMMEDIATE": "0",
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    child = subprocess.Popen(
        [*manage, "import_articles", str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while count(db, "SELECT count(*) FROM factcheck_article") < 1:
        assert child.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    stored = count(db, "SELECT count(*) FROM factcheck_article")
    assert count(db, "SELECT count(*) FROM factcheck_article WHERE extracted_at IS NULL") >= 1

    rerun = subprocess.run(
        [*manage, "import_articles", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "already present as article" in rerun.stdout and "; extracted" in rerun.stdout
    assert count(db, "SELECT count(*) FROM factcheck_article") == 3 >= stored
    assert count(db, "SELECT count(*) FROM factcheck_article WHERE extracted_at IS NULL") == 0
    without_claims = count(
        db,
        "SELECT count(*) FROM factcheck_article a WHERE NOT EXISTS "
        "(SELECT 1 FROM factcheck_claim c WHERE c.article_id = a.id)",
    )
    assert without_claims == 0
