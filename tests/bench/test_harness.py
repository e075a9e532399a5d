"""The benchmark harness's own logic: users, target host, report blocks, overlap check."""

import subprocess
import sys

import harness
import holds
import pytest
from benchsite.management.commands import bench_data


def test_harness_logs_in_the_users_bench_data_creates():
    assert harness.BENCH_PASSWORD == bench_data.BENCH_PASSWORD
    assert harness.BENCH_REVIEWERS == bench_data.REVIEWERS
    assert harness.BENCH_EDITORS == bench_data.EDITORS


@pytest.mark.parametrize(
    "base", ["http://example.org", "http://10.0.0.1:8000", "http://localhost.evil.test"]
)
def test_load_only_ever_targets_127_0_0_1(base):
    with pytest.raises(harness.LoadError, match="only 127.0.0.1"):
        harness.check_target(base)


def test_report_blocks_are_replaced_and_hand_written_text_kept(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text(
        "# Benchmarks\n\n<!-- bench:run1 -->\nold\n<!-- /bench:run1 -->\n\n"
        "## Notes\nwritten by hand\n"
    )
    harness.write_section("run1", "new table", report)
    harness.write_section("run2", "second", report)
    text = report.read_text()
    assert "old" not in text and "new table" in text
    assert "written by hand" in text
    assert text.index("new table") < text.index("## Notes") < text.index("second")


def test_table_marks_pass_and_fail():
    table = harness.Table("Run", "run")
    table.add("fast", "1 ms", "ping 1 ms", "1.00x", "<= 3x", True)
    table.add("slow", "9 ms", "ping 1 ms", "9.00x", "<= 3x", False)
    assert "| slow | 9 ms | ping 1 ms | 9.00x | <= 3x | FAIL |" in table.markdown()
    assert "pass" in table.text()


def test_client_overlaps_counts_only_overlapping_holds_of_the_same_claim():
    seen = [(1, "a", 0.0, 1.0), (1, "b", 1.5, 2.0), (2, "c", 0.5, 3.0)]
    assert holds.client_overlaps(seen) == 0
    assert holds.client_overlaps(seen + [(1, "d", 0.9, 1.2)]) == 1
    assert holds.client_overlaps(seen + [(1, "e", 0.1, 9.0)]) == 2


def test_stats_median_and_p95():
    stats = harness.Stats("x", [i / 1000 for i in range(1, 101)], 0, 2.0)
    assert stats.median_ms == pytest.approx(50.5)
    assert 94 <= stats.p95_ms <= 96
    assert stats.rate == 50


@pytest.mark.parametrize("name", ["factcheck", "postgres", "bench; DROP", "Bench"])
def test_scratch_database_must_be_a_bench_one(name):
    with pytest.raises(SystemExit, match="scratch database name"):
        harness.Database(name)


def test_a_reused_database_is_neither_dropped_nor_recreated(monkeypatch):
    admin, migrated = [], []
    monkeypatch.setattr(harness.Database, "_admin", lambda self, statement: admin.append(statement))
    monkeypatch.setattr(harness, "manage", lambda url, *args, **kw: migrated.append((url, args)))
    with harness.Database("factcheck_bench_1m", reuse=True) as db:
        assert db.keep
    assert admin == []
    assert migrated == [(db.url, ("migrate", "--noinput", "-v0"))]
    with harness.Database("factcheck_bench_new"):
        pass
    assert [str(type(a).__name__) for a in admin] == ["Composed"] * 3  # drop, create, drop


def test_bench_processes_run_the_bench_settings_with_bench_on_the_path():
    env = harness.app_env("postgres://x@127.0.0.1/fc_bench")
    assert env["DJANGO_SETTINGS_MODULE"] == "benchsite.settings"
    assert str(harness.BENCH) in env["PYTHONPATH"].split(":")
    assert env["DEBUG"] == "0"


def test_the_load_client_is_locust_and_stays_out_of_the_test_process():
    # Importing it patches the process for gevent, so it is checked in a child process.
    code = "import load, locust; print(load.FastHttpUser is locust.FastHttpUser)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=harness.BENCH,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.stdout.strip() == "True", out.stderr[-500:]
    assert "load" not in sys.modules
