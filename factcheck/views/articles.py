"""Article pages: the list after login, and one article's text with its claims."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from factcheck import articles
from factcheck.http import HtmxHttpRequest
from factcheck.models import Claim
from factcheck.stories import pages as story_pages


@require_GET
def home(request: HtmxHttpRequest):
    """Every article with its progress (claims per status) and a search of its own."""
    q = (request.GET.get("q") or "").strip()[:200]
    page = articles.article_list_page(q, request.GET.get("page"))
    return render(request, "articles/home.html", {"articles": page, "page": page, "q": q})


@require_GET
@permission_required("factcheck.view_article", raise_exception=True)
def article_detail(request: HtmxHttpRequest, pk):
    article = articles.load_article(pk)
    if article is None:
        raise Http404("No article with this number.")
    page = articles.article_page(article)
    return render(
        request,
        "articles/detail.jinja",
        {
            "article": article,
            "page": page,
            "statuses": Claim.Status.choices,
            "story": story_pages.article_story(article, story_id=article.story_id),
        },
        using="jinja2",
    )
