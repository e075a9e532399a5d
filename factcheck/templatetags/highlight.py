"""Claims highlighted in an article's text: the one highlighter of the article page, the
claim page and the report.

    {% load highlight %}
    {% highlight article.body claims as marked %}
    {% for paragraph in marked.paragraphs %}<p dir="auto">{{ paragraph }}</p>{% endfor %}

A claim is marked where its span (start, end) falls in the text. Nested claims nest; a
claim that crosses another's edge is marked in parts (its first part carries its id), so
overlapping claims are all shown and none is dropped; one that spans a paragraph break is
marked in each paragraph. Each claim's number follows its last part and links to the claim
page (or, with `link="report"`, to its verdict in the report). Only claims outside the
text are left unmarked (`marked.unplaced`). Every piece of the body is escaped.

Rating colours go out as data-colour (static/js/app.js sets them): no style attributes.
"""

import re
from dataclasses import dataclass, field
from html import escape as _escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from factcheck.exports.common import claim_anchor

register = template.Library()

HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Paragraphs are blocks of text separated by blank lines.
PARAGRAPH = re.compile(r"(?:[^\n]|\n(?!\s*\n))+")


@dataclass
class Highlighted:
    paragraphs: list = field(default_factory=list)  # SafeString per paragraph
    unplaced: list = field(default_factory=list)  # claims whose span is not in the text
    numbers: dict = field(default_factory=dict)  # claim id -> its number in the text
    starts: list = field(default_factory=list)  # each paragraph's offset in the body

    @property
    def blocks(self) -> list:
        """(offset in the body, paragraph) pairs: static/js/select.js maps a selection back
        to exact body offsets from each paragraph's data-start."""
        return list(zip(self.starts, self.paragraphs, strict=True))


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of the body, without its surrounding blank space."""
    spans = []
    for match in PARAGRAPH.finditer(body):
        text = match.group()
        if text.strip():
            start = match.start() + len(text) - len(text.lstrip())
            spans.append((start, match.end() - (len(text) - len(text.rstrip()))))
    return spans


def _order(claim) -> tuple:
    # Outer before inner: earlier start first, then the longer span, then the older claim.
    return (claim.start, -claim.end, claim.pk)


def _label(claim) -> str:
    label = claim.get_status_display()
    rating = getattr(claim, "rating_label", None)
    return f"{label}: {rating}" if rating else label


# The marks are written with html.escape (what Django's escape does) in f-strings: an
# article with 40 claims makes some 200 tags, and format_html cost more than the text.


def _open(claim, *, first: bool, current: bool) -> str:
    colour = getattr(claim, "rating_colour", None) or ""
    rated = bool(HEX_COLOUR.match(colour))
    classes = f"claim status-{_escape(claim.status)}"
    if rated:
        classes += " rated"
    if current:
        classes += " current"
    if not first:
        classes += " continued"
    mark_id = f' id="mark-{int(claim.pk)}"' if first else ""
    data = f' data-colour="{colour}"' if rated else ""  # a hex colour: nothing to escape
    title = f"{_escape(str(claim.get_kind_display()))} ({_escape(_label(claim))})"
    return f'<mark class="{classes}"{mark_id}{data} title="{title}">'


def _reference(claim, number: int, link: str) -> str:
    if link == "report":
        # A published claim's rating is read beside it; the others are just numbered.
        rating = getattr(claim, "rating_label", None)
        href = "#" + claim_anchor(claim.pk)
        label = _label(claim) if rating else "not yet published"
        text = f"{number} {rating}" if rating else number
    else:
        href, label, text = claim.get_absolute_url(), _label(claim), number
    return (
        f'<sup class="claim-ref"><a href="{_escape(href)}" aria-label="Claim {number}: '
        f'{_escape(label)}">{_escape(str(text))}</a></sup>'
    )


def _text(fragment: str) -> str:
    return _escape(fragment).replace("\n", "<br>")


def _paragraph(body, p_start, p_end, claims, numbers, state, *, current_id, link) -> SafeString:
    """body[p_start:p_end] escaped, with the claims inside it marked (see the module doc)."""
    inside = [c for c in claims if c.start < p_end and c.end > p_start]
    edges = sorted(
        {p_start, p_end}
        | {max(c.start, p_start) for c in inside}
        | {min(c.end, p_end) for c in inside}
    )
    out, stack = [], []  # stack: the claims whose <mark> is open, outermost first
    for left, right in zip(edges, edges[1:], strict=False):
        covering = sorted((c for c in inside if c.start <= left and right <= c.end), key=_order)
        # Close down to the longest common prefix of what is open and what should be.
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] is covering[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(_close(stack.pop(), left, numbers, state, link))
        for claim in covering[keep:]:
            first = claim.pk not in state["opened"]
            state["opened"].add(claim.pk)
            out.append(_open(claim, first=first, current=claim.pk == current_id))
            stack.append(claim)
        out.append(_text(body[left:right]))
    while stack:
        out.append(_close(stack.pop(), p_end, numbers, state, link))
    return mark_safe("".join(out))  # noqa: S308 - text and attributes escaped by _escape


def _close(claim, at: int, numbers, state, link) -> str:
    html = "</mark>"
    if at >= claim.end and claim.pk not in state["referenced"]:
        state["referenced"].add(claim.pk)
        html += _reference(claim, numbers[claim.pk], link)
    return html


def highlight_text(body: str, claims, *, current=None, paragraph=None, link="page") -> Highlighted:
    """The body's paragraphs with `claims` marked; see the module docstring.

    `current`: the claim the page is about (marked "current"; added to `claims` if missing).
    `paragraph`: a claim; only the paragraphs its span touches are returned.
    `link`: "page" (numbers link to claim pages) or "report" (to #claim-ID in the report).
    """
    claims = list(claims)
    if current is not None and all(c.pk != current.pk for c in claims):
        claims.append(current)
    claims.sort(key=lambda c: (c.start, c.pk))
    numbers = {claim.pk: n for n, claim in enumerate(claims, start=1)}
    placed = [c for c in claims if 0 <= c.start < c.end <= len(body)]
    spans = paragraph_spans(body)
    if paragraph is not None:
        spans = [s for s in spans if s[0] < paragraph.end and paragraph.start < s[1]] or [
            s for s in spans if s[0] <= paragraph.start <= s[1]
        ]
    state = {"opened": set(), "referenced": set()}
    current_id = current.pk if current is not None else None
    result = Highlighted(numbers=numbers)
    for p_start, p_end in spans:
        result.starts.append(p_start)
        result.paragraphs.append(
            _paragraph(
                body, p_start, p_end, placed, numbers, state, current_id=current_id, link=link
            )
        )
    placed_ids = {c.pk for c in placed}
    result.unplaced = [c for c in claims if c.pk not in placed_ids]
    return result


@register.simple_tag
def highlight(body, claims, current=None, paragraph=None, link="page") -> Highlighted:
    return highlight_text(body or "", claims, current=current, paragraph=paragraph, link=link)
