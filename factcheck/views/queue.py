"""The review queue page, "Next claim", and editors' triage of many claims at once."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from factcheck import queue, workflow
from factcheck.exports import ExportFilters, export_chunks, export_filename, export_format
from factcheck.forms import BulkForm, TriageForm, form_errors_text, reviewer_queryset
from factcheck.http import is_fragment_request
from factcheck.models import Article, Claim
from factcheck.views.claims import refused, value_summary

TEMPLATE = "queue/list.html"
EXPORT_FORMATS = (("csv", "CSV"), ("json", "JSON"), ("claimreview", "ClaimReview"))
# Row-level actions the table offers; allowed_actions needs no query for these statuses.
ROW_ACTION_STATUSES = {Claim.Status.QUEUED, Claim.Status.IN_REVIEW}


@require_GET
@vary_on_headers("HX-Request")
def queue_list(request):
    if not workflow.is_reviewer(request.user):
        return refused(
            request, workflow.NotAllowed("Only reviewers and editors may see the review queue.")
        )
    filters = queue.QueueFilters.from_query(request.GET)
    context = _queue_context(request, filters)
    if is_fragment_request(request):
        return render(request, f"{TEMPLATE}#queue-results", context)
    return render(request, TEMPLATE, context)


def _queue_context(request, filters, *, selected=(), row_errors=None, bulk=None) -> dict:
    """The queue page's context; after a bulk step, the ticked boxes, each claim's refusal
    and the summary (`bulk`) too."""
    page = queue.queue_page(filters, user=request.user)
    selected = set(selected)
    row_errors = row_errors or {}
    previous_article = None
    for row in page.rows:
        row.value_summary = value_summary(row)
        row.can_take = row.status in ROW_ACTION_STATUSES and (
            workflow.refusal("take", row, request.user) is None
        )
        row.selected = row.pk in selected
        row.bulk_error = row_errors.get(row.pk, "")
        # The article's title once per run of its claims; the rest say "same article".
        row.first_of_article = row.article_id != previous_article
        previous_article = row.article_id
    is_editor = workflow.is_editor(request.user)
    return {
        "page": page,
        "filters": filters,
        "is_editor": is_editor,
        "bulk": bulk,
        "bulk_actions": _bulk_actions(request.user, is_editor),
        "reviewers": reviewer_queryset() if is_editor else [],
        "can_export": request.user.has_perm("factcheck.export_verdicts"),
        "export_formats": list(BulkForm.EXPORT_FORMATS.items()),
        "unshown_errors": [
            (pk, message)
            for pk, message in row_errors.items()
            if pk not in {row.pk for row in page.rows}
        ],
        # Rendering 50 rows is most of the page's cost; a row's HTML is reused while the
        # claim's version (bumped by every step) and the viewer's options are the same.
        "row_cache_seconds": settings.QUEUE_ROW_CACHE_SECONDS,
        "status_counts": [
            {
                "value": value,
                "label": label,
                "count": page.counts.get(value, 0),
                "query": filters.querystring(status=value, after=""),
            }
            for value, label in Claim.Status.choices
        ],
        "all_statuses_query": filters.querystring(status="", after=""),
        "next_query": filters.querystring(after=page.next_cursor) if page.next_cursor else "",
        "first_query": filters.querystring(after="") if filters.after else None,
        "current_query": filters.querystring(),
        "export_links": _export_links(filters),
        "kinds": Claim.Kind.choices,
        "statuses": Claim.Status.choices,
        "sorts": [(key, label) for key, (label, _) in queue.SORTS.items()],
        "assignee_choices": list(queue.ASSIGNEE_CHOICES.items()),
        "articles": _article_choices(page, filters),
        "outlets": queue.outlet_choices(),
    }


def _bulk_actions(user, is_editor) -> list[str]:
    """The bulk steps offered: the ones this role may take on some claim."""
    return ["assign", "release", "queue", "dismiss"] if is_editor else ["release"]


def _article_choices(page, filters) -> list[tuple[int, str]]:
    """The articles the filter offers: those on this page (a newsroom has thousands; the
    article page links here with its own filter), and the one filtered on."""
    choices = {row.article_id: row.article.title for row in page.rows}
    if filters.article and filters.article not in choices:
        title = Article.objects.filter(pk=filters.article).values_list("title", flat=True).first()
        choices[filters.article] = title or f"Article {filters.article} (not found)"
    return sorted(choices.items(), key=lambda item: (item[1].lower(), item[0]))


def _export_links(filters) -> list[tuple[str, str]]:
    """(label, query string) for each export format, with the filters exports understand."""
    params = {
        key: value
        for key, value in (
            ("status", filters.status),
            ("article", filters.article),
            ("outlet", filters.outlet),
        )
        if value
    }
    return [(label, urlencode({"format": fmt, **params})) for fmt, label in EXPORT_FORMATS]


@require_POST
def queue_next(request):
    try:
        claim = workflow.take_next_claim(actor=request.user)
    except workflow.WorkflowError as error:
        return refused(request, error)
    if claim is None:
        message = "No free claims in the queue right now."
        messages.info(request, message)
        if getattr(request, "htmx", None):
            return HttpResponseClientRedirect(_back(request))
        return redirect(_back(request))
    messages.success(
        request, "This is your next claim; it is yours until you release it or the lease runs out."
    )
    if getattr(request, "htmx", None):
        return HttpResponseClientRedirect(claim.get_absolute_url())
    return redirect(claim)


@require_POST
def queue_triage(request):
    if not workflow.is_editor(request.user):
        return refused(request, workflow.NotAllowed("Only editors may triage claims."))
    form = TriageForm(request.POST)
    try:
        if not form.is_valid():
            raise workflow.InvalidAction(form_errors_text(form))
        data = form.cleaned_data
        if data["action"] == "queue":
            moved = workflow.claims_queue_many(claim_ids=data["claims"], actor=request.user)
            verb = "Queued"
        else:
            moved = workflow.claims_dismiss_many(
                claim_ids=data["claims"], actor=request.user, reason=data["reason"]
            )
            verb = "Dismissed"
    except workflow.WorkflowError as error:
        return refused(request, error)
    skipped = len(data["claims"]) - moved
    message = f"{verb} {moved} claim{'s' if moved != 1 else ''}."
    if skipped:
        message += f" {skipped} could not be {verb.lower()} (no longer in a status that allows it)."
    messages.success(request, message)
    if getattr(request, "htmx", None):
        return HttpResponseClientRedirect(_back(request))
    return redirect(_back(request))


def _back(request) -> str:
    """The queue page the form came from (its filters kept), if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("queue")


@require_POST
def queue_bulk(request):
    """One step for every ticked claim, each through its own workflow service: done or
    refused claim by claim (refusals shown on their rows), the selection kept."""
    if not workflow.is_reviewer(request.user):
        return refused(
            request, workflow.NotAllowed("Only reviewers and editors may work on claims.")
        )
    form = BulkForm(request.POST)
    back = _back(request)
    filters = queue.QueueFilters.from_query(QueryDict(urlsplit(back).query))
    selected = [int(v) for v in request.POST.getlist("claims") if v.isdigit()]
    if not form.is_valid():
        bulk = {"ok": False, "message": form_errors_text(form)}
        return _bulk_answer(request, filters, back, selected=selected, bulk=bulk, status=400)
    data = form.cleaned_data
    if data["action"] == "export":
        return _export_selection(request, data)
    outcomes = workflow.claims_bulk(
        action=data["action"],
        claim_ids=data["claims"],
        actor=request.user,
        assignee=data.get("assignee"),
        reason=data.get("reason", ""),
    )
    done = [o for o in outcomes if o.ok]
    failed = {o.claim_id: o.error.message for o in outcomes if not o.ok}
    verb = {
        "assign": f"Assigned to {data['assignee'].get_username()}" if data.get("assignee") else "",
        "release": "Released",
        "queue": "Queued",
        "dismiss": "Dismissed",
    }[data["action"]]
    message = f"{verb}: {len(done)} claim{'s' if len(done) != 1 else ''}."
    if failed:
        message += f" {len(failed)} could not be: the reason is shown under each."
    bulk = {"ok": not failed, "message": message, "done": len(done), "failed": len(failed)}
    # Keep ticked only what still needs attention (the refused ones).
    return _bulk_answer(request, filters, back, selected=list(failed), row_errors=failed, bulk=bulk)


def _bulk_answer(request, filters, back, *, selected, bulk, row_errors=None, status=200):
    if is_fragment_request(request):
        context = _queue_context(
            request, filters, selected=selected, row_errors=row_errors, bulk=bulk
        )
        return render(request, f"{TEMPLATE}#queue-results", context, status=status)
    # Without JavaScript: the summary and each refusal as messages, back on the queue.
    level = messages.success if bulk["ok"] else messages.error
    level(request, bulk["message"])
    for pk, message in (row_errors or {}).items():
        messages.error(request, f"Claim {pk}: {message}")
    return redirect(back)


def _export_selection(request, data):
    if not request.user.has_perm("factcheck.export_verdicts"):
        return refused(request, workflow.NotAllowed("You may not export verdicts."))
    fmt = export_format(data.get("export_format") or "csv")
    claims = ExportFilters().claims(Claim.objects.filter(pk__in=data["claims"]))
    response = StreamingHttpResponse(
        export_chunks(fmt, claims, filters=ExportFilters()), content_type=fmt.content_type
    )
    response["Content-Disposition"] = content_disposition_header(True, export_filename(fmt))
    patch_cache_control(response, private=True, no_store=True)
    return response
