"""What the queue page shows around its rows: filter menus, counts with their links, export
links, the reused filter form and rows, and per row whether the viewer may take it. The
queue page (factcheck/jinja2/queue/) calls these as Jinja2 globals (factcheck/jinja.py);
no Django template loads this module any more.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from factcheck import caching, queue, workflow
from factcheck.models import Article, Claim

EXPORT_FORMATS = (("csv", "CSV"), ("json", "JSON"), ("claimreview", "ClaimReview"))
# The row offers "Take" only in these statuses; allowed_actions needs no query for them.
ROW_ACTION_STATUSES = {Claim.Status.QUEUED, Claim.Status.IN_REVIEW}


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


def article_choices(page, filters) -> list[tuple[int, str]]:
    """The articles the filter offers: those on this page (a newsroom has thousands; the
    article page links here with its own filter), and the one filtered on."""
    choices, unread = {}, set()
    for row in page.rows:
        if Claim.article.is_cached(row):  # a whole row (queue.full_rows)
            choices[row.article_id] = _shortened(row.article.title)
        else:  # a row's key (queue.row_keys): the titles are read at once
            unread.add(row.article_id)
    if unread:
        titles = Article.objects.filter(pk__in=unread).values_list("id", "title")
        choices.update((pk, _shortened(title)) for pk, title in titles)
    if filters.article and filters.article not in choices:
        title = Article.objects.filter(pk=filters.article).values_list("title", flat=True).first()
        choices[filters.article] = _shortened(title or f"Article {filters.article} (not found)")
    return sorted(choices.items(), key=lambda item: (item[1].lower(), item[0]))


def _shortened(title: str, limit: int = 70) -> str:
    """At most `limit` characters, ending in "…" when cut (truncatechars without its
    per-character machinery: the menu lists up to 50 titles on every queue page)."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


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


def can_take(claim, user) -> bool:
    return claim.status in ROW_ACTION_STATUSES and workflow.refusal("take", claim, user) is None


# --- bulk steps on the ticked claims (views/queue.py queue_bulk) ---


def bulk_menu(user) -> dict:
    """The bulk steps offered to this user (those their role may take on some claim), the
    reviewers to assign to, and the export formats if they may export."""
    from factcheck.forms import BulkForm, reviewer_menu

    editor = workflow.is_editor(user)
    return {
        "actions": ["assign", "release", "queue", "dismiss"] if editor else ["release"],
        "reviewers": reviewer_menu() if editor else [],
        "can_export": user.has_perm("factcheck.export_verdicts"),
        "export_formats": list(BulkForm.EXPORT_FORMATS.items()),
    }


def first_of_article(page, index) -> bool:
    """Whether row `index` starts a run of its article's claims: the title shows once per
    run, the rest say "same article"."""
    rows = page.rows
    return index == 0 or rows[index].article_id != rows[index - 1].article_id


def unshown_errors(row_errors, page) -> list[tuple[int, str]]:
    """The bulk refusals of claims not on this page (they left the filter meanwhile)."""
    shown = {row.pk for row in page.rows}
    return [(pk, message) for pk, message in (row_errors or {}).items() if pk not in shown]


def _template(name: str):
    return engines["jinja2"].env.get_template(name)


def queue_filter_form(page, filters) -> str:
    """The filter form, reused for QUEUE_ROW_CACHE_SECONDS while what it shows is the same:
    the filters, the articles on the page (the article menu lists them) and the articles'
    titles and outlets (the ARTICLES generation). It holds nothing of the viewer's."""
    seconds = settings.QUEUE_ROW_CACHE_SECONDS
    articles = sorted({row.article_id for row in page.rows})
    shown = f"{filters.querystring(after='')}|{articles}"
    generation = caching.generation(caching.ARTICLES) if seconds else 0
    digest = hashlib.md5(shown.encode(), usedforsecurity=False).hexdigest()
    key = f"queue-filters:{generation}:{digest}"

    def draw() -> str:
        return _template("queue/_filters.jinja").render(
            menus=queue_menus(), filters=filters, articles=article_choices(page, filters)
        )

    return mark_safe(caching.remembered(key, seconds, draw))  # noqa: S308 - Jinja2 escaped it


def queue_rows(page, selected, row_errors, current_query, user) -> str:
    """The page's rows: each row's HTML is reused while the claim's version (every step
    bumps it), the articles (titles show in rows), the viewer's role and options and the
    filters are the same, for QUEUE_ROW_CACHE_SECONDS. All rows are fetched in one cache
    call (one Redis round trip) and only the missing ones are drawn, from queue/_row.jinja,
    then stored together. A bulk step's refusal follows its claim's row.
    """
    seconds = settings.QUEUE_ROW_CACHE_SECONDS
    editor = workflow.is_editor(user)
    articles = caching.generation(caching.ARTICLES) if seconds else 0
    query = hashlib.md5(current_query.encode(), usedforsecurity=False).hexdigest()
    rows = []
    for index, claim in enumerate(page.rows):
        options = {
            "claim_can_take": can_take(claim, user),
            "claim_first_of_article": first_of_article(page, index),
            "claim_ticked": claim.pk in (selected or ()),
        }
        flags = "".join("1" if value else "0" for value in options.values())
        key = f"queue-row:{claim.pk}:{claim.version}:{articles}:{int(editor)}:{flags}:{query}"
        rows.append((key, claim, options))
    found = cache.get_many([key for key, _, _ in rows]) if seconds else {}
    # The page's rows are keys (queue.row_keys); the ones to draw are read whole, at once.
    whole = queue.full_rows(
        claim.pk
        for key, claim, _ in rows
        if key not in found and not Claim.article.is_cached(claim)
    )
    template = _template("queue/_row.jinja") if len(found) < len(rows) else None
    made, html = {}, []
    for key, claim, options in rows:
        row = found.get(key)
        if row is None:
            row = made[key] = template.render(
                claim=whole.get(claim.pk, claim), filters=page.filters, **options
            )
        html.append(row)  # drawn by Jinja2, which escaped every value
        refused = (row_errors or {}).get(claim.pk)
        if refused:
            html.append(
                format_html(
                    '<tr class="bulk-error" id="bulk-error-{}"><td colspan="10">'
                    '<div class="flash flash-error">Claim {} not done: {}</div></td></tr>',
                    claim.pk,
                    claim.pk,
                    refused,
                )
            )
    if made:
        cache.set_many(made, seconds)
    return mark_safe("".join(html))  # noqa: S308 - every part is escaped or format_html
