"""The review queue's read side: filters, ranking, keyset pages and counts per status.

A page costs the same few queries whatever the size of the queue: one for the rows' keys,
one for the counts per status, and one for the rows whose HTML is not in the cache.
Reading writes nothing: a claim whose lease ran out is shown as free to take (the next
take, the `expire_leases` command or its periodic task returns it to the queue). Claims of
archived articles are not in the queue.
"""

import datetime
import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Upper

from factcheck import caching, sql
from factcheck.models import Article, Claim
from factcheck.params import is_searchable, parse_id

SORTS = {
    # name: (label, ordering); keyset pagination follows the same ordering.
    "rank": ("Check-worthiness", ("-checkworthiness", "id")),
    "age": ("Oldest first", ("created_at", "id")),
    "newest": ("Newest first", ("-created_at", "-id")),
}
ASSIGNEE_CHOICES = {"": "Anyone", "mine": "Mine", "unassigned": "Unassigned"}
# Other outlets' reports of the same event (factcheck/stories): see `_across`.
ACROSS_CHOICES = {
    "": "Any",
    "conflicts": "Conflicts with another outlet",
    "checked": "Already checked elsewhere",
}
PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows, as the URL says it (bookmarkable; the back button works)."""

    status: str = ""
    kind: str = ""
    article: int | None = None
    outlet: str = ""
    assignee: str = ""
    across: str = ""
    q: str = ""
    sort: str = "rank"
    after: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, params) -> "QueueFilters":
        """Parse request.GET; a value that makes no sense is dropped and named in `errors`."""
        errors = []

        def choice(name, allowed, default=""):
            value = (params.get(name) or "").strip()
            if value and value not in allowed:
                errors.append(f"Unknown {name} {value!r}; showing all.")
                return default
            return value or default

        def text(name, label):
            value = (params.get(name) or "").strip()[:200]
            if not is_searchable(value):
                errors.append(
                    f"The {label} {value!r} contains a control character that cannot be "
                    f"searched for; showing all."
                )
                return ""
            return value

        raw_article = (params.get("article") or "").strip()
        article = parse_id(raw_article) if raw_article else None
        if raw_article and article is None:
            errors.append(f"Article {raw_article!r} is not an article number; showing all.")
        return cls(
            status=choice("status", Claim.Status.values),
            kind=choice("kind", Claim.Kind.values),
            article=article,
            outlet=text("outlet", "outlet"),
            assignee=choice("assignee", ASSIGNEE_CHOICES),
            across=choice("across", ACROSS_CHOICES),
            q=text("q", "search text"),
            sort=choice("sort", SORTS, default="rank"),
            after=(params.get("after") or "").strip()[:100],
            errors=tuple(errors),
        )

    def params(self, **changes) -> dict:
        """The non-default values as URL parameters, with `changes` applied."""
        values = replace(self, **changes) if changes else self
        out = {}
        for f in fields(self):
            if f.name == "errors":
                continue
            value = getattr(values, f.name)
            if value not in (None, "", f.default):
                out[f.name] = value
        return out

    def querystring(self, **changes) -> str:
        return urlencode(self.params(**changes))

    @property
    def is_filtered(self) -> bool:
        return bool(self.params(sort="rank", after=""))


@dataclass
class QueuePage:
    rows: list
    next_cursor: str
    counts: dict
    filters: QueueFilters
    errors: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _filtered(filters: QueueFilters, user, *, with_status=True):
    qs = Claim.objects.filter(article__archived_at__isnull=True)
    if with_status and filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.article:
        qs = qs.filter(article_id=filters.article)
    if filters.outlet:
        # The claim's copy of its article's outlet: read in rank order from
        # claim_outlet_rank, no article looked up per claim.
        qs = qs.filter(outlet__iexact=filters.outlet)
    if filters.assignee == "mine":
        qs = qs.filter(assignee_id=user.pk)
    elif filters.assignee == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    if filters.across:
        qs = _across(qs, filters.across)
    if filters.q:
        match = Q()
        for term in search_terms(filters.q):
            # Claim.search is upper-cased by the database; the term is too, by the same
            # function, so both sides agree on every letter.
            match |= Q(search__contains=Upper(Value(term)))
        number = _as_number(filters.q)
        if number is not None:
            match |= Q(low=number) | Q(high=number)
        qs = qs.filter(match)
    return qs


def _across(qs, which: str):
    """conflicts: the claim's value cannot be true with another outlet's in its measure.
    checked: another outlet's claim in the same measure, whose value agrees, is published;
    or the reviewer linked an earlier verdict to it."""
    if which == "conflicts":
        return qs.filter(measure_entry__conflicts=True)
    published_mate = Claim.objects.filter(
        measure_entry__measure_id=OuterRef("measure_entry__measure_id"),
        status=Claim.Status.PUBLISHED,
    ).exclude(article_id=OuterRef("article_id"))
    return qs.filter(
        (Q(measure_entry__conflicts=False) & Exists(published_mate)) | Q(links_out__dismissed=False)
    ).distinct()


NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def search_terms(q: str) -> list[str]:
    """The text as typed, plus its numbers written the other way: "2000" also finds
    "2,000" and "2,000" also finds "2000" (articles write both)."""
    variants = {q}

    def with_commas(match):
        digits = match.group().replace(",", "")
        whole, _, fraction = digits.partition(".")
        return f"{int(whole):,}" + (f".{fraction}" if fraction else "")

    variants.add(NUMBER_RE.sub(with_commas, q))
    variants.add(NUMBER_RE.sub(lambda m: m.group().replace(",", ""), q))
    return sorted(v for v in variants if v)


def _as_number(q: str) -> Decimal | None:
    """The search as a figure ("2000", "2,000", "1.5"), to match claims' values too."""
    text = q.strip().replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", text) or len(text) > 20:
        return None
    return Decimal(text)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _cursor_for(claim: Claim, sort: str) -> str:
    """The sort key and id of the last row shown, in URL-safe characters."""
    if sort == "rank":
        return f"{claim.checkworthiness!r}~{claim.pk}"
    micros = (claim.created_at - EPOCH) // datetime.timedelta(microseconds=1)
    return f"{micros}~{claim.pk}"


def _after(qs, sort: str, cursor: str):
    """Rows strictly after the cursor in the sort order; raises ValueError on a bad cursor."""
    value, _, pk = cursor.rpartition("~")
    pk = int(pk)
    # The first condition is implied by the second; it is there for the index. Without
    # it the database reads the index from the top and filters row by row (PostgreSQL
    # cannot turn the OR into a range), so page N costs N pages: 0.4 s after 100,000
    # claims at 1M, against a few ms with it (bench_queue "after 100,000").
    if sort == "rank":
        key = float(Decimal(value))
        return qs.filter(
            Q(checkworthiness__lte=key),
            Q(checkworthiness__lt=key) | Q(checkworthiness=key, id__gt=pk),
        )
    moment = EPOCH + datetime.timedelta(microseconds=int(value))
    if sort == "age":
        return qs.filter(
            Q(created_at__gte=moment),
            Q(created_at__gt=moment) | Q(created_at=moment, id__gt=pk),
        )
    return qs.filter(
        Q(created_at__lte=moment),
        Q(created_at__lt=moment) | Q(created_at=moment, id__lt=pk),
    )


def queue_page(filters: QueueFilters, *, user, size: int = PAGE_SIZE) -> QueuePage:
    """One page of the queue for `user`, plus counts per status under the other filters.

    The rows are `row_keys`: what tells whether a row's cached HTML is current, not whole
    claims (`full_rows` reads those for the rows that must be drawn), unless rows are not
    cached at all (QUEUE_ROW_CACHE_SECONDS=0)."""
    errors = list(filters.errors)
    # Without the row cache every row is drawn: read them whole at once.
    if not settings.QUEUE_ROW_CACHE_SECONDS:
        rows = list(rows_query(filters, user=user, size=size, errors=errors))
    elif filters.q or filters.after:
        rows = row_keys(rows_query(filters, user=user, size=size, errors=errors))
    else:
        rows = row_keys(first_page_keys(filters, user=user, size=size))
    next_cursor = _cursor_for(rows[size - 1], filters.sort) if len(rows) > size else ""
    return QueuePage(
        rows=rows[:size],
        next_cursor=next_cursor,
        counts=status_counts(filters, user=user),
        filters=filters,
        errors=errors,
    )


def rows_query(filters: QueueFilters, *, user, size: int = PAGE_SIZE, errors=None):
    """The query for one page's rows (one more than `size`, to know if a next page exists).
    A broken cursor is named in `errors` and the first page read instead."""
    qs = _filtered(filters, user)
    if filters.after:
        try:
            qs = _after(qs, filters.sort, filters.after)
        except (ValueError, InvalidOperation, OverflowError):
            if errors is not None:
                errors.append("That page link is broken; showing the first page.")
    return (
        qs.select_related("article", "assignee")
        # Rows show the claim without its entities and extractor snapshot (JSON), and of
        # its article and holder only what a row names: loading nothing else halves the
        # cost of building 50 rows.
        .only(*ROW_FIELDS)
        .order_by(*SORTS[filters.sort][1])[: size + 1]
    )


# What decides a row's cached HTML (its version, whether the viewer may take it, whether
# it starts its article's run; templatetags/review_queue.py) and the next page's cursor.
_KEYS = {"id", "version", "status", "assignee", "lease_expires_at", "article"}
KEY_FIELDS = [  # in the model's order, as Model.from_db wants them
    f.attname
    for f in Claim._meta.concrete_fields
    if f.name in _KEYS | {"checkworthiness", "created_at"}
]


def row_keys(rows) -> list[Claim]:
    """The page's claims holding KEY_FIELDS only, and their holder's name (for a refusal's
    words): one light query, no article or user built per row. Reading another field of
    one reads it from the database; `full_rows` reads whole rows at once.

    `rows`: a rows_query() queryset, or the key values `first_page_keys` read.
    """
    if not isinstance(rows, list):
        rows = rows.values_list(*KEY_FIELDS, "assignee__username")
    user_model = get_user_model()
    claims, holders = [], {}
    for *values, holder in rows:
        claim = Claim.from_db(DEFAULT_DB_ALIAS, KEY_FIELDS, values)
        if claim.assignee_id is not None:
            # One holder object per person on the page ("mine": one for all its rows).
            if claim.assignee_id not in holders:
                holders[claim.assignee_id] = user_model.from_db(
                    DEFAULT_DB_ALIAS, ["id", "username"], [claim.assignee_id, holder]
                )
            claim.assignee = holders[claim.assignee_id]
        claims.append(claim)
    return claims


# Stand-ins for a first page's filter values (sql.values): never sent to the database.
_STAND_INS = {"status": "\x00status", "kind": "\x00kind", "outlet": "\x00outlet"}
_STAND_IN_ARTICLE, _STAND_IN_USER = -70001, -70002


def first_page_keys(filters: QueueFilters, *, user, size: int = PAGE_SIZE) -> list[tuple]:
    """A first page's key values (KEY_FIELDS and the holder's name) without a text search,
    as row_keys reads them: the query is built and compiled once per process for each
    shape of filters (which are set, the sort), with stand-ins where the values go, and run
    as a prepared statement. PostgreSQL keeps a generic plan only where it is no worse
    than planning each run (the unfiltered queue, the age order, mine); not for a text
    search, whose plan depends on its words."""
    if filters.q or filters.after:
        raise ValueError("first_page_keys: not for a text search or a later page")
    shape = replace(
        filters,
        errors=(),
        article=filters.article and _STAND_IN_ARTICLE,
        **{name: getattr(filters, name) and stand_in for name, stand_in in _STAND_INS.items()},
    )
    values = {
        _STAND_IN_ARTICLE: filters.article,
        _STAND_IN_USER: user.pk,
        **{stand_in: getattr(filters, name) for name, stand_in in _STAND_INS.items()},
    }
    return sql.values(
        f"queue-keys:{size}:{shape!r}",
        lambda: rows_query(shape, user=_StandInUser(), size=size).values_list(
            *KEY_FIELDS, "assignee__username"
        ),
        values,
    )


class _StandInUser:
    pk = _STAND_IN_USER


def full_rows(ids) -> dict[int, Claim]:
    """Whole queue rows (ROW_FIELDS, article and holder joined) by id, in one query."""
    return Claim.objects.select_related("article", "assignee").only(*ROW_FIELDS).in_bulk(list(ids))


# What a queue row shows (factcheck/jinja2/queue/_row.jinja and _filters.jinja).
ROW_FIELDS = [
    *(
        f.name
        for f in Claim._meta.concrete_fields
        if f.name not in ("entities", "extracted", "search")
    ),
    "article__title",
    "article__outlet",
    "assignee__username",
]


def counts_query(filters: QueueFilters, *, user):
    """The query behind status_counts: claims per status under the non-status filters."""
    return (
        _filtered(filters, user, with_status=False)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )


def status_counts(filters: QueueFilters, *, user) -> dict:
    """Claims per status under the filters other than status.

    Counting grows with the table, so a result is reused for QUEUE_COUNTS_SECONDS (a few
    seconds; the list itself refreshes every 20) per filter set. 0 turns the reuse off.
    The key holds the claims' generation, so any step (on any node, with a shared cache)
    makes the next page count afresh.
    """
    ttl = settings.QUEUE_COUNTS_SECONDS
    scope = filters.params(status="", after="", sort="rank")
    if filters.assignee == "mine":
        scope["user"] = user.pk
    key = f"queue-counts:{caching.generation(caching.CLAIMS)}:" + urlencode(sorted(scope.items()))
    if ttl and (cached := cache.get(key)) is not None:
        return cached
    counts = dict.fromkeys(Claim.Status.values, 0)
    for row in counts_query(filters, user=user):
        counts[row["status"]] = row["n"]
    if ttl:
        cache.set(key, counts, ttl)
    return counts


def outlet_choices() -> list[str]:
    """The outlets articles come from, for the filter menu (reused until articles change)."""
    return cache.get_or_set(
        f"queue-outlets:{caching.generation(caching.ARTICLES)}",
        lambda: list(
            Article.objects.exclude(outlet="")
            .order_by("outlet")
            .values_list("outlet", flat=True)
            .distinct()
        ),
        settings.QUEUE_ROW_CACHE_SECONDS,
    )


def next_claim_candidates():
    """Free claims in the order "Next claim" hands them out (best-ranked first)."""
    return Claim.objects.filter(
        status=Claim.Status.QUEUED, article__archived_at__isnull=True
    ).order_by("-checkworthiness", "id")
