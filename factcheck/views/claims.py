"""Claim pages: one claim in its paragraph, its evidence, verdicts, history, and its actions.

Every action goes through factcheck.workflow; a refusal (403/409/400) is answered by
`refused()`, the one place that turns a WorkflowError into a page or an HTMX fragment that
shows the message and the claim as it is now.
"""

from django.contrib import messages
from django.db.models import CharField, Exists, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck import sql, workflow
from factcheck.forms import ClaimEditForm, form_errors_text
from factcheck.http import HtmxHttpRequest, is_fragment_request, refusal_response
from factcheck.models import (
    Claim,
    ClaimEvent,
    Comment,
    Evidence,
    MeasureClaim,
    StoryArticle,
    Verdict,
    object_url,
)
from factcheck.stories import pages as story_pages
from factcheck.stories.suggest import earlier_verdicts
from factcheck.templatetags import newsroom

# The part of the claim page an action redraws; the rest (typed drafts) stays as it is.
SECTION = {"add_evidence": "evidence", "remove_evidence": "evidence", "comment": "comments"}
# Field ids on the page: id_<prefix>_<field>; the evidence form keeps its short ids.
FORM_PREFIX = {"add_evidence": "evidence"}
TEMPLATE = "claims/detail.jinja"  # Jinja2 (factcheck/jinja2/claims/), as its sections:
SECTION_TEMPLATE = {
    "main": "claims/_main.jinja",
    "evidence": "claims/_evidence_response.jinja",
    "comments": "claims/_comments_response.jinja",
}


_CLAIM, _ARTICLE = -1, -2  # stand-ins for ids in the queries compiled once (factcheck/sql.py)


def _load(pk, *, for_step=False) -> Claim:
    """The claim with its article and holder (404 if there is none). The page shows the
    article's text (body), never the file it came from (raw_text), and reads what its
    sections have in the same query (`_SECTIONS`); a step needs neither (read on use if
    it does)."""
    if for_step:
        build = lambda: _claims().defer("article__body", "article__raw_text")  # noqa: E731
    else:
        build = lambda: _claims().defer("article__raw_text").annotate(**_SECTIONS)  # noqa: E731
    found = sql.instances(f"claim-load-{for_step}", build, {_CLAIM: int(pk)})
    if not found:
        raise Http404("No claim with this number.")
    return found[0]


def _claims():
    return Claim.objects.select_related("article", "assignee").filter(pk=_CLAIM)


# Whether the claim has verdicts, sources, comments and a place among other outlets'
# figures, and its article's story: a section with nothing to show then costs no query
# of its own (most claims have no verdict, comment or story yet).
_SECTIONS = {
    "has_verdicts": Exists(Verdict.objects.filter(claim=OuterRef("pk"))),
    "has_evidence": Exists(Evidence.objects.filter(claim=OuterRef("pk"), removed_at__isnull=True)),
    "has_comments": Exists(Comment.objects.filter(claim=OuterRef("pk"))),
    "has_measure": Exists(MeasureClaim.objects.filter(claim=OuterRef("pk"))),
    "story_id": Subquery(
        StoryArticle.objects.filter(article=OuterRef("article_id")).values("story_id")[:1]
    ),
}


def _sections(claim: Claim) -> dict:
    """What the claim's sections have (`_SECTIONS`), as `_load` read it, or read now for a
    claim loaded otherwise."""
    if not hasattr(claim, "has_verdicts"):
        found = sql.instances(
            "claim-sections", lambda: _claims().annotate(**_SECTIONS), {_CLAIM: claim.pk}
        )
        if not found:  # the claim was deleted meanwhile: look everything up as usual
            return dict.fromkeys(("verdicts", "evidence", "comments", "measure"), True) | {
                "story_id": story_pages.UNKNOWN
            }
        claim = found[0]
    return {
        "verdicts": claim.has_verdicts,
        "evidence": claim.has_evidence,
        "comments": claim.has_comments,
        "measure": claim.has_measure,
        "story_id": claim.story_id,
    }


def _claim_context(
    request, claim: Claim, *, bound=None, notice="", problem=None, section="main"
) -> dict:
    """Everything the claim page shows; `bound` maps action -> a form with the user's input."""
    user = request.user
    allowed = workflow.allowed_actions(claim, user)
    forms = {}
    for name, action in workflow.ACTIONS.items():
        if name in allowed and action.form is not None and action.placement:
            if name == "edit":  # the edit form starts from the claim's own values
                forms[name] = ClaimEditForm.for_claim(claim, auto_id="id_edit_%s")
                continue
            forms[name] = action.form(
                auto_id=f"id_{FORM_PREFIX.get(name, name)}_%s", initial={"version": claim.version}
            )
    for name, form in (bound or {}).items():
        if name in forms:
            forms[name] = form
    by_placement = {}
    for name, form in forms.items():
        action = workflow.ACTIONS[name]
        by_placement.setdefault(action.placement, []).append((action, form))
    siblings = sql.instances(
        "claim-siblings",
        lambda: (
            Claim.objects.filter(article_id=_ARTICLE)
            .only("id", "article_id", "kind", "span", "text", "start", "end", "status")
            .order_by("start", "id")
        ),
        {_ARTICLE: claim.article_id},
    )
    if "merge" in forms:
        forms["merge"].fields["other"].choices = [
            ("", "Choose a claim"),
            *(
                (other.pk, f"#{other.pk} {other.get_kind_display()}: {other.span[:70]}")
                for other in siblings
                if other.pk != claim.pk and other.status in workflow.MERGE_AWAY_STATUSES
            ),
        ]
    has = _sections(claim)
    verdicts, sources = _verdicts_and_sources(claim.pk, has)
    # The claim's place among other outlets' figures, for both the story box and the
    # earlier verdicts (one query for the two).
    entry = (
        MeasureClaim.objects.filter(claim=claim).select_related("measure").first()
        if has["measure"]
        else None
    )
    story_id = has["story_id"]
    events, history_hidden = _events(claim, everything=request.GET.get("history") == "all")
    return {
        "claim": claim,
        "article": claim.article,
        "corrected": _corrected(claim),
        "bound_actions": set(bound or ()),
        "siblings": [c for c in siblings if c.pk != claim.pk],
        "values": _values(claim),
        "entities": _entities(claim.entities),
        "allowed": allowed,
        "forms": forms,
        "buttons": by_placement.get("button", []),
        "form_actions": by_placement.get("form", []),
        "verdict_actions": by_placement.get("verdict", []),
        "pending_correction": next(
            (v for v in verdicts if claim.status == "published" and v.state == "proposed"), None
        ),
        "evidence": sources,
        "verdicts": verdicts,
        "events": events,
        "history_hidden": history_hidden,
        "comments": (
            sql.instances(
                "claim-comments",
                lambda: (
                    Comment.objects.filter(claim_id=_CLAIM)
                    .select_related("author")
                    .order_by("created_at", "id")
                ),
                {_CLAIM: claim.pk},
            )
            if has["comments"]
            else []
        ),
        "notice": notice,
        "notice_section": section,
        "only_comment": allowed <= {"comment"},
        "problem": problem,
        "story_info": story_pages.claim_story(claim, entry=entry),
        "earlier": (
            earlier_verdicts(claim, entry=entry, story_id=story_id)
            if claim.status not in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED)
            else []
        ),
        "article_story": story_pages.article_story(claim.article, story_id=story_id),
    }


def _verdicts_and_sources(claim_id: int, has: dict) -> tuple[list[Verdict], list[Evidence]]:
    """The claim's verdicts, newest revision first, each with `cited` (the sources it
    cites), and the sources the page lists (those not removed). Two queries compiled once
    (a prefetch compiled two on every page, and the list was a third): the verdicts with
    their cited sources' ids, then every source of the claim, removed ones included, as a
    verdict may cite a source removed since."""
    verdicts = (
        sql.instances(
            "claim-verdicts",
            lambda: (
                Verdict.objects.filter(claim_id=_CLAIM)
                .select_related("rating", "author", "approved_by")
                .annotate(
                    cited_ids=StringAgg(
                        Cast("evidence__id", CharField()), Value(","), default=Value("")
                    )
                )
                .order_by("-revision")
            ),
            {_CLAIM: claim_id},
        )
        if has["verdicts"]
        else []
    )
    for verdict in verdicts:
        verdict.cited = [int(pk) for pk in verdict.cited_ids.split(",") if pk]
    wanted = {pk for verdict in verdicts for pk in verdict.cited}
    sources = (
        sql.instances(
            "claim-sources",
            lambda: (
                Evidence.objects.filter(claim_id=_CLAIM)
                .select_related("added_by")
                .order_by("created_at", "id")
            ),
            {_CLAIM: claim_id},
        )
        if has["evidence"] or wanted
        else []
    )
    by_id = {source.pk: source for source in sources}
    if wanted - by_id.keys():  # cited from another claim (not a step the app offers)
        by_id.update(Evidence.objects.in_bulk(wanted - by_id.keys()))
    for verdict in verdicts:
        verdict.cited = sorted(
            (by_id[pk] for pk in verdict.cited), key=lambda e: (e.created_at, e.pk)
        )
    return verdicts, [source for source in sources if source.removed_at is None]


def _corrected(claim: Claim) -> list[tuple[str, str]]:
    """(field, what the extractor said) for each value people corrected."""
    if not claim.extracted:
        return []
    labels = {"span": "Words", "kind": "Kind"}
    kinds = dict(Claim.Kind.choices)
    rows = []
    for name in claim.corrected_fields():
        said = claim.extracted.get(name)
        if name == "kind":
            said = kinds.get(said, said)
        rows.append((labels.get(name, name.capitalize()), said if said not in (None, "") else "—"))
    return rows


HISTORY_SHOWN = 50  # the newest steps the claim page lists unless asked for all


def _steps(claim_id):
    """The steps of a claim and of the duplicates merged into it. An IN over the claim and
    its duplicates, not an OR across a join: the OR made PostgreSQL scan every event (130
    ms at 300k events); this uses event_claim_time."""
    return ClaimEvent.objects.filter(
        claim_id__in=Claim.objects.filter(Q(pk=claim_id) | Q(merged_into=claim_id)).values("pk")
    ).select_related("actor")


def _events(claim: Claim, *, everything=False) -> tuple[list, int]:
    """The claim's history, with the history of the duplicates merged into it, oldest
    first: its newest HISTORY_SHOWN steps (everything=True: all of them), and how many
    older steps are left out. A claim taken and released all day keeps a page that loads
    fast (its history was rendered whole: 300 ms with 2,000 steps)."""
    if everything:
        events, hidden = list(_steps(claim.pk).order_by("created_at", "id")), 0
    else:
        newest = sql.instances(
            "claim-history",
            lambda: _steps(_CLAIM).order_by("-created_at", "-id")[: HISTORY_SHOWN + 1],
            {_CLAIM: claim.pk},
        )
        hidden = _steps(claim.pk).count() - HISTORY_SHOWN if len(newest) > HISTORY_SHOWN else 0
        events = newest[:HISTORY_SHOWN][::-1]
    names = dict(Claim.Status.choices)
    for event in events:
        event.sentence = newsroom.event_sentence(event)
        if event.claim_id != claim.pk:
            event.sentence += f" (on #{event.claim_id}, merged into this claim)"
        event.changes = [
            (
                workflow.FIELD_WORDS.get(name, name),
                event.data["before"][name],
                event.data["after"][name],
            )
            for name in (event.data or {}).get("fields", ())
            if event.action == "edit" and name not in ("start", "end", "text")
        ]
        event.from_label = names.get(event.from_status, event.from_status).lower()
        event.to_label = names.get(event.to_status, event.to_status).lower()
    return events, hidden


def _values(claim: Claim) -> list[tuple[str, str]]:
    """The structured values worth showing, as (label, text) pairs, as a reader writes them."""
    rows = [
        ("Figure", newsroom.figure_text(claim)),
        ("Date", newsroom.claim_date(claim)),
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
    name = SECTION_TEMPLATE[section] if is_fragment_request(request) else TEMPLATE
    return render(request, name, ctx, status=status, using="jinja2")


def refused(request, error: workflow.WorkflowError, *, claim_pk=None, action="", form=None):
    """A refused step answered in place: the message and the claim as it is now.

    A 400 for a section with its own form (evidence, comments) redraws only that section,
    keeping what the user typed; 403/409 redraw the claim's main panel from the database,
    so the user who lost a race sees who won and what to do next.
    """
    pk = error.claim.pk if error.claim is not None else claim_pk
    claim = None
    if pk is not None and workflow.is_reviewer(request.user):  # never show a claim to others
        claim = Claim.objects.select_related("article", "assignee").filter(pk=pk).first()
    if claim is None:
        return refusal_response(request, error)
    section = SECTION.get(action, "main") if error.status_code == 400 else "main"
    bound = {action: form} if form is not None and error.status_code == 400 else None
    problem = {"section": section, "message": error.message, "status": error.status_code}
    response = _render_claim(
        request, claim, section=section, status=error.status_code, bound=bound, problem=problem
    )
    return refusal_response(
        request, error, page=response, target="#claim-main" if section == "main" else None
    )


def _done(request, pk, message: str, *, section="main"):
    """After a successful step: redraw in place (HTMX, the claim read afresh) or redirect
    back to the page."""
    if is_fragment_request(request):
        return _render_claim(request, _load(pk), section=section, notice=message)
    messages.success(request, message)
    anchor = {"main": "", "evidence": "#evidence", "comments": "#comments"}[section]
    return redirect(object_url("claim", pk) + anchor)


@require_GET
@vary_on_headers("HX-Request")
def claim_detail(request: HtmxHttpRequest, pk):
    if not workflow.is_reviewer(request.user):
        return refused(request, workflow.NotAllowed("Only reviewers and editors may see claims."))
    return _render_claim(request, _load(pk))


def _back_to_queue(request) -> str | None:
    """The queue page a row's button came from, when it did (a loser stays on the queue)."""
    back = request.POST.get("back", "")
    if back.startswith(reverse("queue")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return None


@require_POST
def claim_action(request: HtmxHttpRequest, pk, action):
    """Run one action of workflow.ACTIONS on the claim, with its form's input."""
    if not workflow.is_reviewer(request.user):
        return refused(
            request, workflow.NotAllowed("Only reviewers and editors may work on claims.")
        )
    spec = workflow.ACTIONS.get(action)
    if spec is None:
        return refused(
            request,
            workflow.InvalidAction(
                f"Unknown action {action!r}; use one of {', '.join(workflow.ACTIONS)}.",
                _load(pk, for_step=True),
            ),
        )
    # A step the workflow reads by the claim's id (workflow.BY_ID) needs no claim loaded
    # here, unless it is refused (then the page shows the claim, or 404 if it is gone).
    claim = pk if action in workflow.BY_ID else _load(pk, for_step=True)
    form = (
        spec.form(request.POST, auto_id=f"id_{FORM_PREFIX.get(action, action)}_%s")
        if spec.form
        else None
    )
    try:
        if form is not None and not form.is_valid():
            claim = _load(pk, for_step=True)
            # Say why the step is not the user's to take before complaining about input.
            error = workflow.refusal_error(action, claim, request.user)
            raise error or workflow.InvalidAction(form_errors_text(form), claim)
        data = form.cleaned_data if form is not None else {}
        _result, message = workflow.perform(action, claim=claim, actor=request.user, data=data)
    except workflow.WorkflowError as error:
        if not isinstance(claim, Claim):
            _load(pk, for_step=True)  # 404 for a claim that does not exist
        back = _back_to_queue(request)
        if back and not is_fragment_request(request):
            messages.error(request, error.message)
            return redirect(back)
        return refused(request, error, claim_pk=pk, action=action, form=form)
    if action == "keep_alive":
        return HttpResponse(status=204)
    return _done(request, pk, message, section=SECTION.get(action, "main"))


@require_POST
def evidence_add(request, pk):
    return claim_action(request, pk, "add_evidence")


@require_POST
def evidence_remove(request, pk, evidence_id):
    if workflow.is_reviewer(request.user):
        get_object_or_404(Evidence, pk=evidence_id, claim_id=pk)
    post = request.POST.copy()
    post["evidence"] = str(evidence_id)
    request.POST = post
    return claim_action(request, pk, "remove_evidence")
