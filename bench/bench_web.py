"""Runs 1-3 of the benchmark suite: the queue page, "next claim" under contention, and the
claim and article pages, each next to the minimal logged-in page (/ping/) measured in the
same run against the same gunicorn.

Started by run_all.py, which provides the database, the server and the logged-in users.
"""

import html
import json
import random
import re
import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from harness import PY, ROOT, Database, Stats, Table, app_env, log, manage, ms, ratio
from holds import client_overlaps, replay_events
from load import Session, measure

VERSION_INPUT = re.compile(
    r'<input[^>]*name="version"[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*name="version"'
)
CLAIM_PATH = re.compile(r"/claims/(\d+)/$")
NEXT_CURSOR = re.compile(r'href="[^"]*[?&](?:amp;)?after=([^"&]+)')
QUEUE_TARGET = 3.0  # queue median at most 3x the minimal page's
MAX_QUERIES = 10


@dataclass
class Settings:
    concurrency: int = 2  # latency runs: one request per gunicorn worker, no queueing
    requests: int = 400
    seconds: float = 12.0
    contention_users: int = 32
    contention_seconds: float = 30.0


@dataclass
class Context:
    base: str
    db: Database
    reviewers: list  # logged-in Sessions
    editors: list
    settings: Settings
    ping: Stats | None = None
    found: dict = field(default_factory=dict)


def ping_stats(ctx: Context) -> Stats:
    """The minimal page at the latency-run concurrency (measured once per suite run)."""
    if ctx.ping is None:
        s = ctx.settings
        ctx.ping = measure(
            "ping",
            ctx.reviewers,
            lambda x: x.get("/ping/"),
            concurrency=s.concurrency,
            max_requests=s.requests,
            max_seconds=s.seconds,
            warmup=5,
        )
        log(ctx.ping.line())
    return ctx.ping


def latency(ctx: Context, name: str, paths, sessions=None) -> tuple[Stats, Stats]:
    """The pages' latency, and the minimal page's measured around it: half a window of
    /ping/ just before the pages and half just after, by the same users. A page's ratio is
    to that reference, taken on the same machine within seconds of it (a reference taken
    once per suite moved every ratio by 20-40% when the shared machine's load changed
    between the two). Pings and pages are not mixed in one window: a ping running beside
    another user's page would be slowed by it and flatter the ratio. `paths`: the pages,
    taken in turn by every user, or a function giving each user their own page."""
    s = ctx.settings
    users = sessions or ctx.reviewers
    turn = iter(range(10**9))

    def get(session):
        path = paths(session) if callable(paths) else paths[next(turn) % len(paths)]
        response = session.get(path)
        return response.status_code == 200

    def pings():
        return measure(
            f"ping beside {name}",
            users,
            lambda x: x.get("/ping/"),
            concurrency=s.concurrency,
            max_requests=s.requests // 2,
            max_seconds=s.seconds / 2,
            warmup=3,
        )

    before = pings()
    stats = measure(
        name,
        users,
        get,
        concurrency=s.concurrency,
        max_requests=s.requests,
        max_seconds=s.seconds,
        warmup=3,
    )
    after = pings()
    ping = Stats(
        f"ping around {name}",
        before.latencies + after.latencies,
        before.errors + after.errors,
        before.seconds + after.seconds,
        before.error_samples + after.error_samples,
    )
    log(stats.line())
    log(ping.line())
    if stats.error_samples:
        log(f"  errors, e.g. {stats.error_samples[:2]}")
    return stats, ping


def compare(table: Table, stats: Stats, ping: Stats, target=QUEUE_TARGET):
    if not stats.count:
        table.add(
            f"{stats.name}: median",
            "no successful request",
            ms(ping.median_ms),
            "",
            f"<= {target:g}x ping",
            False,
        )
        table.notes.append(f"{stats.name}: {stats.errors} errors, e.g. {stats.error_samples}")
        return
    table.add(
        f"{stats.name}: median",
        ms(stats.median_ms),
        f"ping {ms(ping.median_ms)}",
        ratio(stats.median_ms, ping.median_ms),
        f"<= {target:g}x ping",
        stats.median_ms <= target * ping.median_ms,
    )
    table.add(
        f"{stats.name}: p95",
        ms(stats.p95_ms),
        f"ping {ms(ping.p95_ms)}",
        ratio(stats.p95_ms, ping.p95_ms),
        f"<= {target:g}x ping",
        stats.p95_ms <= target * ping.p95_ms,
    )
    if stats.errors:
        table.notes.append(
            f"{stats.name}: {stats.errors} failed requests, e.g. {stats.error_samples[:2]}"
        )


def count_queries(db_url: str, username: str, paths: list[str]) -> dict:
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "query_count.py"), username, *paths],
        cwd=ROOT,
        env=app_env(db_url, ALLOWED_HOSTS="127.0.0.1,testserver"),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        log(f"query count failed: {out.stderr.strip().splitlines()[-1:]}")
        return {}
    return json.loads(out.stdout)


# --- run 1: the queue page ---------------------------------------------------------------


def run_queue(ctx: Context, small_db_url: str | None) -> Table:
    table = Table("Run 1: queue page, 50 rows, with and without filters", "run1")
    n_claims = ctx.db.query("SELECT count(*) FROM factcheck_claim")[0][0]
    outlet = ctx.db.query(
        "SELECT outlet FROM factcheck_article WHERE outlet <> '' "
        "GROUP BY outlet ORDER BY count(*) DESC LIMIT 1"
    )[0][0]
    first = ctx.reviewers[0].get("/queue/?sort=age")
    cursor = NEXT_CURSOR.search(first.text)
    variants = [
        ("queue, no filter", "/queue/"),
        ("queue, status=queued", "/queue/?status=queued"),
        ("queue, kind+outlet", f"/queue/?kind=troops&outlet={quote(outlet)}"),
        ("queue, assignee=mine", "/queue/?assignee=mine&status=in_review"),
        ("queue, sort=age", "/queue/?sort=age"),
    ]
    if cursor:
        variants.append(
            (
                "queue, page 2 (cursor)",
                f"/queue/?sort=age&after={quote(html.unescape(cursor.group(1)))}",
            )
        )
    else:
        table.notes.append("no next-page link found on /queue/?sort=age; page 2 not measured")
    variants.append(("queue, text search q=bridge", "/queue/?q=bridge"))
    ping = ping_stats(ctx)
    table.add("minimal page (/ping/) alone: median", ms(ping.median_ms), "", "", "", None)
    table.add("minimal page (/ping/) alone: p95", ms(ping.p95_ms))
    for name, path in variants:
        compare(table, *latency(ctx, name, [path]))
    # Queries per page, counted in-process, at this size and at about 1k claims.
    paths = [p for _, p in variants if "after=" not in p]
    big = count_queries(ctx.db.url, ctx.reviewers[0].username, paths)
    small = count_queries(small_db_url, ctx.reviewers[0].username, paths) if small_db_url else {}
    for name, path in variants:
        if path not in big:
            continue
        status, n = big[path]
        ref = small.get(path, [None, None])[1]
        ok = status == 200 and n <= MAX_QUERIES and (ref is None or ref == n)
        table.add(
            f"SQL queries: {name}",
            f"{n} at {n_claims:,} claims",
            f"{ref} at ~1k claims" if ref is not None else "",
            "",
            f"<= {MAX_QUERIES}, same at both sizes",
            ok,
        )
    table.notes.append(
        f"{n_claims:,} claims; {ctx.settings.concurrency} concurrent users, "
        f"each figure from up to {ctx.settings.requests} requests / "
        f"{ctx.settings.seconds:g} s after warm-up"
    )
    return table


# --- run 2: next claim under contention ----------------------------------------------------

HANDOUT_RATE_TARGET = 0.3  # hand-outs/s at least this share of the minimal page's requests/s
HANDOUT_P95_MS = 150.0  # "next claim" p95 at that rate, with 32 reviewers


def run_next_claim(ctx: Context) -> Table:
    """Three views of "next claim" with 32 reviewers at once, each beside the minimal page's
    rate with as many users:

    1. as fast as it goes: each reviewer takes the next claim and releases it at once (the
       two write transactions of a hand-out), with no pause: the hand-out capacity;
    2. at the target rate (0.3x the minimal page's): the same cycle, each reviewer paced so
       the 32 together ask for that many hand-outs a second, as a newsroom would (people
       read a claim before the next): the latency of "next claim" at that rate;
    3. the whole cycle a person makes, take, the claim page, release, as fast as it goes
       (for comparison with earlier runs; the claim page's own cost is run 3's figure).
    Every hand-out is checked for double holds, in the clients' log and in the audit log.
    """
    s = ctx.settings
    table = Table(
        f'Run 2: "next claim" under contention ({s.contention_users} reviewers, '
        f"{s.contention_seconds:g} s per figure)",
        "run2",
    )
    users = ctx.reviewers[: s.contention_users]
    ping = measure(
        f"ping x{len(users)}",
        users,
        lambda x: x.get("/ping/"),
        concurrency=len(users),
        max_requests=10**9,
        max_seconds=s.contention_seconds,
        warmup=2,
    )
    log(ping.line())
    holds, failures = [], defaultdict(int)
    started = time.time()
    table.add(f"minimal page x{len(users)}: requests/s", f"{ping.rate:.1f}/s", "", "", "", None)

    def take(session: Session, takes: list):
        t0 = time.perf_counter()
        response = session.post("/queue/next/")
        took = time.perf_counter() - t0
        location = response.headers.get("location", "")
        match = CLAIM_PATH.search(location.split("?")[0])
        if response.status_code != 302 or not match:
            failures[f"next: HTTP {response.status_code} -> {location or '-'}"] += 1
            return None, location
        takes.append(took)
        return int(match.group(1)), location

    def release(session: Session, pk: int, got: float, version=None) -> bool:
        holds.append((pk, session.username, got, time.perf_counter()))
        released = session.post(f"/claims/{pk}/release/", {"version": version} if version else {})
        if released.status_code >= 400:
            failures[f"release: HTTP {released.status_code}"] += 1
            return False
        if version is None:
            # No page was shown in this cycle: a browser would show (and so clear) the two
            # "taken"/"released" messages on its next page. Without that they pile up in
            # the messages cookie, and every later request pays for re-signing the pile.
            session.drop_cookie("messages")
        return True

    # 1. Capacity: take and release, no pause.
    fast_takes = []

    def take_release(session: Session):
        pk, _ = take(session, fast_takes)
        return pk is not None and release(session, pk, time.perf_counter())

    n_before = len(holds)
    fast = measure(
        "take+release",
        users,
        take_release,
        concurrency=len(users),
        max_requests=10**9,
        max_seconds=s.contention_seconds,
    )
    log(fast.line())
    capacity = (len(holds) - n_before) / fast.seconds
    table.add(
        "hand-outs/s, take+release, no pause",
        f"{capacity:.1f}/s",
        f"ping {ping.rate:.1f}/s",
        ratio(capacity, ping.rate),
        f">= {HANDOUT_RATE_TARGET:g}x ping",
        capacity >= HANDOUT_RATE_TARGET * ping.rate,
    )
    fast_stats = Stats("next claim POST, no pause", fast_takes, 0, fast.seconds)
    table.add(
        '"next claim" POST, no pause: median / p95',
        f"{ms(fast_stats.median_ms)} / {ms(fast_stats.p95_ms)}",
        f"ping x{len(users)} {ms(ping.median_ms)} / {ms(ping.p95_ms)}",
    )

    # 2. Latency at the target rate: each reviewer starts a cycle every `period` seconds.
    target_rate = HANDOUT_RATE_TARGET * ping.rate
    period = len(users) / target_rate
    paced_takes = []
    next_start = {}
    rng = random.Random(7)

    def paced(session: Session):
        now = time.perf_counter()
        # Spread the first cycles over one period, then keep each reviewer's own beat.
        due = next_start.setdefault(id(session), now + rng.uniform(0, period))
        if due > now:
            time.sleep(due - now)  # gevent-patched: the other reviewers go on
        next_start[id(session)] = max(due, time.perf_counter() - period) + period
        pk, _ = take(session, paced_takes)
        return pk is not None and release(session, pk, time.perf_counter())

    n_before = len(holds)
    paced_run = measure(
        "take+release at the target rate",
        users,
        paced,
        concurrency=len(users),
        max_requests=10**9,
        max_seconds=s.contention_seconds,
    )
    log(paced_run.line())
    achieved = (len(holds) - n_before) / paced_run.seconds
    paced_stats = Stats("next claim POST at the target rate", paced_takes, 0, paced_run.seconds)
    table.add(
        f"hand-outs/s asked for by {len(users)} paced reviewers",
        f"{achieved:.1f}/s",
        f"target {target_rate:.1f}/s = {HANDOUT_RATE_TARGET:g}x ping",
        ratio(achieved, ping.rate),
        f">= {0.95 * HANDOUT_RATE_TARGET:g}x ping (pacing slack 5%)",
        achieved >= 0.95 * target_rate,
    )
    table.add(
        '"next claim" POST at that rate: median',
        ms(paced_stats.median_ms),
        f"ping x{len(users)} {ms(ping.median_ms)}",
        ratio(paced_stats.median_ms, ping.median_ms),
    )
    table.add(
        '"next claim" POST at that rate: p95',
        ms(paced_stats.p95_ms),
        f"ping x{len(users)} {ms(ping.p95_ms)}",
        ratio(paced_stats.p95_ms, ping.p95_ms),
        f"<= {HANDOUT_P95_MS:g} ms",
        paced_stats.p95_ms <= HANDOUT_P95_MS,
    )

    # 3. A person's whole cycle, as fast as it goes.
    page_takes = []

    def take_page_release(session: Session):
        pk, location = take(session, page_takes)
        if pk is None:
            return False
        got = time.perf_counter()
        page = session.get(location)
        found = VERSION_INPUT.search(page.text or "")
        if page.status_code != 200 or not found:
            failures[
                f"claim page: HTTP {page.status_code}, version input "
                f"{'found' if found else 'missing'}"
            ] += 1
            return False
        return release(session, pk, got, found.group(1) or found.group(2))

    n_before = len(holds)
    cycles = measure(
        "take+page+release",
        users,
        take_page_release,
        concurrency=len(users),
        max_requests=10**9,
        max_seconds=max(5.0, s.contention_seconds / 2),
    )
    log(cycles.line())
    full_rate = (len(holds) - n_before) / cycles.seconds
    table.add(
        "hand-outs/s, take + claim page + release, no pause",
        f"{full_rate:.1f}/s",
        f"ping {ping.rate:.1f}/s",
        ratio(full_rate, ping.rate),
    )

    client_doubles = client_overlaps(holds)
    table.add(
        "double holds seen by clients",
        str(client_doubles),
        f"{len(holds)} hand-outs",
        "",
        "0",
        client_doubles == 0,
    )
    replay_doubles, inconsistent = replay_events(ctx.db, {pk for pk, *_ in holds}, started)
    table.add(
        "double holds in the ClaimEvent replay",
        str(replay_doubles),
        f"{len({pk for pk, *_ in holds})} claims",
        "",
        "0",
        replay_doubles == 0,
    )
    table.notes.append(
        f"paced run: each reviewer starts a take+release every {period:.2f} s "
        f"({len(users)} reviewers / {target_rate:.1f} hand-outs/s)"
    )
    if inconsistent:
        table.notes.append(f"{inconsistent} events whose from_status is not the status before them")
    if failures:
        table.notes.append("failed cycles: " + ", ".join(f"{k} x{v}" for k, v in failures.items()))
    return table


# --- run 3: claim page and article page -----------------------------------------------------


def run_pages(ctx: Context) -> Table:
    table = Table("Run 3: claim page and article page", "run3")
    sample = [
        r[0]
        for r in ctx.db.query("SELECT id FROM factcheck_claim ORDER BY md5(id::text) LIMIT 300")
    ]
    published = [
        r[0]
        for r in ctx.db.query(
            "SELECT id FROM factcheck_claim WHERE status = 'published' "
            "ORDER BY md5(id::text) LIMIT 300"
        )
    ]
    long_article = ctx.db.query(
        "SELECT article_id, count(*) FROM factcheck_claim GROUP BY article_id "
        "ORDER BY count(*) DESC, article_id LIMIT 1"
    )[0]
    typical = ctx.db.query("SELECT id FROM factcheck_article ORDER BY md5(id::text) LIMIT 50")
    ping = ping_stats(ctx)
    table.add("minimal page (/ping/) alone: median", ms(ping.median_ms))
    pages = [
        ("claim page (any status)", [f"/claims/{pk}/" for pk in sample]),
        ("claim page (published, with verdict + evidence)", [f"/claims/{pk}/" for pk in published]),
        (f"article page ({long_article[1]} claims)", [f"/articles/{long_article[0]}/"]),
        ("article page (typical)", [f"/articles/{r[0]}/" for r in typical]),
    ]
    for name, paths in pages:
        compare(table, *latency(ctx, name, paths))
    # The page a reviewer works on all day: a claim they hold, with its evidence and
    # verdict forms. Each of the run's users takes one ("next claim") and reads their own.
    holders = ctx.reviewers[: ctx.settings.concurrency]
    held = {h.username: hold_next(h) for h in holders}
    name = "claim page (held by the reader, with its forms)"
    try:
        compare(table, *latency(ctx, name, lambda x: held[x.username][0], holders))
        pages.append((name, [held[holders[0].username][0]]))
        counted = count_queries(ctx.db.url, holders[0].username, [paths[0] for _, paths in pages])
    finally:
        for h in holders:
            path, version = held[h.username]
            h.post(f"{path}release/", {"version": version})
            h.drop_cookie("messages")
    for name, paths in pages:
        if paths[0] in counted:
            status, n = counted[paths[0]]
            table.add(f"SQL queries: {name}", str(n), f"HTTP {status}")
    return table


def hold_next(session: Session) -> tuple[str, str]:
    """`session` takes the next claim: its page's path and the claim's version."""
    response = session.post("/queue/next/")
    path = response.headers.get("location", "").split("?")[0]
    page = session.get(path) if CLAIM_PATH.search(path) else None
    found = VERSION_INPUT.search(page.text or "") if page is not None else None
    if page is None or page.status_code != 200 or not found:
        raise SystemExit(f"{session.username} could not take a claim (HTTP {response.status_code})")
    return path, found.group(1) or found.group(2)


def make_small_db(name: str, keep=False) -> Database:
    """About 1k claims, to check the queue's query count does not grow with the data."""
    db = Database(name, keep=keep).__enter__()
    manage(
        db.url,
        "bench_data",
        "--articles",
        "100",
        "--claims-per-article",
        "10",
        "--long-article-claims",
        "0",
        capture=True,
    )
    return db
