"""The benchmark suite (`make bench`): newsroom-scale data on PostgreSQL, served by gunicorn.

    .venv/bin/python bench/run_all.py                 # everything, 10k articles x 10 claims
    .venv/bin/python bench/run_all.py --quick         # 1k articles, shorter runs: minutes
    .venv/bin/python bench/run_all.py --runs 1,3 --articles 2000

Creates a scratch database (factcheck_bench, dropped at the end unless --keep-db), migrates
it, fills it with `manage.py bench_data`, starts gunicorn with one worker per core, logs the
bench users in through the login form, runs the selected runs, and prints a table per run
(figure, value, reference, ratio, target, pass/fail). The tables and the machine description
are written into docs/benchmarks.md (generated blocks; the written analysis around them is
kept). The extraction benchmark (bench/bench_extraction.py) runs too unless --runs excludes
"x".
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Locust patches the process for gevent; it must come before anything opens sockets.
import load  # noqa: E402, I001
import bench_io  # noqa: E402
import bench_web  # noqa: E402
from harness import (  # noqa: E402
    BENCH_EDITORS,
    BENCH_PASSWORD,
    BENCH_REVIEWERS,
    PY,
    ROOT,
    Database,
    Server,
    Table,
    log,
    machine,
    manage,
    write_section,
)

ALL_RUNS = ["1", "2", "3", "4", "5", "x"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs",
        default=",".join(ALL_RUNS),
        help="comma-separated subset of 1,2,3,4,5,x (x: extraction)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="1k articles and short runs (a couple of minutes)"
    )
    parser.add_argument("--articles", type=int, help="bench articles (default 10000)")
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--seconds", type=float, help="contention run length (default 30)")
    parser.add_argument(
        "--import-articles", type=int, help="articles imported in run 5 (default 500)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--db",
        default="factcheck_bench",
        help="scratch database name (dropped and recreated!); the ~1k-claim "
        "reference database is this name + _small",
    )
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the scratch databases (for EXPLAIN ANALYZE afterwards)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="run against the database --db as it is (built earlier with --keep-db, "
        "e.g. 1M claims) instead of dropping it and generating data; it is kept",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args(argv)
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    unknown = set(runs) - set(ALL_RUNS)
    if unknown:
        parser.error(f"unknown run(s) {sorted(unknown)}; choose from {ALL_RUNS}")
    args.runs = runs
    if args.articles is None:
        args.articles = 1000 if args.quick else 10000
    if args.seconds is None:
        args.seconds = 10.0 if args.quick else 30.0
    if args.import_articles is None:
        args.import_articles = 100 if args.quick else 500
    return args


def settings_for(args) -> bench_web.Settings:
    if args.quick:
        return bench_web.Settings(requests=200, seconds=5.0, contention_seconds=args.seconds)
    return bench_web.Settings(contention_seconds=args.seconds)


def web_runs(args, db: Database, server: Server, small_db_url) -> list[Table]:
    log("logging in 32 reviewers and 2 editors through the login form")
    reviewers = load.login_all(server.base, BENCH_REVIEWERS[:32], BENCH_PASSWORD)
    editors = load.login_all(server.base, BENCH_EDITORS[:2], BENCH_PASSWORD)
    ctx = bench_web.Context(server.base, db, reviewers, editors, settings_for(args))
    tables = []
    if "1" in args.runs:
        tables.append(bench_web.run_queue(ctx, small_db_url))
        show(tables[-1], args)
    if "3" in args.runs:
        tables.append(bench_web.run_pages(ctx))
        show(tables[-1], args)
    if "2" in args.runs:  # last: it moves claims around
        tables.append(bench_web.run_next_claim(ctx))
        show(tables[-1], args)
    if "4" in args.runs:
        tables.append(bench_io.run_exports(ctx, server))
        show(tables[-1], args)
    return tables


def show(table: Table, args):
    print("\n" + table.text() + "\n", flush=True)
    if not args.no_write:
        write_section(table.key, table.markdown())


def describe(args, data_line: str, data_seconds: float) -> str:
    m = machine()
    return "\n".join(
        [
            "### Machine and data",
            "",
            f"- {m['cores']} cores ({m['cpu']}), {m['memory']} memory, PostgreSQL "
            f"{m['postgresql']}, Python {m['python']}, Linux {m['kernel']}",
            f"- load average when the runs started: "
            f"{' / '.join(f'{x:.1f}' for x in m['load'])} (1/5/15 min; other work on the machine "
            "takes cores from both the server and the load client)",
            f"- gunicorn: {args.workers} sync workers on 127.0.0.1; load from one Locust "
            "(FastHttpUser) process on the same machine (it shares the cores with the server)",
            (
                f"- data: database `{args.db}` reused: {data_line.strip()}"
                if args.reuse_db
                else f"- data: `bench_data --articles {args.articles} --claims-per-article "
                f"{args.claims_per_article}`: {data_line.strip()} (wall {data_seconds:.0f} s)"
            ),
            f"- run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
            f"{' (--quick)' if args.quick else ''}",
        ]
    )


def existing_data(db: Database) -> str:
    """What a reused database holds, in bench_data's words."""
    counts = {
        name: db.query(f"SELECT count(*) FROM factcheck_{table}")[0][0]  # noqa: S608
        for name, table in [
            ("articles", "article"),
            ("claims", "claim"),
            ("verdicts", "verdict"),
            ("evidence", "evidence"),
            ("events", "claimevent"),
        ]
    }
    return "existing database: " + ", ".join(f"{n:,} {name}" for name, n in counts.items())


def run_extraction(args):
    log("extraction benchmark (bench/bench_extraction.py)")
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "bench_extraction.py")],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    text = out.stdout.strip() or out.stderr.strip()[-2000:]
    print("\nExtraction (bench/bench_extraction.py)\n" + text + "\n", flush=True)
    if not args.no_write:
        write_section(
            "extraction", "### Extraction (bench/bench_extraction.py)\n\n```\n" + text + "\n```"
        )


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    needs_data = bool(set(args.runs) & {"1", "2", "3", "4", "5"})
    if needs_data:
        small = None
        with Database(args.db, keep=args.keep_db, reuse=args.reuse_db) as db:
            t0 = time.perf_counter()
            if args.reuse_db:
                data_line = existing_data(db)
            else:
                data_line = manage(
                    db.url,
                    "bench_data",
                    "--articles",
                    str(args.articles),
                    "--claims-per-article",
                    str(args.claims_per_article),
                    capture=True,
                )
            data_seconds = time.perf_counter() - t0
            log(data_line.strip())
            if not args.no_write:
                write_section("machine", describe(args, data_line, data_seconds))
            try:
                if "1" in args.runs:
                    small = bench_web.make_small_db(f"{args.db}_small", keep=args.keep_db)
                if set(args.runs) & {"1", "2", "3", "4"}:
                    with Server(db.url, args.port, args.workers) as server:
                        web_runs(args, db, server, small.url if small else None)
                if "5" in args.runs:
                    show(bench_io.run_import(db, args.import_articles), args)
            finally:
                if small is not None:
                    small.__exit__(None, None, None)
    if "x" in args.runs:
        run_extraction(args)
    log(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
