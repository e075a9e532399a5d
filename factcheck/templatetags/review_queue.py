"""What the queue page shows around its rows: filter menus, counts with their links, export
links, page links, and per row its values and whether the viewer may take it.

    {% load review_queue %}
    {% queue_query filters after="" as first_query %}
"""

from urllib.parse import urlencode

from django import template

from factcheck import queue, workflow
from factcheck.models import Article, Claim
from factcheck.views.claims import value_summary as _value_summary

register = template.Library()

EXPORT_FORMATS = (("csv", "CSV"), ("json", "JSON"), ("claimreview", "ClaimReview"))
# The row offers "Take" only in these statuses; allowed_actions needs no query for them.
ROW_ACTION_STATUSES = {Claim.Status.QUEUED, Claim.Status.IN_REVIEW}


@register.simple_tag
def queue_query(filters, **changes) -> str:
    """The filters as a query string, with `changes` applied (after="" drops the cursor)."""
    return filters.querystring(**changes)


@register.simple_tag
def queue_menus() -> dict:
    """The fixed choices of the filter menus, and the outlets articles come from."""
    return {
        "statuses": Claim.Status.choices,
        "kinds": Claim.Kind.choices,
        "sorts": [(key, label) for key, (label, _) in queue.SORTS.items()],
        "assignees": list(queue.ASSIGNEE_CHOICES.items()),
        "across": list(queue.ACROSS_CHOICES.items()),
        "outlets": queue.outlet_choices(),
    }


@register.simple_tag
def article_choices(page, filters) -> list[tuple[int, str]]:
    """The articles the filter offers: those on this page (a newsroom has thousands; the
    article page links here with its own filter), and the one filtered on."""
    choices = {row.article_id: row.article.title for row in page.rows}
    if filters.article and filters.article not in choices:
        title = Article.objects.filter(pk=filters.article).values_list("title", flat=True).first()
        choices[filters.article] = title or f"Article {filters.article} (not found)"
    return sorted(choices.items(), key=lambda item: (item[1].lower(), item[0]))


@register.simple_tag
def status_links(page, filters) -> list[dict]:
    """Each status with its count under the other filters and the link that selects it."""
    return [
        {
            "value": value,
            "label": label,
            "count": page.counts.get(value, 0),
            "query": filters.querystring(status=value, after=""),
        }
        for value, label in Claim.Status.choices
    ]


@register.simple_tag
def export_links(filters) -> list[tuple[str, str]]:
    """(label, query string) per export format, with the filters exports understand."""
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


@register.filter
def is_editor(user) -> bool:
    return workflow.is_editor(user)


@register.simple_tag
def can_take(claim, user) -> bool:
    return claim.status in ROW_ACTION_STATUSES and workflow.refusal("take", claim, user) is None


@register.filter
def value_summary(claim) -> str:
    """The claim's values in a few words (about 1,200 soldiers · 2024-03 · said by X)."""
    return _value_summary(claim)


# --- bulk steps on the ticked claims (views/queue.py queue_bulk) ---


@register.simple_tag
def bulk_menu(user) -> dict:
    """The bulk steps offered to this user (those their role may take on some claim), the
    reviewers to assign to, and the export formats if they may export."""
    from factcheck.forms import BulkForm, reviewer_queryset

    editor = workflow.is_editor(user)
    return {
        "actions": ["assign", "release", "queue", "dismiss"] if editor else ["release"],
        "reviewers": reviewer_queryset() if editor else [],
        "can_export": user.has_perm("factcheck.export_verdicts"),
        "export_formats": list(BulkForm.EXPORT_FORMATS.items()),
    }


@register.simple_tag
def first_of_article(page, index) -> bool:
    """Whether row `index` starts a run of its article's claims: the title shows once per
    run, the rest say "same article"."""
    rows = page.rows
    return index == 0 or rows[index].article_id != rows[index - 1].article_id


@register.filter
def row_error(row_errors, pk) -> str:
    """Why the last bulk step refused this claim ("" when it did not)."""
    return (row_errors or {}).get(pk, "")


@register.simple_tag
def unshown_errors(row_errors, page) -> list[tuple[int, str]]:
    """The bulk refusals of claims not on this page (they left the filter meanwhile)."""
    shown = {row.pk for row in page.rows}
    return [(pk, message) for pk, message in (row_errors or {}).items() if pk not in shown]


@register.filter
def ticked(pk, selected) -> bool:
    """Whether the claim stays ticked after a bulk step (it was refused)."""
    return pk in (selected or ())
