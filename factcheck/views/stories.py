"""The story page (one event across outlets) and editors' story decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from factcheck import workflow
from factcheck.models import Article, Claim, Story
from factcheck.stories import editing, pages
from factcheck.stories.forms import MergeForm, MoveInForm, MoveOutForm, SplitForm


def _split_form(story, data=None):
    choices = [
        (a.pk, f"{pages.outlet_name(a)}: {a.title}")
        for a in Article.objects.filter(story_link__story=story).only(
            "id", "title", "outlet", "source_name"
        )
    ]
    return SplitForm(data, choices=choices, auto_id="id_split_%s")


@require_GET
@permission_required("factcheck.view_article", raise_exception=True)
def story_detail(request, pk):
    story = get_object_or_404(Story, pk=pk)
    context = pages.story_page(story)
    if request.user.has_perm("factcheck.edit_claim"):
        context["edit"] = {
            "move_in": MoveInForm(auto_id="id_move_in_%s"),
            "merge": MergeForm(auto_id="id_merge_%s"),
            "split": _split_form(story) if len(context["articles"]) > 1 else None,
        }
    return render(request, "stories/detail.html", context)


FORMS = {"move_out": MoveOutForm, "move_in": MoveInForm, "merge": MergeForm}


@require_POST
@permission_required("factcheck.edit_claim", raise_exception=True)
def story_edit(request, pk, action):
    story = get_object_or_404(Story, pk=pk)
    if action == "split":
        form = _split_form(story, request.POST)
    elif action in FORMS:
        form = FORMS[action](request.POST)
    else:
        messages.error(request, f"Unknown story action “{action}”.")
        return redirect(story)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label or name}: {' '.join(errs)}"
            for name, errs in form.errors.items()
            if name in form.fields
        )
        messages.error(request, f"Nothing changed. {problems}")
        return redirect(story)
    data, actor, note = form.cleaned_data, request.user, form.cleaned_data.get("note", "")
    try:
        if action == "move_out":
            article = get_object_or_404(Article, pk=data["article"], story_link__story=story)
            new = editing.article_move(article=article, actor=actor, note=note)
            messages.success(request, f"“{article.title}” is now a story of its own.")
            return redirect(new if not story.links.exists() else story)
        if action == "move_in":
            article = Article.objects.filter(pk=data["article"]).first()
            if article is None:
                raise editing.StoryEditError(f"There is no article number {data['article']}.")
            editing.article_move(article=article, actor=actor, story=story, note=note)
            messages.success(request, f"“{article.title}” joined this story.")
        elif action == "merge":
            other = Story.objects.filter(pk=data["other"]).first()
            if other is None:
                raise editing.StoryEditError(f"There is no story number {data['other']}.")
            editing.story_merge(story=story, other=other, actor=actor, note=note)
            messages.success(request, f"Story {other.pk} merged into this one.")
        elif action == "split":
            new = editing.story_split(
                story=story, article_ids=data["articles"], actor=actor, note=note
            )
            messages.success(request, f"Split off as story {new.pk}.")
    except editing.StoryEditError as exc:
        messages.error(request, str(exc))
    return redirect(story)


@require_POST
@permission_required("factcheck.review_claim", raise_exception=True)
def claim_earlier(request, pk, other, what):
    """Cite another outlet's checked claim as evidence (linking the two), or dismiss it."""
    claim = get_object_or_404(Claim, pk=pk)
    earlier = get_object_or_404(Claim, pk=other)
    try:
        if what == "cite":
            workflow.claim_cite_earlier(
                claim=claim,
                actor=request.user,
                other=earlier,
                url=request.build_absolute_uri(earlier.get_absolute_url()),
                version=request.POST.get("version"),
            )
            messages.success(request, "Linked, and the earlier verdict is cited as evidence.")
        elif what == "dismiss":
            workflow.claim_dismiss_earlier(
                claim=claim, actor=request.user, other=earlier, version=request.POST.get("version")
            )
            messages.success(request, "Suggestion dismissed; it will not be offered again.")
        else:
            messages.error(request, f"Unknown step “{what}”.")
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect(claim)
