"""Export throughput and memory: rows/s and peak memory for 10k and 100k claims.

    DEBUG=1 .venv/bin/python bench/bench_exports.py [--sizes 10000,100000]
        [--formats csv,claimreview] [--keep]

Data goes into a throwaway database: a fresh SQLite file in /tmp (removed at the end
unless --keep), or the database DATABASE_URL names (it must hold no articles but this
benchmark's). Each size gets its own outlet ("bench-exports-<N>") of published claims
(100 per article, two evidence sources each, every tenth one corrected), written with bulk
inserts. Each export then runs in a fresh subprocess through the same code the download
view uses (ExportFilters -> export_chunks), writing to /dev/null; the subprocess reports
rows/s and its peak RSS (ru_maxrss) before and after the export. Streaming works when the
peak growth stays flat as the row count grows tenfold.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "1")
PY = sys.executable
DEFAULT_SQLITE = "/tmp/factcheck-bench-exports.sqlite3"
SOURCE_PREFIX = "bench-exports:"
CLAIMS_PER_ARTICLE = 100
SENTENCE = 'Officials said {n} soldiers crossed the river near Karsk on Monday, "quietly".'


def setup_django():
    import django

    django.setup()


def peak_rss_mib() -> float:
    # ru_maxrss is KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- seeding (runs in a subprocess) -----------------------------------------------------------


def seed(size: int):
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from factcheck.models import Article, Claim, Evidence, Rating, Verdict

    outlet = f"bench-exports-{size}"
    if Article.objects.exclude(source_name__startswith=SOURCE_PREFIX).exists():
        sys.exit(
            "The database holds articles that are not this benchmark's; use a throwaway "
            "database (unset DATABASE_URL for a SQLite file in /tmp)."
        )
    have = Claim.objects.filter(article__outlet=outlet, status="published").count()
    if have == size:
        analyze()
        print(json.dumps({"seeded": 0, "seconds": 0.0}))
        return
    Article.objects.filter(outlet=outlet).delete()

    User = get_user_model()
    reviewer, _ = User.objects.get_or_create(
        username="bench_exports_reviewer", defaults={"first_name": "Рита", "last_name": "R"}
    )
    editor, _ = User.objects.get_or_create(
        username="bench_exports_editor", defaults={"first_name": "Erin", "last_name": "E"}
    )
    ratings = list(Rating.objects.filter(active=True).order_by("order"))
    now = timezone.now()
    start = time.perf_counter()
    articles_total = -(-size // CLAIMS_PER_ARTICLE)
    batch = 50  # articles per transaction
    made = 0
    for first in range(0, articles_total, batch):
        with transaction.atomic():
            articles = []
            for a in range(first, min(first + batch, articles_total)):
                n_claims = min(CLAIMS_PER_ARTICLE, size - a * CLAIMS_PER_ARTICLE)
                body = "\n\n".join(SENTENCE.format(n=1000 + i) for i in range(n_claims))
                articles.append(
                    Article(
                        title=f'Bench article {a}, "{outlet}"',
                        body=body,
                        raw_text=body,
                        outlet=outlet,
                        url=f"https://news.example.com/{outlet}/{a}",
                        published=datetime_date(a),
                        content_hash=f"{outlet}-{a}",
                        source_name=f"{SOURCE_PREFIX}{outlet}/{a}",
                    )
                )
            Article.objects.bulk_create(articles)
            claims = []
            for article in articles:
                offset = 0
                for i in range(article.body.count("\n\n") + 1):
                    sentence = SENTENCE.format(n=1000 + i)
                    span_start = offset + len("Officials said ")
                    claims.append(
                        Claim(
                            article=article,
                            kind="troops",
                            text=sentence,
                            span=f"{1000 + i} soldiers",
                            start=span_start,
                            end=span_start + len(f"{1000 + i} soldiers"),
                            low=1000 + i,
                            high=1000 + i,
                            qualifier="exact",
                            unit="soldiers",
                            status=Claim.Status.PUBLISHED,
                            version=5,
                        )
                    )
                    offset += len(sentence) + 2
            Claim.objects.bulk_create(claims)
            evidence = []
            for claim in claims:
                for k, stance in enumerate(("supports", "contradicts")):
                    evidence.append(
                        Evidence(
                            claim=claim,
                            url=f"https://example.org/{claim.pk}/{k}",
                            title=f'Source {k}, "quoted"',
                            publisher="Министерство",
                            excerpt="=cmd|' /C calc'!A0\nsecond line",
                            stance=stance,
                            added_by=reviewer,
                        )
                    )
            Evidence.objects.bulk_create(evidence)
            verdicts = []
            for i, claim in enumerate(claims):
                rating = ratings[i % len(ratings)]
                corrected = i % 10 == 0
                verdicts.append(
                    Verdict(
                        claim=claim,
                        revision=1,
                        rating=rating,
                        author=reviewer,
                        rationale='Officials\' own figures, "checked", differ.\nSee sources.',
                        state=Verdict.State.SUPERSEDED if corrected else Verdict.State.PUBLISHED,
                        approved_by=editor,
                        approved_at=now,
                    )
                )
                if corrected:
                    verdicts.append(
                        Verdict(
                            claim=claim,
                            revision=2,
                            rating=ratings[(i + 1) % len(ratings)],
                            author=editor,
                            rationale="Corrected after the ministry's update.",
                            state=Verdict.State.PUBLISHED,
                            approved_by=editor,
                            approved_at=now,
                            correction_note="The first count was a typo.",
                        )
                    )
            Verdict.objects.bulk_create(verdicts)
            by_claim = {}
            for e in evidence:
                by_claim.setdefault(e.claim_id, []).append(e.pk)
            Through = Verdict.evidence.through
            Through.objects.bulk_create(
                [
                    Through(verdict_id=v.pk, evidence_id=eid)
                    for v in verdicts
                    for eid in by_claim[v.claim_id]
                ]
            )
            made += len(claims)
    analyze()
    print(json.dumps({"seeded": made, "seconds": time.perf_counter() - start}))


def analyze():
    """Planner statistics for the freshly loaded tables, as autovacuum would gather them.

    Without them PostgreSQL plans each prefetch over a 100k-row table as if it were empty
    (a sequential scan and an on-disk sort per chunk: 100x slower).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def datetime_date(n: int):
    import datetime

    return datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 365)


# --- measuring (runs in a fresh subprocess per export) ----------------------------------------


def measure(fmt_name: str, size: int):
    setup_django()
    from factcheck.exports import ExportFilters, export_chunks, export_format

    fmt = export_format(fmt_name)
    outlet = f"bench-exports-{size}"
    filters = ExportFilters.parse(outlet=outlet)
    claims = filters.claims()
    rows = 0

    def count(_claim):
        nonlocal rows
        rows += 1

    # Warm up on a few claims so imports and caches are not counted as export memory.
    first_article = claims.values_list("article_id", flat=True).first()
    warm = ExportFilters.parse(articles=[first_article])
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for chunk in export_chunks(fmt, warm.claims(), filters=warm):
            sink.write(chunk)
    before = peak_rss_mib()
    written = 0
    start = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for chunk in export_chunks(fmt, claims, filters=filters, on_claim=count):
            sink.write(chunk)
            written += len(chunk)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "format": fmt_name,
                "size": size,
                "rows": rows,
                "seconds": seconds,
                "chars": written,
                "rss_before": before,
                "rss_peak": peak_rss_mib(),
            }
        )
    )


# --- the driver ------------------------------------------------------------------------------


def child(env, *args) -> dict:
    result = subprocess.run(
        [PY, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="csv,claimreview")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument("--worker", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        role, *rest = args.worker
        if role == "seed":
            seed(int(rest[0]))
        else:
            measure(rest[0], int(rest[1]))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    env = dict(os.environ)
    own_sqlite = "DATABASE_URL" not in env
    if own_sqlite:
        Path(DEFAULT_SQLITE).unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    database = env["DATABASE_URL"].split("@")[-1]
    print(f"database: {database}", file=sys.stderr)
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    try:
        for size in sizes:
            seeded = child(env, "--worker", "seed", str(size))
            if seeded["seeded"]:
                print(
                    f"seeded {seeded['seeded']} claims in {seeded['seconds']:.1f} s",
                    file=sys.stderr,
                )
        results = []
        for fmt in formats:
            for size in sizes:
                result = child(env, "--worker", "measure", fmt, str(size))
                results.append(result)
                print(f"measured {fmt} {size}", file=sys.stderr)
    finally:
        if own_sqlite and not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(DEFAULT_SQLITE + suffix).unlink(missing_ok=True)

    print(f"\nExports over {database} ({', '.join(formats)}), chunk of 500 claims per query")
    header = (
        f"{'format':<12} {'claims':>8} {'rows/s':>9} {'seconds':>8} {'MB out':>8} "
        f"{'RSS before':>11} {'RSS peak':>9} {'growth':>8}"
    )
    print(header)
    print("-" * len(header))
    verdicts = []
    for fmt in formats:
        mine = [r for r in results if r["format"] == fmt]
        for r in mine:
            growth = r["rss_peak"] - r["rss_before"]
            r["growth"] = growth
            print(
                f"{fmt:<12} {r['rows']:>8} {r['rows'] / r['seconds']:>9.0f} "
                f"{r['seconds']:>8.2f} {r['chars'] / 1e6:>8.1f} {r['rss_before']:>9.1f} M "
                f"{r['rss_peak']:>7.1f} M {growth:>6.1f} M"
            )
        if len(mine) > 1:
            small, big = mine[0], mine[-1]
            # Flat: ten times the rows may not cost more than a few MiB more peak memory.
            flat = big["growth"] <= small["growth"] + 8
            verdicts.append(flat)
            print(
                f"{fmt}: peak growth {small['growth']:.1f} MiB at {small['rows']} claims, "
                f"{big['growth']:.1f} MiB at {big['rows']} -> "
                f"{'bounded (does not grow with rows)' if flat else 'GROWS WITH ROWS'}"
            )
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
