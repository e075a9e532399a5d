"""Intake pages: paste an article, upload files, import by address, follow feeds, watch progress."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck import importing
from factcheck.http import HtmxHttpRequest, is_fragment_request
from factcheck.intake.forms import FeedForm, PasteForm, UploadForm, UrlForm
from factcheck.intake.uploads import BatchLimitHandler
from factcheck.models import Feed

IMPORT_PERMISSION = "factcheck.import_articles"


def _page(request, *, results=None, batch_error="", **forms):
    context = {
        "paste_form": forms.get("paste_form") or PasteForm(),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "url_form": forms.get("url_form") or UrlForm(),
        "results": results,
        "batch_error": batch_error,
    }
    if results:
        ids = [r.article.pk for r in results if r.article is not None]
        context["progress"] = importing.extraction_progress(ids)
        context["progress_done"] = all(p.done for p in context["progress"])
        context["progress_ids"] = ",".join(str(pk) for pk in dict.fromkeys(ids))
        context["failed"] = sum(1 for r in results if not r.ok)
    status = 400 if batch_error or any(f.errors for f in forms.values()) else 200
    return render(request, "intake/add.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def article_upload(request):
    """Upload files. The batch limits are enforced while the body streams in, so the
    handler goes in before anything reads the body; CSRF is checked right after."""
    handler = BatchLimitHandler(request)
    request.upload_handlers.insert(0, handler)
    return _article_upload(request, handler)


@csrf_protect
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def _article_upload(request, handler):
    if request.method != "POST":
        return _page(request)
    request.FILES  # noqa: B018 - parse the body now, through the handler, before looking at it
    if handler.batch_error:
        return _page(request, batch_error=handler.batch_error)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, upload_form=form)
    results = importing.import_uploaded(
        form.cleaned_data["files"], user=request.user, refused=handler.refused
    )
    return _page(request, results=results)


@require_http_methods(["GET", "POST"])
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def article_paste(request):
    if request.method != "POST":
        return _page(request)
    form = PasteForm(request.POST)
    if not form.is_valid():
        return _page(request, paste_form=form)
    result = importing.import_text(user=request.user, **form.cleaned_data)
    if not result.ok:
        form.add_error(None, result.error)
        return _page(request, paste_form=form)
    return _page(request, results=[result])


@require_http_methods(["GET", "POST"])
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def article_from_url(request):
    if request.method != "POST":
        return _page(request)
    form = UrlForm(request.POST)
    if not form.is_valid():
        return _page(request, url_form=form)
    result = importing.import_url(form.cleaned_data["url"], user=request.user)
    if not result.ok:
        form.add_error("url", result.error)
        return _page(request, url_form=form)
    return _page(request, results=[result])


@require_GET
@vary_on_headers("HX-Request")
@permission_required("factcheck.view_article", raise_exception=True)
def import_progress(request: HtmxHttpRequest):
    """Each article's extraction state; the result page polls this until all are done."""
    raw = request.GET.get("ids", "")
    ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
    progress = importing.extraction_progress(ids)
    context = {
        "progress": progress,
        "progress_done": all(p.done for p in progress),
        "progress_ids": ",".join(str(p.article.pk) for p in progress),
    }
    if is_fragment_request(request):
        return render(request, "intake/add.html#progress", context)
    return render(request, "intake/progress.html", context)


# --- feeds ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("factcheck.view_feed", raise_exception=True)
def feeds(request):
    form = FeedForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("factcheck.add_feed"):
            return render(request, "intake/feeds.html", _feeds_context(form), status=403)
        if form.is_valid():
            feed = Feed.objects.create(added_by=request.user, **form.cleaned_data)
            from factcheck.tasks import poll_one_feed, schedule_feed_polling

            poll_one_feed.enqueue(feed.pk)
            schedule_feed_polling(delay_minutes=0)
            messages.success(request, f"Following {feed}; its new articles are being imported.")
            return redirect("feeds")
    status = 400 if form.errors else 200
    return render(request, "intake/feeds.html", _feeds_context(form), status=status)


def _feeds_context(form):
    from django.conf import settings

    return {
        "form": form,
        "feeds": Feed.objects.order_by("outlet", "url"),
        "poll_minutes": settings.INTAKE_FEED_POLL_MINUTES,
    }


@require_POST
@permission_required("factcheck.change_feed", raise_exception=True)
def feed_poll(request, pk):
    from factcheck.tasks import poll_one_feed

    feed = get_object_or_404(Feed, pk=pk)
    poll_one_feed.enqueue(feed.pk)
    messages.success(request, f"{feed}: polling now; new articles appear on the articles page.")
    return redirect(reverse("feeds"))


@require_POST
@permission_required("factcheck.change_feed", raise_exception=True)
def feed_toggle(request, pk):
    feed = get_object_or_404(Feed, pk=pk)
    feed.active = not feed.active
    feed.save(update_fields=["active"])
    state = "followed again" if feed.active else "paused"
    messages.success(request, f"{feed}: {state}.")
    return redirect(reverse("feeds"))


# --- requests Django refuses before any view runs -----------------------------------------


def bad_request(request, exception=None):
    """Django's 400, with the reason in words when it is a size or count limit."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.http import HttpResponseBadRequest
    from django.template.loader import render_to_string

    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_048_576
        reason = (
            f"What was sent is larger than the {limit:.0f} MB a form may carry. Paste or upload "
            "less at a time."
        )
    elif isinstance(exception, TooManyFilesSent):
        reason = (
            f"More than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files were sent at once. "
            "Upload them in smaller batches."
        )
    elif isinstance(exception, TooManyFieldsSent):
        reason = "The form sent too many fields."
    else:
        reason = "The request could not be understood."
    html = render_to_string("intake/bad_request.html", {"reason": reason}, request=request)
    return HttpResponseBadRequest(html)
