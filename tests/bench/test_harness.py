"""The benchmark harness's own logic: users, target host, report blocks, overlap check."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_web  # noqa: E402
import harness  # noqa: E402
import http_load  # noqa: E402

from factcheck.management.commands import bench_data  # noqa: E402


def test_harness_logs_in_the_users_bench_data_creates():
    assert harness.BENCH_PASSWORD == bench_data.BENCH_PASSWORD
    assert harness.BENCH_REVIEWERS == bench_data.REVIEWERS
    assert harness.BENCH_EDITORS == bench_data.EDITORS


@pytest.mark.parametrize(
    "base", ["http://example.org", "http://10.0.0.1:8000", "http://localhost.evil.test"]
)
def test_load_only_ever_targets_127_0_0_1(base):
    with pytest.raises(http_load.LoadError, match="only 127.0.0.1"):
        http_load.new_client(base, connections=1)


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
    holds = [(1, "a", 0.0, 1.0), (1, "b", 1.5, 2.0), (2, "c", 0.5, 3.0)]
    assert bench_web.client_overlaps(holds) == 0
    assert bench_web.client_overlaps(holds + [(1, "d", 0.9, 1.2)]) == 1
    assert bench_web.client_overlaps(holds + [(1, "e", 0.1, 9.0)]) == 2


def test_stats_median_and_p95():
    stats = http_load.Stats("x", [i / 1000 for i in range(1, 101)], 0, 2.0)
    assert stats.median_ms == pytest.approx(50.5)
    assert 94 <= stats.p95_ms <= 96
    assert stats.rate == 50


@pytest.mark.parametrize("name", ["factcheck", "postgres", "bench; DROP", "Bench"])
def test_scratch_database_must_be_a_bench_one(name):
    with pytest.raises(SystemExit, match="scratch database name"):
        harness.Database(name)
