"""The review queue page, "Next claim", and editors' triage of many claims at once."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from factcheck import caching, queue, workflow
from factcheck.forms import TriageForm, form_errors_text
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
    page = queue.queue_page(filters, user=request.user)
    for row in page.rows:
        row.value_summary = value_summary(row)
        row.can_take = row.status in ROW_ACTION_STATUSES and (
            workflow.refusal("take", row, request.user) is None
        )
    context = {
        "page": page,
        "filters": filters,
        "is_editor": workflow.is_editor(request.user),
        # Rendering 50 rows is most of the page's cost; a row's HTML is reused while the
        # claim's version (bumped by every step) and the viewer's options are the same.
        "row_cache_seconds": settings.QUEUE_ROW_CACHE_SECONDS,
        # ...and while no article changed (titles show in rows), on any node.
        "articles_generation": caching.generation(caching.ARTICLES),
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
    if is_fragment_request(request):
        return render(request, f"{TEMPLATE}#queue-results", context)
    return render(request, TEMPLATE, context)


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
