"""Public fact-check pages over real HTTP: requests/s for anonymous readers, next to /ping/.

    .venv/bin/python bench/bench_public.py [--articles 50] [--seconds 10] [--workers 2]
        [--concurrency 8] [--sqlite] [--keep-db] [--write]

Creates a scratch database (PostgreSQL `fc_publish_bench`, or a SQLite file with --sqlite),
migrates it, publishes `--articles` x 3 fact-checks (three sources each, every fifth one
corrected) through factcheck.workflow, starts gunicorn on 127.0.0.1 (the project's settings,
DEBUG off) and measures, in the same run and at the same concurrency:

- the minimal page (/ping/, logged in): the floor every page is compared with;
- public fact-check pages for anonymous readers, cycling through `--pages` of them, with the
  page cache on (the default) and, on a second server, off (PUBLIC_CACHE_SECONDS=0).

Target: the cached public page holds 200 requests/s. --write puts the table in
docs/benchmarks.md (block "public").
"""

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PY, ROOT, Database, Server, Table, app_env, log, manage, ratio  # noqa: E402
from http_load import Session, measure, new_client  # noqa: E402

TARGET_RPS = 200.0
PORT = 8913
USER, PASSWORD = "bench_public_reader", "bench-public-password-not-secret"
FACT_CHECK = re.compile(r'href="(/fact-checks/\d+-[^"/]+/)"')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--pages", type=int, default=20, help="distinct fact-check pages cycled (readers crowd)"
    )
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # child: fill the db
    return parser.parse_args(argv)


# --- seeding (a child process with Django set up against the scratch database) -------------

BODY = (
    "The army said on Monday that {n} soldiers crossed the river near Karsk.\n\n"
    '"We will hold the bridge until the spring," said General Ana Petrova.\n\n'
    "At least {k} people were killed in shelling since March 3, officials said."
)
SPANS = [
    ("troops", "{n} soldiers"),
    ("quote", "We will hold the bridge until the spring"),
    ("casualties", "At least {k} people were killed"),
]


def seed(articles: int):
    # This checkout's factcheck, not whichever one the venv's editable install points at.
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from factcheck import workflow
    from factcheck.models import Article, Claim

    users = get_user_model().objects
    reviewer = users.create_user("bench_public_rev", password=PASSWORD)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    editors = []
    for name in ("bench_public_ed1", "bench_public_ed2"):
        editor = users.create_user(name, password=PASSWORD, first_name=name[-3:], last_name="Ed")
        editor.groups.add(Group.objects.get(name="Editors"))
        editors.append(editor)
    reader = users.create_user(USER, password=PASSWORD)
    reader.groups.add(Group.objects.get(name="Reviewers"))  # may open /ping/

    ratings = ["false", "mostly-false", "half-true", "mostly-true", "true"]
    count = 0
    for a in range(articles):
        body = BODY.format(n=1000 + a, k=10 + a % 30)
        article = Article.objects.create(
            title=f"Army crosses the river, report {a}",
            body=body,
            raw_text=body,
            outlet=f"Wire {a % 5}",
            url=f"https://news.example.org/{a}",
            content_hash=f"bench-public-{a}",
            source_name=f"bench-public-{a}.txt",
        )
        for kind, span in SPANS:
            span = span.format(n=1000 + a, k=10 + a % 30)
            start = body.index(span)
            end = body.find("\n", start)
            claim = Claim.objects.create(
                article=article,
                kind=kind,
                text=body[body.rfind("\n", 0, start) + 1 : len(body) if end < 0 else end],
                span=span,
                start=start,
                end=start + len(span),
                speaker="Ana Petrova" if kind == "quote" else "",
            )
            workflow.claim_queue(claim=claim, actor=editors[0])
            workflow.claim_take(claim=claim, actor=reviewer)
            for s in range(3):
                workflow.evidence_add(
                    claim=claim,
                    actor=reviewer,
                    url=f"https://sources.example.org/{a}/{s}",
                    title=f"Source {s} on report {a}",
                    stance=("supports", "contradicts", "context")[s],
                    publisher="Ministry of Defence",
                    excerpt="The figures were revised the next day.",
                )
            workflow.verdict_propose(
                claim=claim,
                actor=reviewer,
                rating=ratings[count % len(ratings)],
                rationale="Official figures published two days later give another number.",
            )
            workflow.verdict_approve(claim=claim, actor=editors[0])
            if count % 5 == 0:
                workflow.verdict_correct(
                    claim=claim,
                    actor=editors[1],
                    rating="half-true",
                    rationale="A later statement confirms part of it.",
                    correction_note="We missed the ministry's second statement.",
                )
                workflow.correction_approve(claim=claim, actor=editors[0])
            count += 1
    print(f"published {count} fact-checks on {articles} articles")


# --- the run ----------------------------------------------------------------------------------


class SqliteDatabase:
    """A scratch SQLite file, migrated on enter and removed on exit unless keep."""

    def __init__(self, keep: bool):
        self.path = Path(tempfile.gettempdir()) / "bench_public.sqlite3"
        self.url, self.keep = f"sqlite:///{self.path}", keep

    def __enter__(self):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        manage(self.url, "migrate", "--noinput", "-v0")
        return self

    def __exit__(self, *exc):
        if not self.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)


async def public_paths(base: str) -> list[str]:
    client = new_client(base, 1)
    paths, page = [], 1
    async with client:
        while True:
            response = await client.get(f"/fact-checks/?page={page}")
            found = FACT_CHECK.findall(response.text)
            paths += found
            if 'rel="next"' not in response.text:
                return paths
            page += 1


async def measure_public(base: str, paths: list[str], args, name: str):
    client = new_client(base, args.concurrency)
    turn = iter(range(10**9))
    async with client:
        readers = [Session(client, f"reader{i}") for i in range(args.concurrency)]

        async def get(session):
            response = await session.get(paths[next(turn) % len(paths)])
            return response.status_code == 200 and not response.headers.get("set-cookie")

        return await measure(
            name,
            readers,
            get,
            concurrency=args.concurrency,
            max_requests=10**7,
            max_seconds=args.seconds,
            # Each client reads every page first, so every worker has them all cached.
            warmup=len(paths),
        )


async def measure_ping(base: str, args):
    client = new_client(base, args.concurrency)
    async with client:
        session = await Session(client, USER).login(PASSWORD)
        return await measure(
            "ping",
            [session],
            lambda s: s.get("/ping/"),
            concurrency=args.concurrency,
            max_requests=10**7,
            max_seconds=args.seconds,
            warmup=5,
        )


def main(argv=None):
    args = parse_args(argv)
    if args.seed is not None:
        return seed(args.seed)
    table = Table(
        f"Public fact-check pages, anonymous readers ({args.workers} gunicorn workers, "
        f"{args.concurrency} concurrent clients)",
        "public",
    )
    scratch = (
        SqliteDatabase(args.keep_db) if args.sqlite else Database("fc_publish_bench", args.keep_db)
    )
    with scratch as db:
        log(f"publishing {args.articles * 3} fact-checks")
        subprocess.run(
            [PY, str(Path(__file__).resolve()), "--seed", str(args.articles)],
            cwd=ROOT,
            env=app_env(db.url),
            check=True,
        )
        with Server(db.url, PORT, args.workers) as server:
            paths = asyncio.run(public_paths(server.base))[: args.pages]
            log(f"{len(paths)} public fact-check pages cycled")
            ping = asyncio.run(measure_ping(server.base, args))
            log(ping.line())
            cached = asyncio.run(measure_public(server.base, paths, args, "public (cached)"))
            log(cached.line())
        os.environ["PUBLIC_CACHE_SECONDS"] = "0"
        try:
            with Server(db.url, PORT, args.workers) as server:
                rendered = asyncio.run(
                    measure_public(server.base, paths, args, "public (cache off)")
                )
                log(rendered.line())
        finally:
            os.environ.pop("PUBLIC_CACHE_SECONDS", None)

    table.add("minimal page /ping/ (logged in)", f"{ping.rate:.0f} req/s", "", "", "", None)
    for stats in (cached, rendered):
        row = table.add(
            f"{stats.name}: requests/s",
            f"{stats.rate:.0f} req/s",
            f"{ping.rate:.0f} req/s",
            ratio(stats.rate, ping.rate),
            f">= {TARGET_RPS:.0f} req/s" if stats is cached else "",
            (stats.rate >= TARGET_RPS and stats.errors == 0) if stats is cached else None,
        )
        row.value += f" (median {stats.median_ms:.1f} ms, p95 {stats.p95_ms:.1f} ms)"
        if stats.errors:
            table.notes.append(f"{stats.name}: {stats.errors} errors, e.g. {stats.error_samples}")
    table.notes.append(
        f"{len(paths)} pages cycled; a response that set a cookie would count as an error"
    )
    print(table.text())
    if args.write:
        from harness import write_section

        write_section("public", table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
