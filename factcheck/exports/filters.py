"""Which claims an export covers: one ExportFilters, from GET params or command options."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from factcheck.models import Article, Claim, Rating, Verdict
from factcheck.params import is_searchable, parse_id

# The verdict that speaks for a claim now: the published one, or the proposal awaiting
# approval. Returned and superseded revisions are history.
CURRENT_VERDICT_STATES = (Verdict.State.PUBLISHED, Verdict.State.PROPOSED)


# How each filter is called in the export URL's query string (and so in error messages).
PARAM_NAMES = {
    "article": "article",
    "status": "status",
    "rating": "rating",
    "date_from": "date_from",
    "date_to": "date_to",
    "outlet": "outlet",
}


class ExportFilterError(ValueError):
    """A filter value that cannot be used; the message names the filter and the value."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportFilters:
    articles: tuple[int, ...] = ()
    status: str = ""
    rating: str = ""
    outlet: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_query(cls, params) -> "ExportFilters":
        """From request.GET: article (repeatable), status, rating, outlet, date_from, date_to."""
        return cls.parse(
            articles=params.getlist("article"),
            status=params.get("status", ""),
            rating=params.get("rating", ""),
            outlet=params.get("outlet", ""),
            date_from=params.get("date_from", ""),
            date_to=params.get("date_to", ""),
        )

    @classmethod
    def parse(
        cls,
        *,
        articles=(),
        status="",
        rating="",
        outlet="",
        date_from="",
        date_to="",
        names: dict | None = None,
    ) -> "ExportFilters":
        """Validate raw text values; raises ExportFilterError naming the bad one.

        `names` renames filters in messages (the command calls date_from "--from").
        """
        names = {**PARAM_NAMES, **(names or {})}
        article_ids = []
        for raw in articles or ():
            raw = str(raw).strip()
            if not raw:
                continue
            article_id = parse_id(raw)
            if article_id is None:
                raise ExportFilterError(
                    f"{names['article']} must be an article id (a whole number), not {raw!r}."
                )
            article_ids.append(article_id)
        article_ids = tuple(dict.fromkeys(article_ids))
        if article_ids:
            found = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
            missing = [str(pk) for pk in article_ids if pk not in found]
            if missing:
                raise ExportFilterError(f"No article with id {', '.join(missing)}.")

        status = (status or "").strip()
        if status and status not in Claim.Status.values:
            raise ExportFilterError(
                f"Unknown {names['status']} {status!r}; "
                f"use one of: {', '.join(Claim.Status.values)}."
            )

        rating = (rating or "").strip()
        outlet = (outlet or "").strip()
        for name, value in (("rating", rating), ("outlet", outlet)):
            if not is_searchable(value):
                raise ExportFilterError(
                    f"{names[name]} {value!r} contains a control character; "
                    f"type the {name} as it is written."
                )
        if rating and not Rating.objects.filter(slug=rating).exists():
            slugs = ", ".join(Rating.objects.values_list("slug", flat=True))
            raise ExportFilterError(f"Unknown {names['rating']} {rating!r}; use one of: {slugs}.")

        start = _parse_date(names["date_from"], date_from)
        end = _parse_date(names["date_to"], date_to)
        if start and end and start > end:
            raise ExportFilterError(
                f"{names['date_from']} ({start.isoformat()}) is after "
                f"{names['date_to']} ({end.isoformat()})."
            )
        return cls(
            articles=article_ids,
            status=status,
            rating=rating,
            outlet=outlet,
            date_from=start,
            date_to=end,
        )

    def claims(self, queryset: QuerySet | None = None) -> QuerySet:
        """The claims these filters select, in article and text order."""
        claims = Claim.objects.all() if queryset is None else queryset
        if self.articles:
            claims = claims.filter(article_id__in=self.articles)
        if self.status:
            claims = claims.filter(status=self.status)
        if self.rating:
            claims = claims.filter(
                Exists(
                    Verdict.objects.filter(
                        claim=OuterRef("pk"),
                        state__in=CURRENT_VERDICT_STATES,
                        rating__slug=self.rating,
                    )
                )
            )
        if self.outlet:
            claims = claims.filter(article__outlet__iexact=self.outlet)
        if self.date_from:
            claims = claims.filter(article__published__gte=self.date_from)
        if self.date_to:
            claims = claims.filter(article__published__lte=self.date_to)
        return claims.order_by("article_id", "start", "id")

    def as_dict(self) -> dict:
        """The filters as plain JSON values (recorded in the JSON export)."""
        return {
            "article": list(self.articles),
            "status": self.status,
            "rating": self.rating,
            "outlet": self.outlet,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as GET parameters, for links to the export view."""
        pairs = [("article", str(pk)) for pk in self.articles]
        for name, value in self.as_dict().items():
            if name != "article" and value:
                pairs.append((name, value))
        return pairs


def _parse_date(name: str, raw) -> datetime.date | None:
    if isinstance(raw, datetime.date):
        return raw
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ExportFilterError(f"{name} must be a date as YYYY-MM-DD, not {raw!r}.") from None
