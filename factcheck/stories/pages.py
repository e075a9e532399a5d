"""What the story page, and the story parts of the article and claim pages, show.

Selectors only (reads). The number of queries does not grow with the size of a story.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Subquery

QUALIFIER_WORDS = {
    "about": "about",
    "more_than": "more than",
    "less_than": "less than",
    "at_least": "at least",
    "up_to": "up to",
}


def _n(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:,f}"
    return f"{value:,}"


def value_text(claim) -> str:
    """A claim's value in plain words, without its unit: "at least 912", "3,000–6,000"."""
    if claim.kind == "date":
        return claim.date or "date not given"
    if claim.qualifier == "vague":
        return "no exact figure"
    low, high = _n(claim.low), _n(claim.high)
    if low and high and low != high:
        return f"{low}–{high}"
    figure = low or high
    words = QUALIFIER_WORDS.get(claim.qualifier, "")
    return f"{words} {figure}".strip()


def outlet_name(article) -> str:
    return article.outlet or article.source_name or f"Article {article.pk}"


def _order(article):
    return (article.published is None, article.published, article.imported_at, article.pk)


@dataclass
class Cell:
    article: object
    claims: list = field(default_factory=list)

    @property
    def outlet(self) -> str:
        return outlet_name(self.article)


@dataclass
class Row:
    measure: object
    cells: list  # one Cell per article column
    firsts: list  # (value text, article) for each distinct value, earliest report


def story_page(story) -> dict:
    """The story page's data: articles, the "who says how many" table and a timeline."""
    from factcheck.models import Article, Claim, MeasureClaim

    articles = sorted(
        Article.objects.filter(story_link__story=story)
        .annotate(claim_count=Count("claims"))
        .only("id", "title", "outlet", "published", "url", "imported_at", "source_name"),
        key=_order,
    )
    column = {a.pk: i for i, a in enumerate(articles)}
    by_id = {a.pk: a for a in articles}
    entries = list(
        MeasureClaim.objects.filter(measure__story=story)
        .select_related("measure", "claim")
        .order_by("measure_id", "claim__article_id", "claim__start")
    )
    rows: dict[int, Row] = {}
    for e in entries:
        row = rows.get(e.measure_id)
        if row is None:
            row = rows[e.measure_id] = Row(e.measure, [Cell(a) for a in articles], [])
        claim = e.claim
        claim.value_text = value_text(claim)
        claim.conflicts = e.conflicts
        claim.outlet = outlet_name(by_id[claim.article_id])
        if claim.article_id in column:
            row.cells[column[claim.article_id]].claims.append(claim)
    for row in rows.values():
        firsts: dict[str, object] = {}
        for i, cell in enumerate(row.cells):  # columns are in publication order
            for claim in cell.claims:
                firsts.setdefault(claim.value_text, articles[i])
        row.firsts = sorted(firsts.items(), key=lambda kv: _order(kv[1]))
    figure_rows = [r for r in rows.values() if r.measure.kind == "figure"]
    figure_rows.sort(key=lambda r: (r.measure.values_agree, r.measure.pk))
    measured = {e.claim_id: e.measure for e in entries}
    dates = (
        Claim.objects.filter(article__story_link__story=story, kind="date")
        .exclude(date="")
        .only("id", "article_id", "date", "granularity", "span", "text", "kind")
        .order_by("date", "article_id", "start")
    )
    timeline: dict[tuple, dict] = {}
    for claim in dates:
        measure = measured.get(claim.pk)
        key = ("m", measure.pk) if measure else ("c", claim.pk)
        item = timeline.setdefault(
            key,
            {
                "date": claim.date,
                "granularity": claim.granularity,
                "claims": [],
                "measure": measure,
            },
        )
        claim.outlet = outlet_name(by_id[claim.article_id])
        item["claims"].append(claim)
    return {
        "story": story,
        "articles": articles,
        "rows": figure_rows,
        "timeline": sorted(timeline.values(), key=lambda t: (t["date"], -len(t["claims"]))),
        "conflict_count": sum(1 for r in figure_rows if not r.measure.values_agree)
        + sum(1 for r in rows.values() if r.measure.kind == "date" and not r.measure.values_agree),
    }


UNKNOWN = object()  # "not looked up yet", unlike None ("has none")


def article_story(article, *, story_id=UNKNOWN) -> dict | None:
    """The story an article is in, with how many other articles and outlets it holds (one
    query: the members of the article's story, the article among them).

    `story_id`: the article's story (None: it is in none, no query) when the caller read
    it already."""
    from factcheck.models import StoryArticle

    if story_id is None:
        return None
    if story_id is UNKNOWN:
        mine = StoryArticle.objects.filter(article=article).values("story_id")[:1]
        in_story = {"story_id__in": Subquery(mine)}
    else:
        in_story = {"story_id": story_id}
    members = list(
        StoryArticle.objects.filter(**in_story)
        .select_related("story")
        .annotate(outlet=F("article__outlet"))
    )
    if not members:
        return None
    others = [m.outlet for m in members if m.article_id != article.pk]
    return {
        "story": members[0].story,
        "others": len(others),
        "outlets": sorted(set(filter(None, others))),
    }


def claim_story(claim, *, entry=UNKNOWN) -> dict | None:
    """The claim's measure: what other outlets say about the same thing, and its conflicts.

    `entry`: the claim's MeasureClaim with its measure (or None) if the caller has it."""
    from factcheck.models import MeasureClaim

    if entry is UNKNOWN:
        entry = MeasureClaim.objects.filter(claim=claim).select_related("measure").first()
    if entry is None:
        return None
    others = []
    for e in (
        MeasureClaim.objects.filter(measure=entry.measure)
        .exclude(claim=claim)
        .select_related("claim__article")
        # Other outlets' figures, not their articles' texts (several KB each).
        .defer("claim__article__body", "claim__article__raw_text", "claim__extracted")
        .order_by("claim__article__published", "claim__article_id", "claim__start")
    ):
        c = e.claim
        if c.article_id == claim.article_id:
            continue
        from factcheck.stories.agreement import values_agree

        c.value_text = value_text(c)
        c.outlet = outlet_name(c.article)
        c.conflicts = not values_agree(_as_dict(claim), _as_dict(c))
        others.append(c)
    return {
        "measure": entry.measure,
        "story_id": entry.measure.story_id,
        "value_text": value_text(claim),
        "others": others,
        "conflicting": [c for c in others if c.conflicts],
    }


def _as_dict(c) -> dict:
    return {
        "kind": c.kind,
        "low": c.low,
        "high": c.high,
        "qualifier": c.qualifier,
        "date": c.date,
        "granularity": c.granularity,
    }


def earliest_report(claim):
    """The earliest article (published, then imported) reporting `claim`'s value: the
    claim's own or another outlet's in the same measure whose value agrees. None when the
    claim is in no measure. Reads prefetched entries when the caller loaded them."""
    from django.core.exceptions import ObjectDoesNotExist

    from factcheck.stories.agreement import values_agree

    try:
        entry = claim.measure_entry
    except ObjectDoesNotExist:
        return None
    same = [
        e.claim.article
        for e in entry.measure.entries.all()
        if e.claim_id == claim.pk or values_agree(_as_dict(claim), _as_dict(e.claim))
    ]
    return min(same, key=_order) if same else None
