"""Adding a claim from the article's text (selected or typed words, prefilled), and the
extractor's report card built from what people changed."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

from factcheck import workflow
from factcheck.extraction.prefill import (
    SelectionError,
    occurrences,
    paragraph_bounds,
    prefill_for,
)
from factcheck.extraction_report import fixed_text, report_card
from factcheck.forms import ClaimAddForm, form_errors_text
from factcheck.models import Article
from factcheck.views.claims import refused

TEMPLATE = "claims/new.html"
VALUE_NAMES = ("kind", "low", "high", "qualifier", "unit", "date", "granularity", "speaker")
CONTEXT_CHARS = 60


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _in_context(body: str, start: int, end: int):
    """The words marked in a little of their paragraph around them (escaped)."""
    try:
        p_start, p_end = paragraph_bounds(body, start, end)
    except SelectionError:
        p_start, p_end = 0, len(body)
    left = max(p_start, start - CONTEXT_CHARS)
    right = min(p_end, end + CONTEXT_CHARS)
    return format_html(
        "{}{}<mark class='claim current'>{}</mark>{}{}",
        "…" if left > p_start else "",
        body[left:start].replace("\n", " "),
        body[start:end],
        body[end:right].replace("\n", " "),
        "…" if right < p_end else "",
    )


def _choose(article, params) -> dict:
    """From the request's start/end (a selection) or words (+ which occurrence): the
    selection to prefill, the occurrences to pick from, or what is wrong."""
    words = (params.get("words") or "").strip()
    if words:
        found = occurrences(article.body, words)
        if not found:
            return {"problem": f"“{words[:80]}” is not in the article's text.", "words": words}
        pick = _int(params.get("occurrence"))
        if len(found) > 1 and (pick is None or not 1 <= pick <= len(found)):
            return {
                "words": words,
                "choices": [
                    (n, _in_context(article.body, s, e)) for n, (s, e) in enumerate(found, 1)
                ],
            }
        start, end = found[(pick or 1) - 1]
        return {"start": start, "end": end, "words": words}
    start, end = _int(params.get("start")), _int(params.get("end"))
    if start is None or end is None:
        return {"problem": "", "words": ""}
    return {"start": start, "end": end}


@require_http_methods(["GET", "POST"])
def claim_new(request, pk):
    if not workflow.is_reviewer(request.user):
        return refused(request, workflow.NotAllowed("Only reviewers and editors may add claims."))
    article = get_object_or_404(Article, pk=pk)
    context = {"article": article, "status": 200}
    if request.method == "POST":
        form = ClaimAddForm(request.POST, auto_id="id_add_%s")
        try:
            if not form.is_valid():
                raise workflow.InvalidAction(form_errors_text(form))
            data = form.cleaned_data
            claim = workflow.claim_add(
                article=article,
                actor=request.user,
                start=data["start"],
                end=data["end"],
                note=data.get("note", ""),
                **{name: data.get(name, "") for name in VALUE_NAMES},
            )
        except workflow.WorkflowError as error:
            context.update(problem=error.message, status=error.status_code)
            start, end = _int(request.POST.get("start")), _int(request.POST.get("end"))
            if start is not None and end is not None and 0 <= start < end <= len(article.body):
                context["selection"] = _in_context(article.body, start, end)
            context["form"] = form
            return render(request, TEMPLATE, context, status=error.status_code)
        messages.success(
            request,
            f"Claim #{claim.pk} added ({claim.get_kind_display().lower()}: “{claim.span[:80]}”); "
            "it is in the queue.",
        )
        return redirect(f"{article.get_absolute_url()}#mark-{claim.pk}")
    chosen = _choose(article, request.GET)
    context.update(words=chosen.get("words", ""), choices=chosen.get("choices"))
    if chosen.get("problem"):
        context.update(problem=chosen["problem"], status=400)
    elif "start" in chosen:
        try:
            filled = prefill_for(article, chosen["start"], chosen["end"])
        except SelectionError as error:
            context.update(problem=str(error), status=400)
        else:
            initial = filled.initial()
            context.update(
                form=ClaimAddForm(initial=initial, auto_id="id_add_%s"),
                prefill=filled,
                selection=_in_context(article.body, filled.start, filled.end),
            )
    return render(request, TEMPLATE, context, status=context["status"])


@require_GET
def extraction_report(request):
    """The extractor's report card, for editors."""
    if not workflow.is_editor(request.user):
        return refused(
            request, workflow.NotAllowed("Only editors may see the extractor's report card.")
        )
    since_text = (request.GET.get("since") or "").strip()
    since, problem = None, ""
    if since_text:
        try:
            since = datetime.date.fromisoformat(since_text)
        except ValueError:
            problem = f"“{since_text[:40]}” is not a date (YYYY-MM-DD); showing every article."
    card = report_card(since=since)
    for row in [card.total, *card.kinds, *card.versions, *card.months]:
        row.fixed_text = fixed_text(row)
    return render(
        request,
        "extraction/report.html",
        {
            "card": card,
            "kind_rows": [*card.kinds, card.total],
            "since": since_text if since else "",
            "problem": problem,
        },
        status=400 if problem else 200,
    )
