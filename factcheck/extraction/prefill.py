"""Prefilling a claim a person picks out of the text: the extractor's own parsers, run on it.

A person selects words (or types them and picks which occurrence); `prefill` guesses the
kind and values the way the extractor would: first from the extractor's own claims on the
article that overlap the selection (so a date is resolved against the publication date and
the dates before it, a quote's speaker is the one the extractor found), then, for words the
extractor missed, by running its figure, date and quote parsers on the selection's
sentence. Offsets are in the stored body; nothing here touches the database.
"""

import logging
import re
from dataclasses import asdict, dataclass, field

from .dates import find_dates
from .draft import FIGURE_KINDS, ClaimDraft
from .figures import FIGURE_RE, find_figures
from .nlp import get_nlp
from .numbers import parse_number
from .pipeline import FUTURE, _as_date, extract_claims
from .quotes import SpeakerContext, find_quotes, speech_events

logger = logging.getLogger(__name__)

# A paragraph: a run of lines with no blank line inside (as the article page draws them).
PARAGRAPH = re.compile(r"(?:[^\n]|\n(?!\s*\n))+")
QUALIFIER_GROUPS = ("more_than", "less_than", "at_least", "up_to", "about")
CASUALTY_WORDS = re.compile(
    r"\b(?:kill|dead|death|die|wound|injur|casualt|missing|fatalit|slain)", re.IGNORECASE
)
TROOP_WORDS = re.compile(
    r"\b(?:troops?|soldiers?|personnel|fighters?|forces?|aircraft|tanks?|warships?|jets?)\b",
    re.IGNORECASE,
)


class SelectionError(ValueError):
    """The selection cannot be a claim's span; the message says why, for people."""


@dataclass
class Prefill:
    kind: str
    start: int
    end: int
    span: str
    text: str  # the sentence (or sentences) around the span
    low: float | int | None = None
    high: float | int | None = None
    qualifier: str = ""
    unit: str = ""
    date: str = ""
    granularity: str = ""
    speaker: str = ""
    checkworthiness: float = 0.5
    found_by: str = "parsers"  # "extractor": an extracted claim covers these words
    notes: list[str] = field(default_factory=list)

    def initial(self) -> dict:
        """The form's initial values."""
        data = asdict(self)
        for key in ("low", "high"):
            if data[key] is not None and float(data[key]).is_integer():
                data[key] = int(data[key])
        return data


# --- where the words are ---------------------------------------------------------------------


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding body[start:end]; SelectionError if none does."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise SelectionError("The selection's place in the article is missing.")
    if start < 0 or end > len(body) or start >= end:
        raise SelectionError(
            "The selection does not lie in the article's text "
            f"(characters {start} to {end} of {len(body)})."
        )
    for match in PARAGRAPH.finditer(body):
        text = match.group()
        if not text.strip():
            continue
        p_start = match.start() + len(text) - len(text.lstrip())
        p_end = match.end() - (len(text) - len(text.rstrip()))
        if p_start <= start < p_end or p_start < end <= p_end:
            if start < p_start or end > p_end:
                break
            return p_start, p_end
        if p_start >= end:
            break
    raise SelectionError(
        "The selection crosses paragraphs (or takes in the space between them): "
        "a claim's words lie in one paragraph. Select them again within one paragraph."
    )


def trim(body: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the spaces and line breaks at its edges."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def occurrences(body: str, words: str) -> list[tuple[int, int]]:
    """Every place the typed or pasted words stand in the body, in order.

    Runs of spaces match any run of spaces or line breaks inside a paragraph, and straight
    quotation marks match curly ones, so words pasted from elsewhere are found.
    """
    parts = [_token_pattern(token) for token in (words or "").split()]
    if not parts:
        return []
    regex = re.compile(r"\s+".join(parts))
    return [
        (m.start(), m.end())
        for m in regex.finditer(body)
        if not re.search(r"\n\s*\n", m.group())  # not across a blank line
    ]


def _token_pattern(token: str) -> str:
    out = []
    for ch in token:
        if ch in '"“”':
            out.append('["“”]')
        elif ch in "'‘’":
            out.append("['‘’]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def sentence_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence or sentences (spaCy's split) holding body[start:end]."""
    p_start, p_end = paragraph_bounds(body, start, end)
    try:
        doc = get_nlp()(body[p_start:p_end])
        covering = [
            s for s in doc.sents if s.start_char < end - p_start and start - p_start < s.end_char
        ]
    except Exception:  # the parser must not stop a person adding a claim
        logger.exception("sentence split failed")
        covering = []
    if not covering:
        return p_start, p_end
    s, e = p_start + covering[0].start_char, p_start + covering[-1].end_char
    return trim(body, s, e)


# --- what the words say -----------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters over the union: 1.0 for the same words, 0 for none in common."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _from_draft(result: Prefill, draft: ClaimDraft):
    result.kind = draft.kind
    result.low, result.high = draft.low, draft.high
    result.qualifier = draft.qualifier or ("exact" if draft.kind in FIGURE_KINDS else "")
    result.unit = draft.unit or ""
    result.date = draft.date or ""
    result.granularity = draft.granularity or ""
    result.speaker = draft.speaker or ""
    result.checkworthiness = draft.checkworthiness


def _figure_kind(sentence: str, unit: str) -> str:
    if CASUALTY_WORDS.search(sentence):
        return "casualties"
    if TROOP_WORDS.search(unit or "") or TROOP_WORDS.search(sentence):
        return "troops"
    return "quantity"


def prefill(body: str, start: int, end: int, published=None, *, drafts=None) -> Prefill:
    """Kind and values for the words body[start:end], guessed by the extractor's parsers.

    drafts: the extractor's claims on this body (`extract_claims(body, published)`), when
    the caller has them already. Raises SelectionError for a selection that cannot be a
    claim (outside the body, across paragraphs, only spaces).
    """
    published = _as_date(published)
    start, end = _ints(start, end)
    if start < 0 or end > len(body):
        paragraph_bounds(body, start, end)  # raises, naming the offsets
    start, end = trim(body, start, end)
    if start >= end:
        raise SelectionError("The selection holds no words.")
    p_start, p_end = paragraph_bounds(body, start, end)
    s_start, s_end = sentence_bounds(body, start, end)
    result = Prefill(
        kind="statement", start=start, end=end, span=body[start:end], text=body[s_start:s_end]
    )
    if drafts is None:
        drafts = extract_claims(body, published)
    near = [d for d in drafts if _overlap((d.start, d.end), (start, end)) > 0]
    quote = next((d for d in near if d.kind == "quote" and d.start <= start and end <= d.end), None)
    best = max(
        (d for d in near if d.kind != "statement"),
        key=lambda d: _overlap((d.start, d.end), (start, end)),
        default=None,
    )
    if best is not None and _overlap((best.start, best.end), (start, end)) >= 0.5:
        _from_draft(result, best)
        result.found_by = "extractor"
        result.notes.append("The extractor found these words too; check what it says.")
        return result
    if quote is not None and (best is None or best.kind == "quote"):
        _from_draft(result, quote)
        result.found_by = "extractor"
        return result
    _parse(result, body, (p_start, p_end), published, drafts)
    return result


def _ints(start, end):
    try:
        return int(start), int(end)
    except (TypeError, ValueError):
        raise SelectionError("The selection's place in the article is not a number.") from None


def _parse(result: Prefill, body: str, paragraph, published, drafts):
    """The extractor's parsers on the selection's sentence (words the extractor missed)."""
    p_start, p_end = paragraph
    start, end = result.start, result.end
    try:
        doc = get_nlp()(body[p_start:p_end])
    except Exception:
        logger.exception("parse failed")
        return
    sent = next((s for s in doc.sents if s.start_char <= start - p_start < s.end_char), None)
    if sent is None:
        return
    quotes = find_quotes(doc.text)
    selection = (start - p_start, end - p_start)
    in_quote = next(
        (q for q in quotes if q.open_mark <= selection[0] and selection[1] <= q.end + 1), None
    )
    if in_quote is not None:
        result.kind = "quote"
        result.speaker = _speaker(doc, sent, quotes, body, p_start, drafts)
        if not result.speaker:
            result.notes.append("Say who spoke these words.")
        return
    try:
        figures = find_figures(sent, [], quotes)
    except Exception:
        logger.exception("figure parser failed")
        figures = []
    figure = max(
        (f for f in figures if _overlap((f.start, f.end), selection) > 0),
        key=lambda f: _overlap((f.start, f.end), selection),
        default=None,
    )
    try:
        future = bool(FUTURE.search(sent.text))
        dates = find_dates(sent.text, published, published, future)
    except Exception:
        logger.exception("date parser failed")
        dates = []
    base = sent.start_char
    date = max(
        (d for d in dates if _overlap((base + d.start, base + d.end), selection) > 0),
        key=lambda d: _overlap((base + d.start, base + d.end), selection),
        default=None,
    )
    if figure is not None and (
        date is None
        or _overlap((figure.start, figure.end), selection)
        >= _overlap((base + date.start, base + date.end), selection)
    ):
        result.kind = figure.kind
        result.low, result.high = figure.low, figure.high
        result.qualifier, result.unit = figure.qualifier or "exact", figure.unit or ""
        return
    if date is not None:
        result.kind = "date"
        result.date, result.granularity = date.date or "", date.granularity or ""
        if not published and not date.date:
            result.notes.append("The article has no publication date to resolve this date.")
        return
    match = FIGURE_RE.search(result.span)
    if match is not None:
        value = parse_number(match.group("n1"))
        second = parse_number(match.group("n2")) if match.group("n2") else None
        qualifier = next((q for q in QUALIFIER_GROUPS if match.group(f"q_{q}")), "exact")
        rest = result.span[match.end() :].strip(" ,.;:")
        result.unit = " ".join(rest.split()[:4])
        result.kind = _figure_kind(result.text, result.unit)
        if second is not None:
            result.low, result.high, result.qualifier = value, second, "range"
        elif qualifier in ("more_than", "at_least"):
            result.low, result.qualifier = value, qualifier
        elif qualifier in ("less_than", "up_to"):
            result.high, result.qualifier = value, qualifier
        else:
            result.low = result.high = value
            result.qualifier = qualifier


def _speaker(doc, sent, quotes, body, p_start, drafts) -> str:
    """Who says a quote the extractor missed: a reporting verb in its sentence, or the
    speaker of the extractor's nearest quote in the same paragraph."""

    def in_quote(pos):
        return any(q.open_mark <= pos < q.end + 1 for q in quotes)

    try:
        context = SpeakerContext()
        for _verb, subj in speech_events(sent, in_quote):
            speaker = context.resolve(subj, p_start + subj.idx, in_quote)
            if speaker is not None and speaker.name:
                return speaker.name[:200]
    except Exception:
        logger.exception("speaker parser failed")
    p_end = p_start + len(doc.text)
    nearby = [d for d in drafts if d.kind == "quote" and p_start <= d.start < p_end and d.speaker]
    if nearby:
        mid = p_start + sent.start_char
        return min(nearby, key=lambda d: abs(d.start - mid)).speaker
    return ""


# --- the article's extracted claims, reused while a person works -----------------------------


def article_drafts(article) -> list[ClaimDraft]:
    """The extractor's claims on an article, kept for a few minutes (parsing takes a second)."""
    from django.core.cache import cache

    from .pipeline import EXTRACTOR_VERSION

    key = f"prefill-drafts:{article.pk}:{article.content_hash}:{EXTRACTOR_VERSION}"
    cached = cache.get(key)
    if cached is not None:
        return [ClaimDraft(**d) for d in cached]
    drafts = extract_claims(article.body or "", article.published)
    cache.set(key, [d.as_dict() for d in drafts], 600)
    return drafts


def prefill_for(article, start: int, end: int) -> Prefill:
    return prefill(article.body, start, end, article.published, drafts=article_drafts(article))


def place_words(body: str, words: str, *, start=None, end=None, near: int = 0) -> tuple[int, int]:
    """Where the claim's words stand: the selected offsets when they hold these words, else
    the occurrence of the typed words nearest `near` (SelectionError if they are not there)."""
    words = " ".join((words or "").split())
    if not words:
        raise SelectionError("Give the claim's words as they stand in the article.")
    selected = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body)
    if selected and " ".join(body[start:end].split()) == words:
        return trim(body, start, end)
    found = occurrences(body, words)
    if not found:
        shown = words if len(words) <= 80 else words[:77] + "..."
        raise SelectionError(
            f"“{shown}” is not in the article's text: select the words there, or type "
            "them exactly as they stand."
        )
    return min(found, key=lambda span: (abs(span[0] - near), span[0]))
