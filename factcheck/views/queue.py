"""The review queue page, "Next claim", and editors' triage of many claims at once."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from factcheck import queue, workflow
from factcheck.forms import TriageForm, form_errors_text
from factcheck.http import HtmxHttpRequest, is_fragment_request
from factcheck.views.claims import refused

TEMPLATE = "queue/list.html"


@require_GET
@vary_on_headers("HX-Request")
def queue_list(request: HtmxHttpRequest):
    if not workflow.is_reviewer(request.user):
        return refused(
            request, workflow.NotAllowed("Only reviewers and editors may see the review queue.")
        )
    filters = queue.QueueFilters.from_query(request.GET)
    page = queue.queue_page(filters, user=request.user)
    # Menus, counts, links and row details come from templatetags/review_queue.py.
    context = {
        "page": page,
        "filters": filters,
        # Rendering 50 rows is most of the page's cost; a row's HTML is reused while the
        # claim's version (bumped by every step) and the viewer's options are the same.
        "row_cache_seconds": settings.QUEUE_ROW_CACHE_SECONDS,
    }
    template = f"{TEMPLATE}#queue-results" if is_fragment_request(request) else TEMPLATE
    return render(request, template, context)


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
