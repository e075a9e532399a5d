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
from django.db import DEFAULT_DB_ALIAS, connection
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
# A text search counts its matches up to this many. A common word matches a good share of a
# big newsroom's claims, and counting them all read every one of them ("bridge" at 1M
# claims: 18,742 claims, 354 ms warm, 1.6 s cold); its first 1,001 in rank order come from
# the rank index alone (claim_rank_all holds their status and search text) in 30-40 ms.
SEARCH_COUNT_LIMIT = 1000


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

    @property
    def counts_capped(self) -> bool:
        """A text search with more matches than it counts (SEARCH_COUNT_LIMIT): its counts
        per status are those of its first matches only."""
        return bool(self.filters.q) and self.total > SEARCH_COUNT_LIMIT

    @property
    def count_limit(self) -> int:
        return SEARCH_COUNT_LIMIT


def _filtered(filters: QueueFilters, user, *, with_status=True, search=None):
    """`search`: the text search's (terms, figure), when not search_values(filters.q)."""
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
        terms, number = search or search_values(filters.q)
        match = Q()
        for term in terms:
            # Claim.search is upper-cased by the database; the term is too, by the same
            # function, so both sides agree on every letter.
            match |= Q(search__contains=Upper(Value(term)))
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


def search_values(q: str) -> tuple[list[str], Decimal | None]:
    """What a text search looks for: its text's variants and, if it is a figure, the
    figure (matched against claims' values too)."""
    return search_terms(q), _as_number(q)


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


def _parse_cursor(sort: str, cursor: str) -> tuple:
    """A cursor's sort key and id; ValueError, InvalidOperation or OverflowError if it is
    broken."""
    value, _, pk = cursor.rpartition("~")
    if sort == "rank":
        return float(Decimal(value)), int(pk)
    return EPOCH + datetime.timedelta(microseconds=int(value)), int(pk)


BROKEN_CURSOR = (ValueError, InvalidOperation, OverflowError)


def _after(qs, sort: str, key, pk: int):
    """Rows strictly after the row with sort key `key` and id `pk` in the sort order."""
    # The first condition is implied by the second; it is there for the index. Without
    # it the database reads the index from the top and filters row by row (PostgreSQL
    # cannot turn the OR into a range), so page N costs N pages: 0.4 s after 100,000
    # claims at 1M, against a few ms with it (bench_queue "after 100,000").
    if sort == "rank":
        return qs.filter(
            Q(checkworthiness__lte=key),
            Q(checkworthiness__lt=key) | Q(checkworthiness=key, id__gt=pk),
        )
    if sort == "age":
        return qs.filter(
            Q(created_at__gte=key),
            Q(created_at__gt=key) | Q(created_at=key, id__gt=pk),
        )
    return qs.filter(
        Q(created_at__lte=key),
        Q(created_at__lt=key) | Q(created_at=key, id__lt=pk),
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
    else:
        rows = row_keys(page_keys(filters, user=user, size=size, errors=errors))
    next_cursor = _cursor_for(rows[size - 1], filters.sort) if len(rows) > size else ""
    return QueuePage(
        rows=rows[:size],
        next_cursor=next_cursor,
        counts=status_counts(filters, user=user),
        filters=filters,
        errors=errors,
    )


BROKEN_PAGE_LINK = "That page link is broken; showing the first page."


def rows_query(
    filters: QueueFilters, *, user, size: int = PAGE_SIZE, errors=None, search=None, after=None
):
    """The query for one page's rows (one more than `size`, to know if a next page exists).
    A broken cursor is named in `errors` and the first page read instead. `search` as for
    _filtered; `after`: the cursor's (sort key, id), when not read from filters.after."""
    qs = _filtered(filters, user, search=search)
    if filters.after:
        try:
            after = after or _parse_cursor(filters.sort, filters.after)
        except BROKEN_CURSOR:
            if errors is not None:
                errors.append(BROKEN_PAGE_LINK)
        else:
            qs = _after(qs, filters.sort, *after)
    order = SORTS[filters.sort][1]
    if filters.q:
        # The page's ids first, then their rows: the ids alone a text search can find in
        # the rank index (which holds each claim's search text), reading no claim it does
        # not show. Asked for whole rows, PostgreSQL reads every claim it passes over.
        qs = Claim.objects.filter(pk__in=qs.order_by(*order).values("pk")[: size + 1])
    return (
        qs.select_related("article", "assignee")
        # Rows show the claim without its entities and extractor snapshot (JSON), and of
        # its article and holder only what a row names: loading nothing else halves the
        # cost of building 50 rows.
        .only(*ROW_FIELDS)
        .order_by(*order)[: size + 1]
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

    `rows`: a rows_query() queryset, or the key values `page_keys` read.
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


# Stand-ins for a page's filter values (sql.values): never sent to the database.
_STAND_INS = {"status": "\x00status", "kind": "\x00kind", "outlet": "\x00outlet"}
_STAND_IN_ARTICLE, _STAND_IN_USER, _STAND_IN_ID = -70001, -70002, -70005
_STAND_IN_FIGURE = Decimal("-70003.25")
_STAND_IN_RANK = -70004.5
_STAND_IN_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)


def page_keys(filters: QueueFilters, *, user, size: int = PAGE_SIZE, errors=None) -> list[tuple]:
    """A page's key values (KEY_FIELDS and the holder's name), as row_keys reads them:
    the query is built and compiled once per process for each shape of filters (which are
    set, the sort, whether it is a later page, how many variants a text search has and
    whether it is a figure), with stand-ins where the values go. A broken cursor is named
    in `errors` and the first page read instead.

    Run as a prepared statement, except for a text search: PostgreSQL keeps a generic
    plan only where it is no worse than planning each run (the unfiltered queue, the age
    order, mine), but a search's plan depends on its words (a rare word is read by the
    trigram index, a common one in rank order), so a search is planned every time."""
    after = None
    if filters.after:
        try:
            after = _parse_cursor(filters.sort, filters.after)
        except BROKEN_CURSOR:
            if errors is not None:
                errors.append(BROKEN_PAGE_LINK)
            filters = replace(filters, after="")
    terms, figure = search_values(filters.q) if filters.q else ([], None)
    stand_in_terms = [f"\x00q{i}" for i in range(len(terms))]
    stand_in_figure = None if figure is None else _STAND_IN_FIGURE
    shape = replace(
        filters,
        errors=(),
        q=filters.q and "\x00q",
        after=filters.after and "\x00after",
        article=filters.article and _STAND_IN_ARTICLE,
        **{name: getattr(filters, name) and stand_in for name, stand_in in _STAND_INS.items()},
    )
    values = {
        _STAND_IN_ARTICLE: filters.article,
        _STAND_IN_USER: user.pk,
        _STAND_IN_FIGURE: figure,
        **dict(zip(stand_in_terms, terms, strict=True)),
        **{stand_in: getattr(filters, name) for name, stand_in in _STAND_INS.items()},
    }
    stand_in_after = None
    if after:
        stand_in_key = _STAND_IN_RANK if filters.sort == "rank" else _STAND_IN_MOMENT
        stand_in_after = (stand_in_key, _STAND_IN_ID)
        values[_adapted(stand_in_key)] = _adapted(after[0])
        values[_STAND_IN_ID] = after[1]
    return sql.values(
        f"queue-keys:{size}:{len(terms)}:{figure is not None}:{shape!r}",
        lambda: rows_query(
            shape,
            user=_StandInUser(),
            size=size,
            search=(stand_in_terms, stand_in_figure),
            after=stand_in_after,
        ).values_list(*KEY_FIELDS, "assignee__username"),
        values,
        prepared=not filters.q,
    )


class _StandInUser:
    pk = _STAND_IN_USER


def _adapted(value):
    """A cursor's value as the query's parameters hold it (SQLite takes a moment as text)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


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
    """The query behind status_counts: claims per status under the non-status filters, as
    (status, n) rows; for a text search, the status of each of its first
    SEARCH_COUNT_LIMIT + 1 matches in rank order."""
    qs = _filtered(filters, user, with_status=False)
    if filters.q:
        return qs.order_by(*SORTS["rank"][1]).values_list("status", flat=True)[
            : SEARCH_COUNT_LIMIT + 1
        ]
    return qs.values("status").annotate(n=Count("id")).order_by()


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
    if filters.q:  # capped: QueuePage.counts_capped
        for status in counts_query(filters, user=user):
            counts[status] += 1
    else:
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
