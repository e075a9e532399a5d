"""manage.py bench_queue: time the review queue's queries on the current database.

Bench-only (the benchsite app), run on a database bench_data filled:
`PYTHONPATH=bench DJANGO_SETTINGS_MODULE=benchsite.settings python manage.py bench_queue`.

Each case is a queue page as a reviewer would ask for it (factcheck.queue.rows_query: the
rows with their article and assignee) or the page's counts per status
(factcheck.queue.counts_query, without the cache in front of it), so the figures are the
app's own SQL. Every query runs --repeat times, its rows fetched but not made into model
instances (the database's part of a page); the median wall time is printed in ms.
--explain prints each query's EXPLAIN (ANALYZE, BUFFERS) plan (PostgreSQL) and the scans
it used.
"""

import re
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count

from factcheck import queue
from factcheck.models import Article, Claim

SCAN_RE = re.compile(
    r"((?:Parallel )?(?:Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)"
    r"(?: Backward)?(?: using \S+)? on \S+|Bitmap Index Scan on \S+)"
)


class Command(BaseCommand):
    help = "Time the review queue's main queries (median ms); --explain prints the plans."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7, help="runs per query (median)")
        parser.add_argument(
            "--explain", action="store_true", help="print EXPLAIN ANALYZE of each query"
        )
        parser.add_argument(
            "--only", default="", help="run only the cases whose name contains this text"
        )
        parser.add_argument("--kind", default=Claim.Kind.TROOPS)
        parser.add_argument(
            "--outlet",
            default="",
            help="outlet to filter by (default: the commonest, typed in lower case as "
            "people do; the queue matches outlets case-insensitively)",
        )
        parser.add_argument(
            "--depth",
            type=int,
            action="append",
            help="rows before the cursor of a deep page (repeatable; default 10000, 100000)",
        )

    def handle(self, *args, **options):
        if not Claim.objects.exists():
            raise CommandError("No claims: fill the database with bench_data first.")
        kind, repeat = options["kind"], max(1, options["repeat"])
        outlet = options["outlet"] or self._commonest_outlet().lower()
        user = self._busiest_assignee()
        depths = options["depth"] or [10_000, 100_000]
        F = queue.QueueFilters
        pages = [
            ("rows default (rank)", F()),
            ("rows status=queued", F(status=Claim.Status.QUEUED)),
            ("rows kind", F(kind=kind)),
            ("rows outlet", F(outlet=outlet)),
            ("rows kind+outlet", F(kind=kind, outlet=outlet)),
            ("rows status=queued+kind+outlet", F(status="queued", kind=kind, outlet=outlet)),
            ("rows assignee=mine", F(assignee="mine")),
            ("rows assignee=mine+status=in_review", F(assignee="mine", status="in_review")),
            ("rows sort=age", F(sort="age")),
            ("rows sort=newest", F(sort="newest")),
        ]
        for depth in depths:
            for name, filters in (
                ("default", F()),
                ("status=queued", F(status=Claim.Status.QUEUED)),
                ("kind", F(kind=kind)),
                ("sort=age", F(sort="age")),
            ):
                cursor = self._cursor_at(filters, user, depth)
                if cursor:
                    pages.append(
                        (f"rows {name} after {depth:,}", F(**{**_fields(filters), "after": cursor}))
                    )
        counts = [
            ("counts default", F()),
            ("counts kind", F(kind=kind)),
            ("counts outlet", F(outlet=outlet)),
            ("counts kind+outlet", F(kind=kind, outlet=outlet)),
            ("counts assignee=mine", F(assignee="mine")),
        ]
        cases = [(name, queue.rows_query(f, user=user)) for name, f in pages]
        cases += [(name, queue.counts_query(f, user=user)) for name, f in counts]
        if options["only"]:
            cases = [(n, qs) for n, qs in cases if options["only"] in n]

        self.stdout.write(
            f"{Claim.objects.count():,} claims, {Article.objects.count():,} articles on "
            f"{connection.vendor} ({connection.settings_dict['NAME']}); kind={kind} "
            f"outlet={outlet!r} mine={user.username if user else None}; "
            f"median of {repeat} runs"
        )
        width = max(len(n) for n, _ in cases)
        results = []
        for name, qs in cases:
            times, n_rows = [], 0
            sql, params = qs.query.sql_with_params()
            with connection.cursor() as cursor:
                for _ in range(repeat):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    n_rows = len(cursor.fetchall())
                    times.append((time.perf_counter() - started) * 1000)
            median = statistics.median(times)
            scans = ""
            plan = ""
            if options["explain"]:
                plan = self._explain(qs)
                found = dict.fromkeys(SCAN_RE.findall(plan))
                scans = "; ".join(found)
            results.append((name, median, min(times), n_rows, scans, plan))
            line = f"{name:<{width}}  {median:9.2f} ms  (min {min(times):8.2f})  {n_rows:>3} rows"
            if scans:
                line += f"  [{scans}]"
            self.stdout.write(line)
        if options["explain"]:
            for name, _median, _min, _rows, _scans, plan in results:
                self.stdout.write(f"\n=== {name}\n{plan}")

    def _explain(self, qs):
        if connection.vendor == "postgresql":
            return qs.explain(analyze=True, buffers=True)
        return qs.explain()

    def _commonest_outlet(self) -> str:
        row = (
            Article.objects.values("outlet")
            .annotate(n=Count("id"))
            .order_by("-n", "outlet")
            .first()
        )
        return row["outlet"] if row else ""

    def _busiest_assignee(self):
        """The reviewer holding the most claims: the heaviest "Mine"."""
        row = (
            Claim.objects.filter(assignee__isnull=False)
            .values("assignee")
            .annotate(n=Count("id"))
            .order_by("-n", "assignee")
            .first()
        )
        if row is None:
            return get_user_model().objects.order_by("id").first()
        return get_user_model().objects.get(pk=row["assignee"])

    def _cursor_at(self, filters, user, depth) -> str:
        """The cursor a reviewer reaches after paging through `depth` rows."""
        rows = list(
            queue._filtered(filters, user)
            .order_by(*queue.SORTS[filters.sort][1])
            .only("id", "checkworthiness", "created_at")[depth - 1 : depth]
        )
        return queue._cursor_for(rows[0], filters.sort) if rows else ""


def _fields(filters) -> dict:
    return {f: getattr(filters, f) for f in ("status", "kind", "outlet", "assignee", "sort")}
