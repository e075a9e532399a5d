"""The CSV export: one row per claim, UTF-8 with a BOM, safe to open in a spreadsheet.

Written from plain rows, not model instances: one query reads the claims in export order
with only the columns the CSV shows (the article's through a join), a page at a time
through a cursor; each page of claims then costs one query for their verdict revisions
and one for the evidence their current verdicts cite. Memory is bounded by the page;
queries grow with the number of pages, not of claims.
"""

import csv
import io
import json
from collections import namedtuple
from collections.abc import Iterator
from decimal import Decimal
from itertools import batched

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from factcheck.exports import common
from factcheck.exports.common import (
    ClaimCallback,
    People,
    buffered,
    current_verdict,
    first_published_at,
    iso_date,
    iso_datetime,
    plain_number,
    report_url,
)
from factcheck.models import Claim, Rating, Verdict
from factcheck.site import fact_check_url

PUBLISHED = Claim.Status.PUBLISHED.value

BOM = "\ufeff"
COLUMNS = [
    "article_id",
    "article_title",
    "article_outlet",
    "article_url",
    "article_published",
    "claim_id",
    "claim_url",
    "kind",
    "claim_text",
    "claim_span",
    "low",
    "high",
    "qualifier",
    "unit",
    "date",
    "granularity",
    "speaker",
    "status",
    "rating",
    "rating_value",
    "rationale",
    "evidence_urls",
    "reviewer",
    "editor",
    "verdict_revision",
    "proposed_at",
    "approved_at",
    "first_published_at",
    "correction_note",
    "dismissal_reason",
]
# A spreadsheet runs a cell that starts with one of these as a formula (tab and CR too,
# since some programs strip them before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The export's order: by article, then as the claims appear in its text.
ORDER = ("article_id", "start", "id")
# The claim columns read per row, in the order page_rows() unpacks them.
CLAIM_FIELDS = (
    "article_id",
    "article__title",
    "article__outlet",
    "article__url",
    "article__published",
    "id",
    "kind",
    "text",
    "span",
    "low",
    "high",
    "qualifier",
    "unit",
    "date",
    "granularity",
    "speaker",
    "status",
    "dismissal_reason",
)
_CLAIM_ID = CLAIM_FIELDS.index("id")
# A verdict revision as a small named tuple: its attribute names match Verdict's, so
# common.current_verdict() and common.first_published_at() read it as they read a Verdict.
VERDICT_FIELDS = (
    "claim_id",
    "id",
    "revision",
    "state",
    "rating_id",
    "rationale",
    "author_id",
    "approved_by_id",
    "created_at",
    "approved_at",
    "correction_note",
)
VerdictRow = namedtuple("VerdictRow", VERDICT_FIELDS)
NO_VERDICT = ("",) * 11


def neutralise(value) -> str | int | Decimal:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def prepare(claims: QuerySet) -> QuerySet:
    """The claims in export order (what the export writes; export_count() counts it)."""
    return claims.order_by(*ORDER)


def claim_pages(claims: QuerySet, size: int) -> Iterator[tuple[tuple, ...]]:
    """Tuples of at most `size` claim rows (CLAIM_FIELDS), in ORDER, from one query.

    The rows come through a database cursor `size` at a time (a server-side cursor on
    PostgreSQL), so only one page of claims is in memory at once. One query rather than a
    keyset query per page: with no index on (article_id, start, id) and filters joined in
    (an outlet), each keyset page sorted the rest of the selection again, so pages got
    slower as the export went on (8,900 rows/s at 100k claims against 14,900 at 10k).
    """
    rows = prepare(claims).values_list(*CLAIM_FIELDS).iterator(chunk_size=size)
    yield from batched(rows, size)


def id_list(ids: list[int], using: str) -> list[int] | RawSQL:
    """`ids` for the right-hand side of an `__in` lookup, as one parameter where possible.

    A page's 500 ids as 500 literals cost more to build, send, parse and plan than the
    rows they fetch; PostgreSQL takes them as one array, SQLite as one JSON list. The SQL
    stays `column IN (subquery)`; other databases get the plain list.
    """
    vendor = connections[using].vendor
    if vendor == "postgresql":
        # The array's text form ('{1,2,3}'), written in C rather than dumped item by item.
        return RawSQL("SELECT unnest(%s::bigint[])", ("{" + ",".join(map(str, ids)) + "}",))
    if vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
    return ids


def page_verdicts(claim_ids: list[int], using: str) -> dict[int, list[VerdictRow]]:
    """claim id -> its verdict revisions, oldest first (one query)."""
    revisions: dict[int, list[VerdictRow]] = {}
    rows = (
        Verdict.objects.using(using)
        .filter(claim_id__in=id_list(claim_ids, using))
        .order_by("claim_id", "revision")
        .values_list(*VERDICT_FIELDS)
    )
    for row in rows:
        verdict = VerdictRow._make(row)
        revisions.setdefault(verdict.claim_id, []).append(verdict)
    return revisions


def cited_urls(verdict_ids: list[int], using: str) -> dict[int, list[str]]:
    """verdict id -> the urls of the evidence it cites, oldest evidence first (one query)."""
    urls: dict[int, list[str]] = {}
    if not verdict_ids:
        return urls
    rows = (
        Verdict.evidence.through.objects.using(using)
        .filter(verdict_id__in=id_list(verdict_ids, using))
        .order_by("evidence__created_at", "evidence__id")
        .values_list("verdict_id", "evidence__url")
    )
    for verdict_id, url in rows:
        urls.setdefault(verdict_id, []).append(url)
    return urls


class _Ratings(dict):
    """Rating id -> (label, value or ""), read once per export: a scale has a handful of steps.

    A dict, so a lookup in the per-claim loop costs no Python call; an id it lacks (a rating
    added since) reads the scale again.
    """

    def __init__(self, using: str):
        super().__init__()
        self._using = using

    def __missing__(self, rating_id: int) -> tuple[str, int | str]:
        self.update(
            {
                pk: (label, "" if value is None else value)
                for pk, label, value in Rating.objects.using(self._using).values_list(
                    "id", "label", "value"
                )
            }
        )
        if rating_id not in self:
            raise KeyError(f"No rating with id {rating_id}.")
        return self[rating_id]


class _Names(dict):
    """User id -> display name (People.name), each looked up once per export."""

    def __init__(self):
        super().__init__()
        self._people = People()

    def __missing__(self, user_id: int | None) -> str:
        name = self[user_id] = self._people.name(user_id)
        return name


def page_rows(page: tuple[tuple, ...], name: _Names, ratings: _Ratings, using: str) -> list[list]:
    """The CSV rows of one page of claims (two queries: verdicts, then cited evidence).

    Cells as neutralise() makes them: ints as they are, text with a formula start quoted.
    """
    revisions = page_verdicts([row[_CLAIM_ID] for row in page], using)
    current = {claim_id: current_verdict(verdicts) for claim_id, verdicts in revisions.items()}
    urls = cited_urls([v.id for v in current.values() if v is not None], using)
    starts = FORMULA_STARTS
    out = []
    for (
        article_id,
        title,
        outlet,
        url,
        published,
        claim_id,
        kind,
        claim_text,
        span,
        low,
        high,
        qualifier,
        unit,
        date,
        granularity,
        speaker,
        status,
        dismissal_reason,
    ) in page:
        verdict = current.get(claim_id)
        if verdict is None:
            judged = NO_VERDICT
        else:
            approved_at = iso_datetime(verdict.approved_at)
            first = first_published_at(revisions[claim_id])
            judged = (
                *ratings[verdict.rating_id],
                verdict.rationale,
                "\n".join(urls.get(verdict.id, ())),
                name[verdict.author_id],
                name[verdict.approved_by_id],
                verdict.revision,
                iso_datetime(verdict.created_at),
                approved_at,
                # Uncorrected verdicts were first published when they were approved.
                approved_at if first == verdict.approved_at else iso_datetime(first),
                verdict.correction_note,
            )
        values = (
            article_id,
            title,
            outlet,
            url,
            iso_date(published),
            claim_id,
            # Published: the public page anyone can open; else the newsroom's report.
            fact_check_url(claim_id, claim_text)
            if status == PUBLISHED
            else report_url(article_id, claim_id),
            kind,
            claim_text,
            span,
            plain_number(low),
            plain_number(high),
            qualifier,
            unit,
            date,
            granularity,
            speaker,
            status,
            *judged,
            dismissal_reason,
        )
        # neutralise(), inlined: every cell is an int or a str here.
        out.append(
            [("'" + v if v.startswith(starts) else v) if v.__class__ is str else v for v in values]
        )
    return out


def write_csv(claims: QuerySet, *, on_claim: ClaimCallback = None) -> Iterator[str]:
    """The CSV text for these claims, in chunks.

    on_claim, if given, is called once per claim written, with the claim's id.
    """

    def pages():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        yield BOM + out.getvalue()
        name = _Names()
        ratings = _Ratings(claims.db)
        for page in claim_pages(claims, common.CHUNK_SIZE):
            out.seek(0)
            out.truncate()
            writer.writerows(page_rows(page, name, ratings, claims.db))
            if on_claim is not None:
                for row in page:
                    on_claim(row[_CLAIM_ID])
            yield out.getvalue()

    return buffered(pages())
