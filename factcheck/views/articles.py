"""Article pages: the list after login, one article's text with its claims, and the upload form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from factcheck import importing
from factcheck.forms import ArticleUploadForm
from factcheck.models import Article, Claim, Rating, Verdict


@require_GET
def home(request):
    articles = (
        Article.objects.annotate(claim_count=Count("claims"))
        .only("id", "title", "outlet", "published", "imported_at")
        .order_by("-imported_at", "-id")
    )
    return render(request, "articles/home.html", {"articles": articles})


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


@require_GET
@permission_required("factcheck.view_article", raise_exception=True)
def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
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
    done = counts[Claim.Status.PUBLISHED] + counts[Claim.Status.DISMISSED]
    return render(
        request,
        "articles/detail.html",
        {
            "article": article,
            "claims": claims,
            "progress": progress,
            "done": done,
            "ratings": Rating.objects.filter(active=True).order_by("order", "id"),
            "statuses": Claim.Status.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("factcheck.import_articles", raise_exception=True)
def article_upload(request):
    form = ArticleUploadForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = importing.import_uploaded(form.cleaned_data["files"], user=request.user)
        created = sum(1 for r in results if r.created)
        failed = [r for r in results if not r.ok]
        if not failed:
            messages.success(
                request,
                f"Imported {created} new article(s); {len(results) - created} already in the app.",
            )
            return redirect("home")
    return render(request, "articles/upload.html", {"form": form, "results": results})


# --- claims highlighted in the text -----------------------------------------------------------


def highlight_claims(body: str, claims, *, current_id=None, only=None):
    """Kept only for views/claims.py, whose template no longer uses the result; the
    highlighter is factcheck/templatetags/highlight.py. Remove with that call."""
    from factcheck.templatetags.highlight import Highlighted

    return Highlighted()
