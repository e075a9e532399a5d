"""The read side of articles: the list after login, and one article's claims and progress."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from factcheck.models import Article, Claim, Rating, Verdict


def article_list():
    """Newest imports first, each with its number of claims."""
    return (
        Article.objects.annotate(claim_count=Count("claims"))
        .only("id", "title", "outlet", "published", "imported_at")
        .order_by("-imported_at", "-id")
    )


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
