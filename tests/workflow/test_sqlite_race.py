"""The embedded database keeps the "Next claim" guarantee too (threads on a SQLite file)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = Path(__file__).with_name("sqlite_race.py")


def test_next_claim_on_sqlite_hands_out_each_claim_once(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}", "DEBUG": "1"}
    cwd = settings.BASE_DIR
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=cwd, env=env, check=True, timeout=300
    )
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "8", "120"],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    handed = [pk for got in result["handed"].values() for pk in got]
    assert len(result["handed"]) == 8
    assert sorted(handed) == sorted(result["claims"])  # every claim once, none twice
    assert sum(1 for got in result["handed"].values() if got) > 1
