"""The per-article verdict report: its claims and verdicts, and the JSON-LD.

The article's text is highlighted by the template ({% highlight %}, templatetags/highlight.py).
"""

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from factcheck.exports.claimreview import (
    FIRST_APPEARANCE_PREFETCH,
    claim_reviews,
    jsonld_script,
)
from factcheck.exports.common import (
    claim_anchor,
    first_published_at,
    published_verdict,
    rating_bounds,
    verdict_list,
    verdicts_prefetch,
)
from factcheck.models import Article, Claim, Verdict

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class Correction:
    revision: Verdict
    replaced: Verdict | None


@dataclass
class ClaimEntry:
    claim: Claim
    verdict: Verdict | None  # the published verdict, if any
    first_published_at: object
    corrections: list[Correction]
    first: Verdict | None = None  # the first revision published: its reviewer and approver

    @property
    def anchor(self) -> str:
        return claim_anchor(self.claim.pk)


@dataclass
class ArticleReport:
    article: Article
    published: list[ClaimEntry]
    pending: list[ClaimEntry]
    claims: list[Claim]  # in text order, with rating_label/rating_colour when published
    jsonld: SafeString
    review_count: int


def article_report(article: Article) -> ArticleReport:
    """Everything the report page shows, in a fixed number of queries."""
    claims = list(
        article.claims.exclude(status=Claim.Status.DISMISSED)
        .order_by("start", "id")
        .prefetch_related(verdicts_prefetch(with_people=True), *FIRST_APPEARANCE_PREFETCH)
    )
    for claim in claims:
        claim.article = article  # already loaded; saves a query per claim
    entries = [_entry(claim) for claim in claims]
    reviews = claim_reviews(claims, bounds=rating_bounds())
    return ArticleReport(
        article=article,
        published=[e for e in entries if e.verdict is not None],
        pending=[e for e in entries if e.verdict is None],
        claims=claims,
        jsonld=jsonld_script(reviews),
        review_count=len(reviews),
    )


def _entry(claim: Claim) -> ClaimEntry:
    verdicts = verdict_list(claim)
    on_record = [
        v for v in verdicts if v.state in (Verdict.State.PUBLISHED, Verdict.State.SUPERSEDED)
    ]
    published = published_verdict(verdicts)
    if published is not None:  # what the highlighter colours the claim by
        claim.rating_label, claim.rating_colour = published.rating.label, published.rating.colour
    fixes = []
    for index, verdict in enumerate(on_record):
        if verdict.correction_note:
            fixes.append(Correction(verdict, on_record[index - 1] if index else None))
    return ClaimEntry(
        claim=claim,
        verdict=published,
        first_published_at=first_published_at(verdicts),
        corrections=fixes,
        first=on_record[0] if on_record else None,
    )


def _paragraphs(body: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def _text(fragment: str) -> str:
    return str(escape(fragment)).replace("\n", "<br>")


def _mark(body: str, start: int, end: int, entry: ClaimEntry) -> str:
    if entry.verdict is not None:
        rating = entry.verdict.rating
        return format_html(
            '<a class="claim-mark" href="#{}"><mark class="claim claim-rated rated" '
            'data-colour="{}">{}</mark><span class="verdict-badge" data-colour="{}">{}</span></a>',
            entry.anchor,
            rating.colour,
            mark_safe(_text(body[start:end])),  # noqa: S308
            rating.colour,
            rating.label,
        )
    return format_html(
        '<a class="claim-mark" href="#{}"><mark class="claim claim-pending">{}</mark>'
        '<span class="verdict-badge verdict-pending">{}</span></a>',
        entry.anchor,
        mark_safe(_text(body[start:end])),  # noqa: S308
        entry.claim.get_status_display(),
    )


def highlighted_body(body: str, entries: list[ClaimEntry], *, mark=None) -> SafeString:
    """The article text as escaped paragraphs, each claim marked and linked to its verdict.

    Claims that overlap one already marked are left unmarked in the text (they are still
    listed below it). `mark(text_html, entry)` draws one mark (the public report's has no
    inline styles); the text it gets is already escaped.
    """
    marks = []
    last_end = 0
    ordered = sorted(entries, key=lambda e: (e.claim.start, -e.claim.end, e.claim.pk))
    for entry in ordered:
        start, end = entry.claim.start, entry.claim.end
        if 0 <= start < end <= len(body) and start >= last_end:
            marks.append((start, end, entry))
            last_end = end
    html = []
    for p_start, p_end in _paragraphs(body):
        pieces = []
        pos = p_start
        for start, end, entry in marks:
            start, end = max(start, p_start), min(end, p_end)
            if start >= end:
                continue
            pieces.append(_text(body[pos:start]))
            if mark is None:
                pieces.append(_mark(body, start, end, entry))
            else:
                pieces.append(mark(mark_safe(_text(body[start:end])), entry))  # noqa: S308
            pos = end
        pieces.append(_text(body[pos:p_end]))
        html.append('<p dir="auto">' + "".join(pieces) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece above is escaped
