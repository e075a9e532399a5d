"""Article pages: the list after login, one article's text with its claims, and the upload form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from factcheck import articles, importing
from factcheck.forms import ArticleUploadForm
from factcheck.http import HtmxHttpRequest
from factcheck.models import Article, Claim


@require_GET
def home(request: HtmxHttpRequest):
    return render(request, "articles/home.html", {"articles": articles.article_list()})


@require_GET
@permission_required("factcheck.view_article", raise_exception=True)
def article_detail(request: HtmxHttpRequest, pk):
    page = articles.article_page(get_object_or_404(Article, pk=pk))
    return render(
        request,
        "articles/detail.html",
        {"article": page.article, "page": page, "statuses": Claim.Status.choices},
    )


@require_http_methods(["GET", "POST"])
@permission_required("factcheck.import_articles", raise_exception=True)
def article_upload(request: HtmxHttpRequest):
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
