"""Multi-node test: two gunicorn nodes, task workers, one PostgreSQL database, Redis.

    python tests/cluster/cluster_run.py            (make test-cluster)

It starts everything on loopback ports, imports 50 articles on node A (workers extract
them), has an editor queue the claims on node B, then runs 32 simulated reviewers over both
nodes for a bounded time (take, add evidence, propose, release) while an editor approves on
the other node. Mid-load it kills -9 one task worker and one web node; the reviewers on the
dead node carry on against the other. It checks:

- no claim was ever held by two reviewers, and every step a node acknowledged is in the
  audit log with the status chain unbroken (no lost updates);
- every article was extracted exactly once (the killed worker's task was run again);
- the counts per status are the same on both nodes, and in the database, after each phase;
- a dropped database connection (pg_terminate_backend) gives no 500.

Every loop has a deadline; every process it starts is stopped at the end. Exit 0: passed.
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent
PY = sys.executable
COUNT = re.compile(r'id="count-([a-z_]+)">(\d+)<')
ROW = re.compile(r'id="claim-row-(\d+)"')
CLAIM_URL = re.compile(r"/claims/(\d+)/")
STATUSES = ("new", "queued", "in_review", "proposed", "published", "dismissed")


def log(message):
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)
    log(f"ok: {message}")


# --- processes -------------------------------------------------------------------------------


class Cluster:
    def __init__(self, args):
        self.args = args
        self.procs = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="fc-cluster-"))
        self.db_name = args.db
        self.db_url = f"{args.pg}/{self.db_name}"
        self.ports = {"A": args.port, "B": args.port + 1}
        self.csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret both sides agree on
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DEBUG": "0",
            "SECRET_KEY": "cluster-" + secrets.token_hex(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.db_url,
            "DB_POOL_MIN": "1",
            "DB_POOL_MAX": "4",
            "REDIS_URL": args.redis,
            "CACHE_KEY_PREFIX": f"fc-cluster-{os.getpid()}",
            "TASKS_BACKEND": args.tasks_backend,
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(self.tmp / "static"),
            "TASK_STALE_SECONDS": "6",
            "QUEUE_COUNTS_SECONDS": "30",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        }
        self.env.pop("TASKS_IMMEDIATE", None)

    def manage(self, *args, timeout=300):
        result = subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise Failed(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self, name, argv):
        out = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop_all)
        self.procs[name] = (
            subprocess.Popen(
                argv,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            ),
            out,
        )

    def start_web(self, node):
        self.start(
            f"web-{node}",
            [
                PY,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.ports[node]}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
                "factcheck.wsgi",
            ],
        )

    def start_worker(self, n):
        if self.args.tasks_backend == "redis":
            argv = [PY, "manage.py", "run_redis_tasks", "--continuous"]
        else:
            argv = [PY, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
        self.start(f"worker-{n}", argv)

    def kill9(self, name):
        proc, out = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        out.close()

    def stop_all(self):
        for name in list(self.procs):
            proc, out = self.procs.pop(name)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
            out.close()

    # --- database ----------------------------------------------------------------------------

    def admin_sql(self, sql):
        with psycopg.connect(f"{self.args.pg}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def sql(self, query, params=()):
        with psycopg.connect(self.db_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def db_counts(self):
        counts = dict.fromkeys(STATUSES, 0)
        counts.update(dict(self.sql("SELECT status, count(*) FROM factcheck_claim GROUP BY 1")))
        return counts


# --- HTTP clients ----------------------------------------------------------------------------


class User:
    """One browser: a session made in the database, a CSRF secret, a home node."""

    def __init__(self, cluster, name, session, node):
        self.cluster, self.name, self.session, self.node = cluster, name, session, node
        self.rating = ""
        self.holding = None  # (claim, since) while this reviewer surely holds a claim

    def client(self, node=None):
        port = self.cluster.ports[node or self.node]
        return httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}",
            cookies={"sessionid": self.session, "csrftoken": self.cluster.csrf},
            headers={"X-CSRFToken": self.cluster.csrf},
            timeout=httpx.Timeout(30.0, connect=2.0),
            follow_redirects=False,
        )


async def node_counts(user, node):
    async with user.client(node) as client:
        response = await client.get("/queue/")
    if response.status_code != 200:
        raise Failed(f"/queue/ on node {node} answered {response.status_code}")
    return {status: int(n) for status, n in COUNT.findall(response.text)}


async def counts_agree(cluster, editor, nodes, when):
    seen = {node: await node_counts(editor, node) for node in nodes}
    in_db = cluster.db_counts()
    for node, counts in seen.items():
        check(counts == in_db, f"node {node} counts equal the database's {when}: {counts}")


async def wait_ready(cluster, node, deadline=60):
    end = time.monotonic() + deadline
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{cluster.ports[node]}") as client:
        while time.monotonic() < end:
            try:
                response = await client.get("/readyz")
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.5)
    raise Failed(f"node {node} not ready after {deadline}s")


# --- phases ----------------------------------------------------------------------------------


ARTICLE = """Cluster report {n}: forces move near Town{n}

src cluster

The ministry said on Monday that {troops} soldiers crossed the river near Town{n}.

"We will hold the bridge until the spring," said General Petra Novak{n}.

At least {dead} people were killed in shelling since March 3, officials said.

Officials said {tanks} tanks were seen near the border on Tuesday.
"""


async def import_articles(cluster, editor, n_articles):
    files = [
        (
            "files",
            (
                f"cluster-{n:03d}.txt",
                ARTICLE.format(n=n, troops=100 + n * 7, dead=3 + n, tanks=10 + n).encode(),
                "text/plain",
            ),
        )
        for n in range(n_articles)
    ]
    async with editor.client("A") as client:
        response = await client.post("/articles/upload/", files=files)
    # The upload page answers 200 with one line per file (intake); every file was imported.
    uploaded = cluster.sql("SELECT count(*) FROM factcheck_article")[0][0]
    check(
        response.status_code == 200 and uploaded == n_articles,
        f"{n_articles} articles uploaded on node A "
        f"(status {response.status_code}, {uploaded} stored)",
    )


async def wait_extracted(cluster, n_articles, deadline, kill_worker_after=None):
    end = time.monotonic() + deadline
    killed = False
    while time.monotonic() < end:
        done = cluster.sql("SELECT count(*) FROM factcheck_article WHERE extracted_at IS NOT NULL")
        done = done[0][0]
        if kill_worker_after is not None and not killed and done >= kill_worker_after:
            cluster.kill9("worker-0")
            killed = True
            log(f"kill -9 worker-0 after {done} articles were extracted; a new one starts")
            cluster.start_worker(len(cluster.procs) + 10)  # as systemd's Restart= would
        if done == n_articles:
            return killed
        await asyncio.sleep(0.2)
    raise Failed(f"only {done} of {n_articles} articles extracted within {deadline}s")


async def triage_all(cluster, editor):
    ids = [row[0] for row in cluster.sql("SELECT id FROM factcheck_claim WHERE status = 'new'")]
    async with editor.client("B") as client:
        for start in range(0, len(ids), 100):
            response = await client.post(
                "/queue/triage/",
                data={"action": "queue", "claims": [str(i) for i in ids[start : start + 100]]},
            )
            if response.status_code != 302:
                raise Failed(f"triage on node B answered {response.status_code}")
    return len(ids)


class Ledger:
    """What the nodes acknowledged, and what the reviewers saw while it happened."""

    def __init__(self):
        self.acks = Counter()  # (claim, action, username) -> acknowledged steps
        # (claim, user, from, to): when the user surely held the claim, by the client's
        # clock: from the take's answer to the moment it asked to let go (or lost touch).
        self.holds = []
        self.errors = Counter()  # answers that were not expected (status codes)
        self.unknown = Counter()  # requests whose answer never came, by error
        self.failovers = 0
        self.steps = 0
        self.latencies = []

    def ack(self, claim, action, user):
        self.acks[(claim, action, user)] += 1
        self.steps += 1


async def reviewer_loop(user, ledger, deadline, rng):
    client = user.client()
    try:
        while time.monotonic() < deadline:
            try:
                started = time.perf_counter()
                response = await client.post("/queue/next/")
                ledger.latencies.append(time.perf_counter() - started)
                match = CLAIM_URL.search(response.headers.get("location", ""))
                if response.status_code != 302:
                    ledger.errors[f"next {response.status_code}"] += 1
                    continue
                if not match:  # the queue is empty for now
                    await asyncio.sleep(0.2)
                    continue
                claim = int(match.group(1))
                held_from = time.monotonic()
                user.holding = (claim, held_from)
                ledger.ack(claim, "take", user.name)
                if rng.random() < 0.6:
                    ledger.holds.append((claim, user.name, held_from, time.monotonic()))
                    user.holding = None
                    response = await client.post(f"/claims/{claim}/release/")
                    action = "release"
                else:
                    response = await client.post(
                        f"/claims/{claim}/evidence/",
                        data={
                            "url": "https://example.org/ministry-statement",
                            "title": "Ministry statement",
                            "stance": "supports",
                        },
                    )
                    if response.status_code != 302:
                        ledger.errors[f"evidence {response.status_code}"] += 1
                        continue
                    ledger.holds.append((claim, user.name, held_from, time.monotonic()))
                    user.holding = None
                    response = await client.post(
                        f"/claims/{claim}/propose/",
                        data={"rating": user.rating, "rationale": "The ministry's figures differ."},
                    )
                    action = "propose"
                if response.status_code == 302:
                    ledger.ack(claim, action, user.name)
                else:
                    ledger.errors[f"{action} {response.status_code}"] += 1
                await asyncio.sleep(rng.uniform(0.05, 0.3))  # a person reads the page
            except httpx.TransportError as error:
                # The answer is lost (the node died, or a kept-alive connection closed):
                # whatever we held is unknown now. A node that refuses connections is
                # dead: carry on on the other one.
                if user.holding:
                    # Only a release or propose lets go, and those close the hold before
                    # they are sent: this one is still held now.
                    claim, since = user.holding
                    ledger.holds.append((claim, user.name, since, time.monotonic()))
                    user.holding = None
                ledger.unknown[type(error).__name__] += 1
                if isinstance(error, httpx.ConnectError):
                    user.node = "A" if user.node == "B" else "B"
                    ledger.failovers += 1
                    await asyncio.sleep(0.2)
                await client.aclose()
                client = user.client()
    finally:
        await client.aclose()


async def editor_loop(editor, ledger, deadline):
    client = editor.client()
    try:
        while time.monotonic() < deadline:
            try:
                page = await client.get("/queue/?status=proposed")
                ids = [int(i) for i in ROW.findall(page.text)]
                for claim in ids[:10]:
                    response = await client.post(f"/claims/{claim}/approve/")
                    if response.status_code == 302:
                        ledger.ack(claim, "approve", editor.name)
                    elif response.status_code != 409:
                        ledger.errors[f"approve {response.status_code}"] += 1
                if not ids:
                    await asyncio.sleep(0.3)
            except httpx.TransportError as error:
                ledger.unknown[type(error).__name__] += 1
                if isinstance(error, httpx.ConnectError):
                    editor.node = "A" if editor.node == "B" else "B"
                    await asyncio.sleep(0.2)
                await client.aclose()
                client = editor.client()
    finally:
        await client.aclose()


def audit_checks(cluster, ledger):
    events = cluster.sql(
        "SELECT e.claim_id, e.action, e.from_status, e.to_status, u.username "
        "FROM factcheck_claimevent e LEFT JOIN auth_user u ON u.id = e.actor_id "
        "WHERE e.action NOT IN ('extracted') ORDER BY e.claim_id, e.id"
    )
    in_db = Counter((claim, action, user) for claim, action, _f, _t, user in events)
    missing = {key: n for key, n in ledger.acks.items() if in_db[key] < n}
    check(not missing, f"all {ledger.steps} acknowledged steps are in the audit log (0 lost)")
    broken, last = [], {}
    for claim, action, from_status, to_status, _user in events:
        if from_status and claim in last and last[claim] != from_status:
            broken.append((claim, action, last[claim], from_status))
        if to_status:
            last[claim] = to_status
    check(not broken, f"every claim's status chain is unbroken ({len(events)} events)")
    final = dict(cluster.sql("SELECT id, status FROM factcheck_claim"))
    drift = [c for c, status in last.items() if final.get(c) != status]
    check(not drift, "every claim's status is its last event's (0 lost updates)")
    double = [e for e in events if e[1] == "take" and e[2] == "in_review"]
    overlaps = []
    by_claim = {}
    for claim, user, start, end in sorted(ledger.holds, key=lambda h: (h[0], h[2])):
        previous = by_claim.get(claim)
        if previous and previous[1] != user and start < previous[3]:
            overlaps.append((previous, (claim, user, start, end)))
        if previous is None or end > previous[3]:
            by_claim[claim] = (claim, user, start, end)
    check(not overlaps, f"0 double holds seen by the reviewers ({len(ledger.holds)} holds)")
    check(not double, f"0 double holds in the audit log {double[:5]}")


async def extraction_checks(cluster, n_articles, killed):
    rows = cluster.sql(
        'SELECT a.id, count(c.id), count(DISTINCT (c.kind, c.start, c."end")) '
        "FROM factcheck_article a LEFT JOIN factcheck_claim c ON c.article_id = a.id GROUP BY a.id"
    )
    check(len(rows) == n_articles, f"{n_articles} articles in the database")
    check(all(n > 0 for _, n, _ in rows), "every article has claims")
    check(all(n == distinct for _, n, distinct in rows), "no article's claims were stored twice")
    extracted = cluster.sql("SELECT count(*) FROM factcheck_claimevent WHERE action = 'extracted'")[
        0
    ][0]
    claims = cluster.sql("SELECT count(*) FROM factcheck_claim")[0][0]
    check(extracted == claims, f"one extraction event per claim ({claims} claims)")
    if cluster.args.tasks_backend == "database":
        # A killed worker's task stays RUNNING until the scheduler requeues it (after
        # TASK_STALE_SECONDS) and a worker runs it again, finding the work done or not.
        end = time.monotonic() + 40
        while time.monotonic() < end:
            tasks = cluster.sql(
                "SELECT status, jsonb_array_length(worker_ids) "
                "FROM django_tasks_database_dbtaskresult"
            )
            if all(status == "SUCCESSFUL" for status, _ in tasks):
                break
            await asyncio.sleep(0.5)
        check(
            len(tasks) == n_articles and all(s == "SUCCESSFUL" for s, _ in tasks),
            f"{n_articles} extraction tasks, all successful",
        )
        retried = sum(1 for _, runs in tasks if runs > 1)
        if killed:
            log(f"{retried} task(s) ran again after the worker was killed")


async def dropped_connections(cluster, editor):
    cluster.admin_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{cluster.db_name}' AND pid <> pg_backend_pid()"
    )
    statuses = Counter()
    for node in ("A", "B"):
        async with editor.client(node) as client:
            for _ in range(20):
                statuses[(await client.get("/queue/")).status_code] += 1
    log(f"after pg_terminate_backend: {dict(statuses)}")
    check(statuses[500] == 0, "a dropped database connection gives no 500")
    check(statuses[200] >= 38, "and at most a couple of 503s (Retry-After)")


async def main(args):
    cluster = Cluster(args)
    started = time.monotonic()
    try:
        log(f"database {cluster.db_name}, redis {args.redis}, ports {list(cluster.ports.values())}")
        cluster.admin_sql(f"DROP DATABASE IF EXISTS {cluster.db_name} WITH (FORCE)")
        cluster.admin_sql(f"CREATE DATABASE {cluster.db_name}")
        import redis

        redis.Redis.from_url(args.redis).flushdb()
        cluster.manage("migrate", "--noinput")
        log(f"migrated in {time.monotonic() - started:.0f}s")
        cluster.manage("collectstatic", "--noinput", "-i", "admin")
        log(f"static files collected at {time.monotonic() - started:.0f}s")
        sessions = json.loads(cluster.manage("shell", "-c", SETUP_USERS).splitlines()[-1])
        reviewers = [
            User(cluster, name, key, "AB"[i % 2])
            for i, (name, key) in enumerate(sorted(sessions.items()))
            if name.startswith("reviewer")
        ]
        rating = str(cluster.sql("SELECT id FROM factcheck_rating WHERE slug = 'false'")[0][0])
        for user in reviewers:
            user.rating = rating
        editor_a = User(cluster, "editor-a", sessions["editor-a"], "A")
        editor_b = User(cluster, "editor-b", sessions["editor-b"], "B")
        for node in "AB":
            cluster.start_web(node)
        for n in range(args.workers):
            cluster.start_worker(n)
        if args.tasks_backend == "database":
            cluster.start("scheduler", [PY, "manage.py", "run_scheduler", "--tick", "1"])
        await wait_ready(cluster, "A")
        await wait_ready(cluster, "B")
        log(f"two nodes ready in {time.monotonic() - started:.0f}s")
        await counts_agree(cluster, editor_a, "AB", "before any article")

        t0 = time.monotonic()
        await import_articles(cluster, editor_a, args.articles)
        killed = await wait_extracted(
            cluster,
            args.articles,
            deadline=120,
            kill_worker_after=args.articles // 3 if args.kill and args.workers > 1 else None,
        )
        elapsed = time.monotonic() - t0
        log(
            f"extraction: {args.articles} articles in {elapsed:.1f}s with {args.workers} "
            f"{args.tasks_backend} workers ({args.articles / elapsed:.1f} articles/s)"
        )
        await extraction_checks(cluster, args.articles, killed)
        await counts_agree(cluster, editor_a, "AB", "after extraction")
        queued = await triage_all(cluster, editor_b)
        log(f"editor queued {queued} claims on node B")
        await counts_agree(cluster, editor_a, "AB", "after triage")

        # Single steps: each shows at once on the other node.
        for claim in [r[0] for r in cluster.sql("SELECT id FROM factcheck_claim LIMIT 3")]:
            async with editor_a.client("A") as client:
                await client.post(f"/claims/{claim}/take/")
            await counts_agree(cluster, editor_a, "B", f"after editor-a took claim {claim} on A")
            async with editor_b.client("B") as client:
                await client.post(f"/claims/{claim}/release/")
            await counts_agree(cluster, editor_a, "A", f"after editor-b released {claim} on B")

        ledger = Ledger()
        deadline = time.monotonic() + args.seconds
        rng = random.Random(17)
        tasks = [
            asyncio.create_task(reviewer_loop(user, ledger, deadline, random.Random(rng.random())))
            for user in reviewers
        ]
        tasks.append(asyncio.create_task(editor_loop(editor_a, ledger, deadline)))
        if args.kill:
            await asyncio.sleep(args.seconds / 2)
            cluster.kill9("web-B")
            log("kill -9 web node B mid-load")
        await asyncio.gather(*tasks)
        rate = len(ledger.latencies) / args.seconds
        lat = sorted(ledger.latencies) or [0]
        log(
            f"load: {ledger.steps} acknowledged steps in {args.seconds}s by {len(reviewers)} "
            f"reviewers; next claim {rate:.0f}/s, p50 {lat[len(lat) // 2] * 1000:.0f} ms, "
            f"p95 {lat[int(len(lat) * 0.95)] * 1000:.0f} ms; unexpected: {dict(ledger.errors)}; "
            f"no answer: {dict(ledger.unknown)}; {ledger.failovers} reviewer failovers"
        )
        check(sum(ledger.errors.values()) == 0, "no unexpected answers under load")
        if args.kill:
            cluster.start_web("B")
            await wait_ready(cluster, "B")
        audit_checks(cluster, ledger)
        await counts_agree(cluster, editor_a, "AB", "after the load")
        # The editor on node B publishes what is still proposed; each shows on node A at once.
        proposed = [
            r[0] for r in cluster.sql("SELECT id FROM factcheck_claim WHERE status = 'proposed'")
        ]
        async with editor_b.client("B") as client:
            for claim in proposed[:5]:
                response = await client.post(f"/claims/{claim}/approve/")
                check(response.status_code == 302, f"editor-b approved claim {claim} on node B")
                await counts_agree(cluster, editor_a, "A", f"after approving {claim} on B")
        published = cluster.db_counts()["published"]
        check(published > 0, f"{published} verdicts published by the editors")
        await dropped_connections(cluster, editor_a)
        log(f"cluster test passed in {time.monotonic() - started:.0f}s")
        return 0
    except Exception as failure:
        log(f"FAILED: {type(failure).__name__}: {failure}")
        for name in sorted(os.listdir(cluster.tmp)):
            if name.endswith(".log"):
                tail = (cluster.tmp / name).read_text(errors="replace")[-1500:]
                print(f"--- {name} (tail)\n{tail}", flush=True)
        return 1
    finally:
        cluster.stop_all()
        shutil.rmtree(cluster.tmp, ignore_errors=True)
        if not args.keep_db:
            cluster.admin_sql(f"DROP DATABASE IF EXISTS {cluster.db_name} WITH (FORCE)")


SETUP_USERS = """
import json
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
out = {}
names = [f"reviewer-{i:02d}" for i in range(32)] + ["editor-a", "editor-b"]
for name in names:
    user = User.objects.create_user(name, password=None)
    group = "Editors" if name.startswith("editor") else "Reviewers"
    user.groups.add(Group.objects.get(name=group))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "factcheck.backends.CachedPermissionsBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    out[name] = session.session_key
print(json.dumps(out))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pg", default=os.environ.get("CLUSTER_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--db", default=os.environ.get("CLUSTER_DB", "fc_prod_cluster"))
    parser.add_argument(
        "--redis", default=os.environ.get("CLUSTER_REDIS", "redis://127.0.0.1:6379/2")
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", "8120")))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the load")
    parser.add_argument("--tasks-backend", choices=["database", "redis"], default="database")
    parser.add_argument("--no-kill", dest="kill", action="store_false")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    for url in (args.pg, args.redis):
        host = re.sub(r"^\w+://(?:[^@/]*@)?", "", url).split("/")[0].split(":")[0]
        if host not in {"127.0.0.1", "localhost", "::1", "[::1]"}:
            parser.error(f"{url}: only loopback addresses")
    return args


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
