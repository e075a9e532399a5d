"""How the desk is doing, for editors: every number an SQL aggregate, charts drawn as SVG.

The page costs a fixed handful of queries whatever the number of claims: counts per
status now, status changes per day (from the audit log), claims created per day, the
time from queued to published (count, then the median and 90th percentile picked by
offset in SQL), load per reviewer and overdue leases. Python only walks the aggregates
(days x statuses), never the claims.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from factcheck.models import Claim, ClaimEvent

S = Claim.Status
STATUSES = list(S.values)
LABELS = dict(S.choices)
DAYS = 30
OVERDUE_SHOWN = 20


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Chart:
    """An SVG chart's shapes plus the table that says the same in words."""

    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple] = field(default_factory=list)  # x, y, text, anchor
    head: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    summary: str = ""


@dataclass
class Dashboard:
    days: list[datetime.date]
    counts: dict
    by_status: Chart
    published: Chart
    load: Chart
    publish_time: dict
    overdue_count: int
    overdue: list
    conflicts: int = 0  # claims whose figure or date conflicts with another outlet's
    extractor: object = None  # the report card's "All kinds" row (factcheck/extraction_report)


# --- the numbers ------------------------------------------------------------------------------


def status_counts() -> dict:
    counts = dict.fromkeys(STATUSES, 0)
    for row in Claim.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def transitions_per_day(since) -> list[dict]:
    """(day, from, to, n) for every status change since `since`."""
    return list(
        ClaimEvent.objects.filter(created_at__gte=since)
        .exclude(from_status=F("to_status"))
        .annotate(day=TruncDate("created_at"))
        .values("day", "from_status", "to_status")
        .annotate(n=Count("id"))
        .order_by()
    )


def created_per_day(since) -> dict:
    return {
        row["day"]: row["n"]
        for row in Claim.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    }


def status_history(days: list[datetime.date], counts: dict, moves: list[dict], created: dict):
    """Claims in each status at the end of each day, walked back from today's counts.

    At the end of day d the stock is today's, minus what entered after d, plus what left
    after d; a claim created after d was not there at all.
    """
    entered = {(m["day"], m["to_status"]): 0 for m in moves}
    left = {(m["day"], m["from_status"]): 0 for m in moves}
    recorded_births = {}  # claims whose creation has its own event ("extracted": "" -> new)
    for m in moves:
        entered[(m["day"], m["to_status"])] += m["n"]
        if m["from_status"]:
            left[(m["day"], m["from_status"])] += m["n"]
        else:
            recorded_births[m["day"]] = recorded_births.get(m["day"], 0) + m["n"]
    stock = dict(counts)
    history = {}
    for day in reversed(days):
        history[day] = dict(stock)
        for status in STATUSES:
            stock[status] += left.get((day, status), 0) - entered.get((day, status), 0)
        # Claims created without an event of their own were not there the day before.
        stock[S.NEW] -= max(created.get(day, 0) - recorded_births.get(day, 0), 0)
    return [history[day] for day in days]


def publish_times(since) -> dict:
    """How long claims published since `since` took from (first) queued to published.

    Nearest-rank percentiles: PostgreSQL's percentile_disc in one query; elsewhere each
    is picked by ordering on the duration and taking the row at its rank (same answer).
    """
    if connection.vendor == "postgresql":
        return _publish_times_pg(since)
    first_queued = (
        ClaimEvent.objects.filter(claim=OuterRef("claim"), action="queue")
        .order_by("created_at", "id")
        .values("created_at")[:1]
    )
    published = (
        ClaimEvent.objects.filter(action="approve", created_at__gte=since)
        .annotate(queued_at=Subquery(first_queued, output_field=DateTimeField()))
        .filter(queued_at__isnull=False)
        .annotate(
            took=ExpressionWrapper(F("created_at") - F("queued_at"), output_field=DurationField())
        )
    )
    n = published.count()
    out = {"count": n, "median": None, "p90": None}
    if n:
        ordered = published.order_by("took", "id").values_list("took", flat=True)
        out["median"] = ordered[max(math.ceil(0.5 * n) - 1, 0)]
        out["p90"] = ordered[max(math.ceil(0.9 * n) - 1, 0)]
    return out


PUBLISH_TIMES_SQL = """
SELECT COUNT(*),
       percentile_disc(0.5) WITHIN GROUP (ORDER BY a.created_at - q.first_queued),
       percentile_disc(0.9) WITHIN GROUP (ORDER BY a.created_at - q.first_queued)
FROM factcheck_claimevent a
CROSS JOIN LATERAL (
    SELECT MIN(e.created_at) AS first_queued FROM factcheck_claimevent e
    WHERE e.claim_id = a.claim_id AND e.action = 'queue'
) q
WHERE a.action = 'approve' AND a.created_at >= %s AND q.first_queued IS NOT NULL
"""


def _publish_times_pg(since) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(PUBLISH_TIMES_SQL, [since])
        n, median, p90 = cursor.fetchone()
    return {"count": n, "median": median, "p90": p90}


def reviewer_load() -> list[dict]:
    """Claims each person holds now: under review, and proposed awaiting an editor."""
    return list(
        Claim.objects.filter(status__in=[S.IN_REVIEW, S.PROPOSED], assignee__isnull=False)
        .values("assignee__username")
        .annotate(
            in_review=Count("id", filter=Q(status=S.IN_REVIEW)),
            proposed=Count("id", filter=Q(status=S.PROPOSED)),
            total=Count("id"),
        )
        .order_by("-total", "assignee__username")
    )


def overdue_leases(now):
    qs = Claim.objects.filter(status=S.IN_REVIEW, lease_expires_at__lt=now)
    rows = list(
        qs.select_related("assignee", "article")
        .defer("article__body", "article__raw_text")
        .order_by("lease_expires_at", "id")[:OVERDUE_SHOWN]
    )
    count = len(rows) if len(rows) < OVERDUE_SHOWN else qs.count()
    return count, rows


# --- the charts -------------------------------------------------------------------------------

PLOT_LEFT, PLOT_TOP, PLOT_BOTTOM = 44, 10, 24


def _axis_labels(chart: Chart, top: int, plot_h: int):
    chart.labels.append((PLOT_LEFT - 6, PLOT_TOP + 8, f"{top:,}", "end"))
    chart.labels.append((PLOT_LEFT - 6, PLOT_TOP + plot_h, "0", "end"))


def _labelled(i: int, n: int) -> bool:
    """A date under every seventh bar and the last, none crowding the last."""
    return i == n - 1 or (i % 7 == 0 and i < n - 4)


def _day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%b}"


def status_chart(days, history) -> Chart:
    width, height = 720, 220
    plot_w, plot_h = width - PLOT_LEFT - 8, height - PLOT_TOP - PLOT_BOTTOM
    top = max((sum(h.values()) for h in history), default=0) or 1
    chart = Chart(
        title="Claims by status, end of each day",
        width=width,
        height=height,
        head=["Day", *[LABELS[s] for s in STATUSES]],
    )
    step = plot_w / max(len(days), 1)
    for i, (day, stock) in enumerate(zip(days, history, strict=True)):
        y = PLOT_TOP + plot_h
        for status in STATUSES:
            h = plot_h * stock[status] / top
            if h > 0:
                y -= h
                chart.bars.append(
                    Bar(
                        x=round(PLOT_LEFT + i * step + 1, 1),
                        y=round(y, 1),
                        width=round(max(step - 2, 1), 1),
                        height=round(h, 1),
                        css=f"s-{status}",
                        title=f"{_day_label(day)}: {stock[status]:,} {LABELS[status].lower()}",
                    )
                )
        chart.rows.append([day, *[stock[s] for s in STATUSES]])
        if _labelled(i, len(days)):
            chart.labels.append(
                (PLOT_LEFT + i * step + step / 2, height - 6, _day_label(day), "middle")
            )
    _axis_labels(chart, top, plot_h)
    today = history[-1] if history else {}
    chart.summary = "Now: " + ", ".join(
        f"{today.get(s, 0):,} {LABELS[s].lower()}" for s in STATUSES
    )
    return chart


def published_chart(days, moves) -> Chart:
    per_day = dict.fromkeys(days, 0)
    for m in moves:
        if m["to_status"] == S.PUBLISHED and m["day"] in per_day:
            per_day[m["day"]] += m["n"]
    width, height = 720, 160
    plot_w, plot_h = width - PLOT_LEFT - 8, height - PLOT_TOP - PLOT_BOTTOM
    top = max(per_day.values(), default=0) or 1
    chart = Chart(title="Published per day", width=width, height=height, head=["Day", "Published"])
    step = plot_w / max(len(days), 1)
    for i, day in enumerate(days):
        n = per_day[day]
        h = plot_h * n / top
        if n:
            chart.bars.append(
                Bar(
                    x=round(PLOT_LEFT + i * step + 1, 1),
                    y=round(PLOT_TOP + plot_h - h, 1),
                    width=round(max(step - 2, 1), 1),
                    height=round(h, 1),
                    css="s-published",
                    title=f"{_day_label(day)}: {n:,} published",
                )
            )
        chart.rows.append([day, n])
        if _labelled(i, len(days)):
            chart.labels.append(
                (PLOT_LEFT + i * step + step / 2, height - 6, _day_label(day), "middle")
            )
    _axis_labels(chart, top, plot_h)
    chart.summary = f"{sum(per_day.values()):,} published in the last {len(days)} days"
    return chart


def load_chart(load) -> Chart:
    row_h, label_w, width = 22, 120, 720
    height = max(len(load), 1) * row_h + 8
    top = max((r["total"] for r in load), default=0) or 1
    plot_w = width - label_w - 60
    chart = Chart(
        title="Load per reviewer",
        width=width,
        height=height,
        head=["Reviewer", "In review", "Proposed", "Total"],
    )
    for i, r in enumerate(load):
        y = 4 + i * row_h
        x = label_w
        for key, css in (("in_review", "s-in_review"), ("proposed", "s-proposed")):
            w = plot_w * r[key] / top
            if w > 0:
                chart.bars.append(
                    Bar(
                        x=round(x, 1),
                        y=y,
                        width=round(w, 1),
                        height=row_h - 6,
                        css=css,
                        title=f"{r['assignee__username']}: {r[key]:,} {key.replace('_', ' ')}",
                    )
                )
                x += w
        chart.labels.append((label_w - 6, y + row_h - 10, r["assignee__username"], "end"))
        chart.labels.append((x + 6, y + row_h - 10, f"{r['total']:,}", "start"))
        chart.rows.append([r["assignee__username"], r["in_review"], r["proposed"], r["total"]])
    chart.summary = f"{len(load)} people hold claims" if load else "Nobody holds a claim right now"
    return chart


def dashboard(*, now=None, days: int = DAYS) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    day_list = [today - datetime.timedelta(days=days - 1 - i) for i in range(days)]
    since = timezone.make_aware(datetime.datetime.combine(day_list[0], datetime.time.min))
    counts = status_counts()
    moves = transitions_per_day(since)
    created = created_per_day(since)
    history = status_history(day_list, counts, moves, created)
    overdue_count, overdue = overdue_leases(now)
    return Dashboard(
        days=day_list,
        counts=counts,
        by_status=status_chart(day_list, history),
        published=published_chart(day_list, moves),
        load=load_chart(reviewer_load()),
        publish_time=publish_times(since),
        overdue_count=overdue_count,
        overdue=overdue,
        conflicts=conflicts_found(),
        extractor=extractor_summary(),
    )


def conflicts_found() -> int:
    """Claims in a story's measure whose value cannot be true with another outlet's (one query)."""
    from factcheck.models import MeasureClaim

    return MeasureClaim.objects.filter(conflicts=True).count()


def extractor_summary():
    """The extractor's report card over every reviewed claim: its "All kinds" row."""
    from factcheck.extraction_report import report_total

    return report_total()
