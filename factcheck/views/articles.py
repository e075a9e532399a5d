"""Article pages: the list after login, one article's text with its claims, and the upload form."""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from factcheck import importing
from factcheck.forms import ArticleUploadForm
from factcheck.models import Article, Claim, Rating, Verdict
from factcheck.templatetags.colours import colour_class

HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


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
    marked = highlight_claims(article.body, claims)
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
            "paragraphs": marked.paragraphs,
            "unplaced": marked.unplaced,
            "numbers": marked.numbers,
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


@dataclass
class Highlighted:
    paragraphs: list  # SafeString per paragraph, every piece of text escaped
    unplaced: list  # claims whose span could not be marked (crossing another, out of range)
    numbers: dict  # claim id -> its number in the text ([1], [2]...)


def paragraph_spans(body: str):
    """(start, end) of each paragraph of the body (blocks separated by blank lines)."""
    spans = []
    for match in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", body):
        text = match.group()
        if text.strip():
            start = match.start() + len(text) - len(text.lstrip())
            spans.append((start, match.end() - (len(text) - len(text.rstrip()))))
    return spans


def _mark(claim, inner: SafeString, number: int, *, current: bool) -> SafeString:
    colour = getattr(claim, "rating_colour", None) or ""
    rated = bool(HEX_COLOUR.match(colour))
    label = claim.get_status_display()
    if getattr(claim, "rating_label", None):
        label = f"{label}: {claim.rating_label}"
    classes = f"claim status-{claim.status}"
    if rated:
        classes += " rated " + colour_class(colour)
    if current:
        classes += " current"
    return format_html(
        '<mark class="{}" id="mark-{}" title="{} ({})">{}</mark>'
        '<sup class="claim-ref"><a href="{}" aria-label="Claim {}: {}">{}</a></sup>',
        classes,
        claim.pk,
        claim.get_kind_display(),
        label,
        inner,
        claim.get_absolute_url(),
        number,
        label,
        number,
    )


def _render(text: str, start: int, end: int, nodes, numbers, current_id) -> SafeString:
    """Escaped text of body[start:end] with the nested claim marks in `nodes` applied."""
    parts, cursor = [], start
    for claim, children in nodes:
        parts.append(escape(text[cursor : claim.start]))
        inner = _render(text, claim.start, claim.end, children, numbers, current_id)
        parts.append(_mark(claim, inner, numbers[claim.pk], current=claim.pk == current_id))
        cursor = claim.end
    parts.append(escape(text[cursor:end]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or format_html


def highlight_claims(body: str, claims, *, current_id=None, only=None) -> Highlighted:
    """Mark every claim in its paragraph; nested spans nest, crossing spans are left unmarked.

    `only`: (start, end) of the paragraph to render (the claim page shows one paragraph).
    """
    numbers = {claim.pk: n for n, claim in enumerate(claims, start=1)}
    spans = paragraph_spans(body)
    if only is not None:
        spans = [span for span in spans if span[0] <= only[0] and only[1] <= span[1]] or [
            span for span in spans if span[0] <= only[0] < span[1]
        ]
    ordered = sorted(claims, key=lambda c: (c.start, -c.end, c.pk))
    placed = set()
    paragraphs = []
    for p_start, p_end in spans:
        roots, stack = [], []  # stack of (claim, children) still open
        for claim in ordered:
            if not (p_start <= claim.start < claim.end <= p_end):
                continue
            while stack and stack[-1][0].end <= claim.start:
                stack.pop()
            if stack and claim.end > stack[-1][0].end:
                continue  # crosses the end of an open mark: cannot nest, listed instead
            node = (claim, [])
            (stack[-1][1] if stack else roots).append(node)
            stack.append(node)
            placed.add(claim.pk)
        paragraphs.append(_render(body, p_start, p_end, roots, numbers, current_id))
    unplaced = [claim for claim in claims if claim.pk not in placed]
    return Highlighted(paragraphs=paragraphs, unplaced=unplaced, numbers=numbers)
