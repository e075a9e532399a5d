"""The review queue page, "Next claim", and editors' triage of many claims at once."""

from urllib.parse import urlsplit

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
from factcheck.forms import BulkForm, TriageForm, form_errors_text
from factcheck.http import HtmxHttpRequest, is_fragment_request
from factcheck.models import Claim
from factcheck.views.claims import refused

TEMPLATE, RESULTS = "queue/list.jinja", "queue/_results.jinja"  # Jinja2 (factcheck/jinja2/)


@require_GET
@vary_on_headers("HX-Request")
def queue_list(request: HtmxHttpRequest):
    if not workflow.is_reviewer(request.user):
        return refused(
            request, workflow.NotAllowed("Only reviewers and editors may see the review queue.")
        )
    filters = queue.QueueFilters.from_query(request.GET)
    context = _queue_context(request, filters)
    if is_fragment_request(request):
        return render(request, RESULTS, context, using="jinja2")
    return render(request, TEMPLATE, context, using="jinja2")


def _queue_context(request, filters, *, selected=(), row_errors=None, bulk=None) -> dict:
    """The queue page's context; after a bulk step, the ticked boxes, each claim's refusal
    and the summary (`bulk`) too."""
    page = queue.queue_page(filters, user=request.user)
    # Menus, counts, links, the bulk menu and the rows come from
    # templatetags/review_queue.py (Jinja2 globals, factcheck/jinja.py).
    return {
        "page": page,
        "filters": filters,
        "bulk": bulk,
        "selected": set(selected),
        "row_errors": row_errors or {},
    }


@require_POST
def queue_next(request: HtmxHttpRequest):
    try:
        claim = workflow.take_next_claim(actor=request.user)
    except workflow.WorkflowError as error:
        return refused(request, error)
    if claim is None:
        message = "No free claims in the queue right now."
        messages.info(request, message)
        return _go(request, _back(request))
    messages.success(
        request, "This is your next claim; it is yours until you release it or the lease runs out."
    )
    return _go(request, claim.get_absolute_url())


@require_POST
def queue_triage(request: HtmxHttpRequest):
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
    return _go(request, _back(request))


def _go(request: HtmxHttpRequest, url: str):
    """To `url`: a whole-page visit for htmx (not a swap into the row), a redirect otherwise."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _back(request) -> str:
    """The queue page the form came from (its filters kept), if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("queue")


@require_POST
def queue_bulk(request: HtmxHttpRequest):
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
        return render(request, RESULTS, context, status=status, using="jinja2")
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
