"""Claim pages: one claim in its paragraph, its evidence, verdicts, history, and its actions.

Every action goes through factcheck.workflow; a refusal (403/409/400) is answered by
`refused()`, the one place that turns a WorkflowError into a page or an HTMX fragment that
shows the message and the claim as it is now.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck import workflow
from factcheck.forms import (
    AssignForm,
    ClaimActionForm,
    CommentForm,
    CorrectForm,
    DismissForm,
    EvidenceForm,
    ReturnForm,
    VerdictForm,
    form_errors_text,
)
from factcheck.http import is_fragment_request, message_response
from factcheck.models import Claim, Evidence
from factcheck.views.articles import highlight_claims

ACTION_FORMS = {
    "take": ClaimActionForm,
    "release": ClaimActionForm,
    "queue": ClaimActionForm,
    "dismiss": DismissForm,
    "reopen": ClaimActionForm,
    "assign": AssignForm,
    "propose": VerdictForm,
    "approve": ClaimActionForm,
    "return": ReturnForm,
    "correct": CorrectForm,
    "comment": CommentForm,
}
# The part of the claim page an action redraws; the rest (typed drafts) stays as it is.
ACTION_SECTION = {"comment": "comments", "add_evidence": "evidence"}
TEMPLATE = "claims/detail.html"


def _load(pk) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee"), pk=pk)


def _claim_context(
    request, claim: Claim, *, bound=None, notice="", problem=None, section="main"
) -> dict:
    """Everything the claim page shows; `bound` maps action -> a form with the user's input."""
    user = request.user
    allowed = workflow.allowed_actions(claim, user)
    forms = {}
    for action in allowed:
        if action == "add_evidence":
            forms[action] = EvidenceForm(auto_id="id_evidence_%s")
        elif action in ACTION_FORMS:
            forms[action] = ACTION_FORMS[action](
                auto_id=f"id_{action}_%s", initial={"version": claim.version}
            )
    for action, form in (bound or {}).items():
        if action in forms:
            forms[action] = form
    siblings = list(
        claim.article.claims.only(
            "id", "article_id", "kind", "span", "text", "start", "end", "status"
        ).order_by("start", "id")
    )
    marked = highlight_claims(
        claim.article.body, siblings, current_id=claim.pk, only=(claim.start, claim.end)
    )
    verdicts = list(
        claim.verdicts.select_related("rating", "author", "approved_by")
        .prefetch_related("evidence")
        .order_by("-revision")
    )
    return {
        "claim": claim,
        "article": claim.article,
        "paragraphs": marked.paragraphs,
        "siblings": [c for c in siblings if c.pk != claim.pk],
        "values": _values(claim),
        "entities": _entities(claim.entities),
        "allowed": allowed,
        "forms": forms,
        "evidence": claim.evidence.filter(removed_at__isnull=True).select_related("added_by"),
        "verdicts": verdicts,
        "events": _events(claim),
        "comments": claim.comments.select_related("author").order_by("created_at", "id"),
        "notice": notice,
        "notice_section": section,
        "only_comment": allowed <= {"comment"},
        "problem": problem,
    }


def _number(value) -> str:
    return "" if value is None else f"{value.normalize():,f}"


def value_summary(claim: Claim) -> str:
    """The claim's values in a few words: "about 1,200 soldiers · 2024-03 (month) · said by X"."""
    parts = []
    if claim.low is not None or claim.high is not None:
        low, high = _number(claim.low), _number(claim.high)
        figure = low or high
        if low and high and low != high:
            figure = f"{low}–{high}"
        qualifier = (
            claim.get_qualifier_display() if claim.qualifier not in ("", "exact", "range") else ""
        )
        parts.append(" ".join(p for p in (qualifier, figure, claim.unit) if p))
    if claim.date:
        parts.append(
            claim.date + (f" ({claim.get_granularity_display()})" if claim.granularity else "")
        )
    if claim.speaker:
        parts.append(f"said by {claim.speaker}")
    return " · ".join(parts)


def _events(claim: Claim) -> list:
    events = list(claim.events.select_related("actor").order_by("created_at", "id"))
    names = dict(Claim.Status.choices)
    for event in events:
        event.label = event.action.replace("_", " ")
        event.from_label = names.get(event.from_status, event.from_status).lower()
        event.to_label = names.get(event.to_status, event.to_status).lower()
    return events


def _values(claim: Claim) -> list[tuple[str, str]]:
    """The structured values worth showing, as (label, text) pairs."""
    rows = [
        ("Low", _number(claim.low)),
        ("High", _number(claim.high)),
        ("Qualifier", claim.get_qualifier_display() if claim.qualifier else ""),
        ("Unit", claim.unit),
        (
            "Date",
            claim.date
            + (f" ({claim.get_granularity_display()})" if claim.date and claim.granularity else ""),
        ),
        ("Speaker", claim.speaker),
    ]
    return [(label, value) for label, value in rows if value]


def _entities(entities) -> list[tuple[str, str]]:
    out = []
    for entity in entities or []:
        if isinstance(entity, dict):
            out.append((str(entity.get("text", "")), str(entity.get("label", ""))))
        else:
            out.append((str(entity), ""))
    return out


def _render_claim(request, claim, *, section="main", status=200, **context):
    """The claim page, or for HTMX the redrawn section (the claim's main panel by default)."""
    ctx = _claim_context(request, claim, section=section, **context)
    if not is_fragment_request(request):
        return render(request, TEMPLATE, ctx, status=status)
    partial = {
        "main": "claim-main",
        "evidence": "evidence-response",
        "comments": "comments-response",
    }[section]
    return render(request, f"{TEMPLATE}#{partial}", ctx, status=status)


def refused(request, error: workflow.WorkflowError, *, claim_pk=None, action="", form=None):
    """The answer to a refused step: the message and the claim's current state, in place.

    A 400 for a section with its own form (evidence, comments) redraws only that section,
    keeping what the user typed; 403/409 redraw the claim's main panel from the database,
    so the user who lost a race sees who won. Without a claim (queue actions) it is a
    message in the page's flash area, or a short page without JavaScript.
    """
    pk = error.claim.pk if error.claim is not None else claim_pk
    claim = None
    if pk is not None and workflow.is_reviewer(request.user):  # never show a claim to others
        claim = Claim.objects.select_related("article", "assignee").filter(pk=pk).first()
    if claim is None:
        if is_fragment_request(request):
            return message_response(error.message, status=error.status_code, retarget="#flash")
        return render(
            request, "claims/problem.html", {"message": error.message}, status=error.status_code
        )
    section = ACTION_SECTION.get(action, "main") if error.status_code == 400 else "main"
    bound = {action: form} if form is not None and error.status_code == 400 else None
    response = _render_claim(
        request,
        claim,
        section=section,
        status=error.status_code,
        bound=bound,
        problem={"section": section, "message": error.message},
    )
    if is_fragment_request(request) and section == "main":
        response["HX-Retarget"] = "#claim-main"
        response["HX-Reswap"] = "outerHTML"
    return response


def _done(request, claim: Claim, message: str, *, section="main"):
    """After a successful step: redraw in place (HTMX) or redirect back to the page."""
    if is_fragment_request(request):
        return _render_claim(request, claim, section=section, notice=message)
    messages.success(request, message)
    anchor = {"main": "", "evidence": "#evidence", "comments": "#comments"}[section]
    return redirect(claim.get_absolute_url() + anchor)


@require_GET
@vary_on_headers("HX-Request")
def claim_detail(request, pk):
    if not workflow.is_reviewer(request.user):
        return refused(request, workflow.NotAllowed("Only reviewers and editors may see claims."))
    claim = _load(pk)
    if claim.assignee_id == request.user.pk and claim.status == Claim.Status.IN_REVIEW:
        workflow.lease_renew(claim=claim, actor=request.user)
    return _render_claim(request, claim)


def _perform(action: str, claim: Claim, actor, data: dict) -> str:
    """Run one workflow step; returns what to tell the user."""
    version = data.get("version")
    if action == "take":
        workflow.claim_take(claim=claim, actor=actor, version=version)
        return (
            f"You took this claim; it is yours for {settings.CLAIM_LEASE_MINUTES} minutes "
            "(renewed while you work on it)."
        )
    if action == "release":
        workflow.claim_release(claim=claim, actor=actor, version=version)
        return "Released: the claim is back in the queue."
    if action == "queue":
        workflow.claim_queue(claim=claim, actor=actor, version=version)
        return "Queued for checking."
    if action == "dismiss":
        workflow.claim_dismiss(
            claim=claim, actor=actor, reason=data.get("reason", ""), version=version
        )
        return "Dismissed."
    if action == "reopen":
        workflow.claim_reopen(claim=claim, actor=actor, version=version)
        return "Reopened: the claim is new again."
    if action == "assign":
        assignee = data.get("assignee")
        workflow.claim_assign(claim=claim, actor=actor, assignee=assignee, version=version)
        return f"Assigned to {assignee.get_username()}."
    if action == "propose":
        verdict = workflow.verdict_propose(
            claim=claim,
            actor=actor,
            rating=data.get("rating"),
            rationale=data.get("rationale", ""),
            version=version,
        )
        return f"Verdict proposed ({verdict.rating.label}); an editor will review it."
    if action == "approve":
        verdict = workflow.verdict_approve(claim=claim, actor=actor, version=version)
        return f"Published: {verdict.rating.label}."
    if action == "return":
        workflow.verdict_return(
            claim=claim, actor=actor, note=data.get("note", ""), version=version
        )
        return "Returned to the reviewer with your note."
    if action == "correct":
        verdict = workflow.verdict_correct(
            claim=claim,
            actor=actor,
            rating=data.get("rating"),
            rationale=data.get("rationale", ""),
            correction_note=data.get("correction_note", ""),
            version=version,
        )
        return f"Correction published: {verdict.rating.label}."
    if action == "comment":
        workflow.comment_add(claim=claim, actor=actor, body=data.get("body", ""))
        return "Comment added."
    raise Http404(f"Unknown claim action {action!r}.")


def _not_a_reviewer(request):
    return refused(request, workflow.NotAllowed("Only reviewers and editors may work on claims."))


@require_POST
def claim_action(request, pk, action):
    if not workflow.is_reviewer(request.user):
        return _not_a_reviewer(request)
    claim = _load(pk)
    if action not in ACTION_FORMS:
        return refused(
            request,
            workflow.InvalidAction(
                f"Unknown action {action!r}; use one of {', '.join(ACTION_FORMS)}.", claim
            ),
        )
    form = ACTION_FORMS[action](request.POST, auto_id=f"id_{action}_%s")
    try:
        if form.is_valid():
            message = _perform(action, claim, request.user, form.cleaned_data)
        elif "version" in form.errors or action in workflow.allowed_actions(claim, request.user):
            raise workflow.InvalidAction(form_errors_text(form), claim)
        else:
            # Not the user's step to take: let the workflow say why (role or status). It
            # refuses before reading the missing input; if it would not, nothing is kept.
            with transaction.atomic():
                _perform(action, claim, request.user, form.cleaned_data)
                raise workflow.InvalidAction(form_errors_text(form), claim)
    except workflow.WorkflowError as error:
        return refused(request, error, claim_pk=claim.pk, action=action, form=form)
    claim = _load(pk)
    if action == "comment":
        return _done(request, claim, message, section="comments")
    return _done(request, claim, message)


@require_POST
def evidence_add(request, pk):
    if not workflow.is_reviewer(request.user):
        return _not_a_reviewer(request)
    claim = _load(pk)
    form = EvidenceForm(request.POST, auto_id="id_evidence_%s")
    try:
        if not form.is_valid():
            if "add_evidence" in workflow.allowed_actions(claim, request.user):
                raise workflow.InvalidAction(form_errors_text(form), claim)
            data = {"url": "", "title": "", "stance": ""}  # the workflow says why not
        else:
            data = form.cleaned_data
        workflow.evidence_add(
            claim=claim,
            actor=request.user,
            url=data["url"],
            title=data["title"],
            stance=data["stance"],
            publisher=data.get("publisher", ""),
            excerpt=data.get("excerpt", ""),
            accessed=data.get("accessed"),
        )
    except workflow.WorkflowError as error:
        return refused(request, error, claim_pk=claim.pk, action="add_evidence", form=form)
    return _done(request, _load(pk), "Evidence added.", section="evidence")


@require_POST
def evidence_remove(request, pk, evidence_id):
    if not workflow.is_reviewer(request.user):
        return _not_a_reviewer(request)
    claim = _load(pk)
    evidence = get_object_or_404(Evidence, pk=evidence_id, claim_id=claim.pk)
    try:
        workflow.evidence_remove(evidence=evidence, actor=request.user)
    except workflow.WorkflowError as error:
        return refused(request, error, claim_pk=claim.pk, action="remove_evidence")
    return _done(
        request, _load(pk), f"Removed “{evidence.title}” from the evidence.", section="evidence"
    )
