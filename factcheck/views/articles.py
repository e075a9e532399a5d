"""Article pages: the list after login, one article's text, and the upload form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from factcheck import importing
from factcheck.forms import ArticleUploadForm
from factcheck.models import Article


@require_GET
def home(request):
    articles = (
        Article.objects.annotate(claim_count=Count("claims"))
        .only("id", "title", "outlet", "published", "imported_at")
        .order_by("-imported_at", "-id")
    )
    return render(request, "articles/home.html", {"articles": articles})


@require_GET
def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    return render(request, "articles/detail.html", {"article": article})


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
                f"Imported {created} new article(s); "
                f"{len(results) - created} already in the app.",
            )
            return redirect("home")
    return render(request, "articles/upload.html", {"form": form, "results": results})
