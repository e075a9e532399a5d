"""The read side of articles: the list after login, and one article's claims and progress."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, Subquery

from factcheck.models import Article, Claim, Rating, Verdict

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


def claims_with_verdict(article: Article):
    """The article's claims in text order, each with its published verdict's rating (one query).

    `rating_label`, `rating_colour` and `rating_slug` are empty when nothing is published.
    """
    published = Verdict.objects.filter(claim=OuterRef("pk"), state=Verdict.State.PUBLISHED)
    return (
        Claim.objects.filter(article=article)
        .annotate(
            rating_label=Subquery(published.values("rating__label")[:1]),
            rating_colour=Subquery(published.values("rating__colour")[:1]),
            rating_slug=Subquery(published.values("rating__slug")[:1]),
        )
        .only(
            "id", "article_id", "kind", "text", "span", "start", "end", "status", "checkworthiness"
        )
        .order_by("start", "id")
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
    claims = list(claims_with_verdict(article))
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
        ratings=list(Rating.objects.filter(active=True).order_by("order", "id")),
    )
