"""The read side of articles: the list after login, and one article's claims and progress."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, Subquery

from factcheck import caching, sql
from factcheck.models import Article, Claim, Rating, StoryArticle, Verdict

ARTICLES_PER_PAGE = 50


def article_list(q: str = ""):
    """Newest imports first, each with its number of claims and its claims per status
    (`n_<status>`); `q` keeps those whose title, outlet or source name contains it."""
    articles = Article.objects.annotate(
        claim_count=Count("claims"),
        **{
            f"n_{value}": Count("claims", filter=Q(claims__status=value))
            for value in Claim.Status.values
        },
    ).only("id", "title", "outlet", "published", "imported_at")
    if q:
        articles = articles.filter(
            Q(title__icontains=q) | Q(outlet__icontains=q) | Q(source_name__icontains=q)
        )
    return articles.order_by("-imported_at", "-id")


def article_list_page(q: str = "", number=None) -> Page:
    """One page of `article_list(q)`, each article with `done` (published or dismissed) and
    `progress`: (status, label, count) for the statuses it has claims in."""
    page = Paginator(article_list(q), ARTICLES_PER_PAGE).get_page(number)
    for article in page:
        article.done = article.n_published + article.n_dismissed
        article.progress = [
            (value, label, getattr(article, f"n_{value}"))
            for value, label in Claim.Status.choices
            if getattr(article, f"n_{value}")
        ]
    return page


_ARTICLE = -1  # a stand-in for the article's id in the queries compiled once (factcheck/sql.py)


def load_article(pk) -> Article | None:
    """The article its page shows (not the file it came from), with `story_id`: the story
    it is in, or None."""
    found = sql.instances(
        "article-page",
        lambda: (
            Article.objects.defer("raw_text")
            .filter(pk=_ARTICLE)
            .annotate(
                story_id=Subquery(
                    StoryArticle.objects.filter(article=OuterRef("pk")).values("story_id")[:1]
                )
            )
        ),
        {_ARTICLE: int(pk)},
    )
    return found[0] if found else None


def claims_with_verdict(article: Article) -> list[Claim]:
    """The article's claims in text order, each with its published verdict's rating.

    `rating_label`, `rating_colour` and `rating_slug` are None when nothing is published.
    Two plain queries (the claims, then the published ratings among them) cost less than
    one with a sub-select per claim and rating field.
    """
    claims = sql.instances(
        "article-claims",
        lambda: (
            Claim.objects.filter(article_id=_ARTICLE)
            .only(
                "id",
                "article_id",
                "kind",
                "text",
                "span",
                "start",
                "end",
                "status",
                "checkworthiness",
            )
            .order_by("start", "id")
        ),
        {_ARTICLE: article.pk},
    )
    published = {}
    # Only a published claim has a published verdict (no step leads out of "published").
    if any(claim.status == Claim.Status.PUBLISHED for claim in claims):
        rows = sql.fetch_all(
            "article-published-ratings",
            lambda: (
                Verdict.objects.filter(claim__article_id=_ARTICLE, state=Verdict.State.PUBLISHED)
                .order_by("claim_id", "-revision")
                .values_list("claim_id", "rating__label", "rating__colour", "rating__slug")
            ),
            {_ARTICLE: article.pk},
        )
        for claim_id, *rating in rows:
            published.setdefault(claim_id, tuple(rating))
    for claim in claims:
        claim.rating_label, claim.rating_colour, claim.rating_slug = published.get(
            claim.pk, (None, None, None)
        )
    return claims


RATINGS_CACHE_SECONDS = 600


def active_ratings() -> list[Rating]:
    """The verdict scale, reused until a rating is saved or deleted (the ratings
    generation, factcheck/caching.py)."""
    return caching.remembered(
        f"ratings-active:{caching.generation(caching.RATINGS)}",
        RATINGS_CACHE_SECONDS,
        lambda: list(Rating.objects.filter(active=True).order_by("order", "id")),
    )


@dataclass
class ArticlePage:
    article: Article
    claims: list  # text order, with their ratings (claims_with_verdict)
    progress: list  # per status: status, label, count, percent
    done: int  # published or dismissed
    ratings: list  # the active scale, for the legend


def article_page(article: Article) -> ArticlePage:
    """What the article page shows: its claims, how far their review has come, the scale."""
    claims = claims_with_verdict(article)
    counts = dict.fromkeys(Claim.Status.values, 0)
    for claim in claims:
        counts[claim.status] += 1
    progress = [
        {
            "status": value,
            "label": label,
            "count": counts[value],
            "percent": round(100 * counts[value] / len(claims)) if claims else 0,
        }
        for value, label in Claim.Status.choices
    ]
    return ArticlePage(
        article=article,
        claims=claims,
        progress=progress,
        done=counts[Claim.Status.PUBLISHED] + counts[Claim.Status.DISMISSED],
        ratings=active_ratings(),
    )
