"""The editors' dashboard at newsroom scale: seconds and queries per page at 100k claims.

    DATABASE_URL=postgres://.../scratch DEBUG=1 .venv/bin/python bench/bench_dashboard.py \
        [--articles 10000] [--claims-per-article 10] [--runs 5]

Fills the database with `manage.py bench_data` (bench/benchsite; only if it holds fewer
claims than asked; the command refuses a database with real articles), then times the
dashboard in-process: the aggregates alone (factcheck.dashboard.dashboard) and the whole
page through Django's test client as a bench editor, reporting the median of --runs. (Its
fixed query count is pinned by tests/test_dashboard.py.) The page reuses its figures for
DASHBOARD_CACHE_SECONDS, so an editor pays this at most once a minute; the benchmark turns
the reuse off.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# bench_data lives in the bench-only app (bench/benchsite), as for the other benchmarks.
sys.path.insert(0, str(ROOT / "bench"))
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")])
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
# Measure the real work, not the minute-long reuse the page does in production.
os.environ["DASHBOARD_CACHE_SECONDS"] = "0"


def manage(*args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    manage("migrate", "-v0")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from factcheck import dashboard
    from factcheck.models import Claim

    wanted = args.articles * args.claims_per_article
    if Claim.objects.count() < wanted:
        manage(
            "bench_data",
            "--articles",
            str(args.articles),
            "--claims-per-article",
            str(args.claims_per_article),
        )
    claims = Claim.objects.count()

    def timed(fn):
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        return statistics.median(runs), max(runs)

    dashboard.dashboard()  # warm the connection and caches
    agg_median, agg_max = timed(dashboard.dashboard)

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_ed01"))
    response = client.get("/dashboard/")
    assert response.status_code == 200, response.status_code
    page_median, page_max = timed(lambda: client.get("/dashboard/"))
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "claims": claims,
                "aggregates_median_s": round(agg_median, 3),
                "aggregates_max_s": round(agg_max, 3),
                "page_median_s": round(page_median, 3),
                "page_max_s": round(page_max, 3),
                "runs": args.runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
