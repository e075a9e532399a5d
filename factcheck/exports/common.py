"""What every export format shares: the prefetches, the current verdict, people, dates, urls."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Min, Prefetch, QuerySet
from django.urls import reverse

from factcheck.models import Article, ClaimEvent, Comment, Evidence, Rating, Verdict

# Rows fetched per database round trip; prefetches run once per chunk, so memory is
# bounded by this, not by the number of claims exported.
CHUNK_SIZE = 500
# Text handed to the HTTP response or file in pieces of about this many characters.
FLUSH_CHARS = 64 * 1024

ClaimCallback = Callable[[object], None] | None

# Prefetched lists are stored on the objects under these names (Prefetch(to_attr=...)):
# plain lists, so reading them costs no queryset clone per claim.
REVISIONS = "revisions"  # claim -> its verdict revisions, oldest first
CITED = "cited"  # verdict -> the evidence it cites
SOURCES = "sources"  # claim -> all evidence gathered (JSON)
EVENTS = "event_list"  # claim -> its audit events (JSON)
COMMENTS = "comment_list"  # claim -> its comments (JSON)
_CLAIM_LISTS = (REVISIONS, SOURCES, EVENTS, COMMENTS)


def verdicts_prefetch(
    *, with_evidence: bool = True, with_people: bool = False, evidence_fields: tuple[str, ...] = ()
) -> Prefetch:
    """Each claim's verdict revisions (with ratings; with cited evidence and users if asked).

    Exports leave users out and name them through People: a newsroom has few of them, and a
    user row per verdict would cost more than the rest of the verdict.
    """
    verdicts = Verdict.objects.select_related(
        "rating", *(("author", "approved_by") if with_people else ())
    ).order_by("revision")
    if with_evidence:
        evidence = Evidence.objects.order_by("created_at", "id")
        if evidence_fields:
            evidence = evidence.only(*evidence_fields)
        verdicts = verdicts.prefetch_related(Prefetch("evidence", queryset=evidence, to_attr=CITED))
    return Prefetch("verdicts", queryset=verdicts, to_attr=REVISIONS)


def article_prefetch(*, with_text: bool = False) -> Prefetch:
    """Each claim's article, fetched once per chunk of claims rather than once per claim."""
    articles = Article.objects.all() if with_text else Article.objects.defer("body", "raw_text")
    return Prefetch("article", queryset=articles)


def evidence_prefetch() -> Prefetch:
    return Prefetch(
        "evidence", queryset=Evidence.objects.order_by("created_at", "id"), to_attr=SOURCES
    )


def events_prefetch() -> Prefetch:
    return Prefetch(
        "events", queryset=ClaimEvent.objects.order_by("created_at", "id"), to_attr=EVENTS
    )


def comments_prefetch() -> Prefetch:
    return Prefetch(
        "comments", queryset=Comment.objects.order_by("created_at", "id"), to_attr=COMMENTS
    )


def verdict_list(claim) -> list:
    """The claim's verdict revisions, oldest first (needs verdicts_prefetch())."""
    return getattr(claim, REVISIONS)


def cited_evidence(verdict) -> list:
    return getattr(verdict, CITED)


class People:
    """Names of users by id, each looked up once per export (a newsroom has few users)."""

    def __init__(self):
        self._users: dict[int, dict | None] = {}

    def _get(self, user_id: int | None) -> dict | None:
        if user_id is None:
            return None
        if user_id not in self._users:
            self._users[user_id] = (
                get_user_model()
                .objects.filter(pk=user_id)
                .values("username", "first_name", "last_name")
                .first()
            )
        return self._users[user_id]

    def name(self, user_id: int | None) -> str:
        """Full name, else username ("" for nobody)."""
        user = self._get(user_id)
        if user is None:
            return ""
        return f"{user['first_name']} {user['last_name']}".strip() or user["username"]

    def record(self, user_id: int | None) -> dict | None:
        user = self._get(user_id)
        if user is None:
            return None
        return {
            "username": user["username"],
            "name": f"{user['first_name']} {user['last_name']}".strip(),
        }


def current_verdict(verdicts: list):
    """The published verdict, else the proposal awaiting approval, else None."""
    current = None
    for verdict in verdicts:
        if verdict.state in (Verdict.State.PUBLISHED, Verdict.State.PROPOSED):
            current = verdict
    return current


def published_verdict(verdicts: list):
    for verdict in verdicts:
        if verdict.state == Verdict.State.PUBLISHED:
            return verdict
    return None


def first_published_at(verdicts: list) -> datetime.datetime | None:
    """When the claim's verdict was first published (corrections keep this date)."""
    dates = [
        v.approved_at
        for v in verdicts
        if v.state in (Verdict.State.PUBLISHED, Verdict.State.SUPERSEDED) and v.approved_at
    ]
    return min(dates) if dates else None


def corrections(verdicts: list) -> list:
    """The correcting revisions (published or since superseded), oldest first."""
    return [
        v
        for v in verdicts
        if v.correction_note and v.state in (Verdict.State.PUBLISHED, Verdict.State.SUPERSEDED)
    ]


def iso_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds")


def iso_date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def plain_number(value: Decimal | None) -> str:
    """1200.000000 -> "1200", 2.500000 -> "2.5"."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


@lru_cache(maxsize=4096)
def _report_path(article_id: int) -> str:
    return reverse("article_report", args=[article_id])


def report_url(article_id: int, claim_id: int | None = None) -> str:
    """Absolute URL of an article's report page, with the claim's anchor when given."""
    url = settings.SITE_URL + _report_path(article_id)
    return f"{url}#claim-{claim_id}" if claim_id else url


def claim_anchor(claim_id: int) -> str:
    return f"claim-{claim_id}"


def rating_bounds() -> tuple[int | None, int | None]:
    """(best, worst) of the active rating scale, for ClaimReview."""
    bounds = Rating.objects.filter(active=True, value__isnull=False).aggregate(
        best=Max("value"), worst=Min("value")
    )
    return bounds["best"], bounds["worst"]


def stream(claims: QuerySet, on_claim: ClaimCallback = None) -> Iterator:
    """Claims one at a time, fetched in chunks so memory does not grow with the count."""
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        yield claim
        if on_claim is not None:
            on_claim(claim)
        # A prefetched verdict points back at its claim: a reference cycle only the garbage
        # collector would free, late. Dropping the lists lets each claim go once written.
        for name in _CLAIM_LISTS:
            claim.__dict__.pop(name, None)
        claim.__dict__.pop("_prefetched_objects_cache", None)


def buffered(pieces: Iterable[str], size: int | None = None) -> Iterator[str]:
    """Join small pieces into chunks of about `size` (default FLUSH_CHARS) characters."""
    size = size or FLUSH_CHARS
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer.clear()
            length = 0
    if buffer:
        yield "".join(buffer)
