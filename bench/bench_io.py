"""Runs 4 and 5 of the benchmark suite: exports at two sizes, and import with extraction
by one and by two task workers.

Run 4 downloads GET /exports/ over HTTP from the running gunicorn (rows/s as a user sees
them) and runs `manage.py export_verdicts -o FILE` in its own process for peak memory
(ru_maxrss of that process); psql's \\copy of the same rows is the reference.
Run 5 writes seed-format files, imports them with `manage.py import_articles` (which
queues one extraction task per article) and times `manage.py db_worker --batch` workers.
"""

import os
import random
import re
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from harness import PY, ROOT, Database, Table, app_env, log, manage, ratio
from load import Session

CSV_TARGET = 20_000  # rows/s
FLAT = 1.25  # peak memory at 10x the rows: at most 25% more
COPY_SQL = """
SELECT a.id, a.title, a.outlet, a.url, a.published, c.id, c.kind, c.text, c.span, c.low,
       c.high, c.qualifier, c.unit, c.date, c.granularity, c.speaker, c.status, r.label,
       r.value, v.rationale,
       (SELECT string_agg(e.url, ' ') FROM factcheck_verdict_evidence ve
          JOIN factcheck_evidence e ON e.id = ve.evidence_id WHERE ve.verdict_id = v.id),
       ua.username, ub.username, v.revision, v.created_at, v.approved_at, c.dismissal_reason
FROM factcheck_claim c
JOIN factcheck_article a ON a.id = c.article_id
LEFT JOIN factcheck_verdict v ON v.claim_id = c.id AND v.state IN ('published', 'proposed')
LEFT JOIN factcheck_rating r ON r.id = v.rating_id
LEFT JOIN auth_user ua ON ua.id = v.author_id
LEFT JOIN auth_user ub ON ub.id = v.approved_by_id
WHERE a.published BETWEEN '{start}' AND '{end}'
ORDER BY c.article_id, c.start, c.id
"""


def _sizes(db: Database):
    """Two publication-date windows: about a tenth of the claims, and all of them."""
    first, last = db.query("SELECT min(published), max(published) FROM factcheck_article")[0]
    tenth = first + (last - first) / 10
    out = []
    for start, end in ((first, tenth), (first, last)):
        claims, published = db.query(
            "SELECT count(*), count(*) FILTER (WHERE c.status = 'published') "
            "FROM factcheck_claim c JOIN factcheck_article a ON a.id = c.article_id "
            "WHERE a.published BETWEEN %s AND %s",
            (start, end),
        )[0]
        out.append((start.isoformat(), end.isoformat(), claims, published))
    return out


def _download(session: Session, fmt: str, start: str, end: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    size = 0
    query = urlencode({"format": fmt, "date_from": start, "date_to": end})
    response = session.get(f"/exports/?{query}", stream=True)
    if response.status_code != 200:
        raise RuntimeError(f"export {fmt}: HTTP {response.status_code}")
    for chunk in response.iter_content(64 * 1024, decode_content=False):
        size += len(chunk)
    return time.perf_counter() - t0, size


def _command_peak(db_url: str, fmt: str, start: str, end: str) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of export_verdicts in a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"export.{fmt}"
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [
                PY,
                "manage.py",
                "export_verdicts",
                "--format",
                fmt,
                "--from",
                start,
                "--to",
                end,
                "-o",
                str(out),
                "--no-progress",
            ],
            cwd=ROOT,
            env=app_env(db_url),
            stdout=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t0
        if proc.returncode:
            raise RuntimeError(f"export_verdicts --format {fmt} failed ({proc.returncode})")
    return seconds, usage.ru_maxrss / 1024


def _psql_copy(db_url: str, start: str, end: str) -> float:
    """Seconds psql's \\copy takes for the same rows (psql's own \\timing: no start-up)."""
    query = " ".join(COPY_SQL.format(start=start, end=end).split())
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [
                "/usr/bin/psql",
                db_url,
                "-q",
                "-c",
                "\\timing on",
                "-c",
                f"\\copy ({query}) TO '{tmp}/copy.csv' CSV HEADER",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    found = re.search(r"Time: ([\d.]+) ms", out.stdout)
    if not found:
        raise RuntimeError(f"psql printed no timing: {out.stdout[-200:]}")
    return float(found.group(1)) / 1000


def run_exports(ctx, server) -> Table:
    table = Table("Run 4: exports (CSV and ClaimReview) at two sizes", "run4")
    session = ctx.editors[0]
    # Planner statistics for what the exports read, as autovacuum would have them on a
    # live site: the earlier runs add verdicts, and autovacuum may or may not have come by
    # the link table yet (without statistics on it, the CSV's cited evidence for a page of
    # claims was planned as a sequential scan of it: 4.6 s of an 11 s export of 100k).
    with ctx.db.connect() as conn:
        conn.execute("ANALYZE factcheck_verdict, factcheck_verdict_evidence, factcheck_evidence")
    sizes = _sizes(ctx.db)
    peaks = {}
    for fmt in ("csv", "claimreview"):
        for start, end, claims, published in sizes:
            rows = claims if fmt == "csv" else published
            seconds, size = _download(session, fmt, start, end)
            rate = rows / seconds
            label = f"{fmt} export of {rows:,} rows over HTTP"
            if fmt == "csv":
                copy_s = _psql_copy(ctx.db.url, start, end)
                table.add(
                    f"{label}: rows/s",
                    f"{rate:,.0f}/s",
                    f"psql \\copy {claims / copy_s:,.0f}/s",
                    ratio(rate, claims / copy_s),
                    f">= {CSV_TARGET:,}/s",
                    rate >= CSV_TARGET,
                )
            else:
                table.add(f"{label}: rows/s", f"{rate:,.0f}/s", "", "", "", None)
            log(f"{label}: {seconds:.1f} s, {size / 1e6:.1f} MB")
            cmd_s, peak = _command_peak(ctx.db.url, fmt, start, end)
            peaks.setdefault(fmt, []).append((rows, peak))
            table.add(
                f"{fmt} export_verdicts of {rows:,} rows: peak RSS",
                f"{peak:.0f} MiB",
                f"{cmd_s:.1f} s with start-up",
            )
    for fmt, ((small_rows, small), (big_rows, big)) in peaks.items():
        table.add(
            f"{fmt}: peak memory {big_rows:,} vs {small_rows:,} rows",
            f"{big:.0f} MiB",
            f"{small:.0f} MiB",
            ratio(big, small),
            f"flat (<= {FLAT:g}x)",
            big <= FLAT * small,
        )
    table.notes.append(
        "HTTP figures: one download at a time by a logged-in editor, streamed; "
        "peak RSS: the whole export_verdicts process (Django, spaCy-free)"
    )
    return table


# --- run 5: import with extraction ---------------------------------------------------------


def write_articles(folder: Path, count: int, seed: int):
    """Seed-format files from the bench_data generator (titles made unique per run)."""
    # Imported lazily: the generator lives in the bench app's Django command module.
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    from benchsite.management.commands.bench_data import _article
    from django.utils import timezone

    rng = random.Random(seed)
    now = timezone.now()
    for i in range(count):
        article, _claims = _article(rng, i, rng.randint(6, 14), f"import{seed}", now)
        (folder / f"import-{seed}-{i:04d}.txt").write_text(
            f"{article.title} ({seed}-{i})\n\n{article.source_line}\n\n{article.body}\n",
            encoding="utf-8",
        )


def run_import(db: Database, count: int) -> Table:
    table = Table(f"Run 5: import with extraction of {count} articles", "run5")
    rates = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            write_articles(Path(tmp), count, seed=1000 + workers)
            since = db.query("SELECT now()")[0][0]
            t0 = time.perf_counter()
            manage(db.url, "import_articles", tmp, capture=True)
            import_s = time.perf_counter() - t0
        pending = db.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'READY' AND enqueued_at >= %s",
            (since,),
        )[0][0]
        log(
            f"imported {count} articles in {import_s:.1f} s; {pending} extraction tasks queued;"
            f" starting {workers} worker(s)"
        )
        t0 = time.perf_counter()
        procs = [
            subprocess.Popen(
                [
                    PY,
                    "manage.py",
                    "db_worker",
                    "--batch",
                    "--no-reload",
                    "--no-startup-delay",
                    "-v0",
                ],
                cwd=ROOT,
                env=app_env(db.url),
            )
            for _ in range(workers)
        ]
        cpu = 0.0
        for proc in procs:
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu += usage.ru_utime + usage.ru_stime
        wall = time.perf_counter() - t0
        done, failed, busy = db.query(
            "SELECT count(*) FILTER (WHERE status = 'SUCCESSFUL'), "
            "count(*) FILTER (WHERE status = 'FAILED'), "
            "extract(epoch FROM max(finished_at) - min(started_at)) "
            "FROM django_tasks_database_dbtaskresult WHERE enqueued_at >= %s",
            (since,),
        )[0]
        rates[workers] = done / float(busy) if busy else 0.0
        table.add(
            f"{workers} worker(s): articles/s",
            f"{rates[workers]:.2f}/s",
            f"{done} done in {float(busy or 0):.1f} s",
            "",
            "" if workers == 1 else ">= 1.6x one worker",
            None if workers == 1 else rates[2] >= 1.6 * rates[1],
        )
        table.add(
            f"{workers} worker(s): wall time with worker start-up",
            f"{wall:.1f} s",
            f"CPU {cpu:.0f} s = {cpu / wall:.2f} cores busy",
        )
        table.add(
            f"{workers} worker(s): upload/import (queueing) time",
            f"{import_s:.1f} s",
            f"{count / import_s:.0f} articles/s",
        )
        if failed:
            table.notes.append(f"{failed} extraction tasks failed with {workers} worker(s)")
    if rates.get(1):
        table.add(
            "speed-up, 2 workers vs 1",
            ratio(rates[2], rates[1]),
            "",
            "",
            ">= 1.6x",
            rates[2] >= 1.6 * rates[1],
        )
    return table
