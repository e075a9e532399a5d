"""The extractor: body -> ClaimDrafts.

The body is cleaned (same length, offsets preserved), cut into paragraphs, and parsed
with one nlp.pipe stream. Each parsed paragraph is read once, sentence by sentence, for
dates, figures, reporting verbs and statements; its quotes are then attributed. Context
that crosses paragraphs (the date anchor, speakers so far, names given in full) is kept
in a small state object, so memory stays flat whatever the body's length.
"""

import bisect
import datetime
import logging
import re
from collections import deque

from .dates import find_dates, may_hold_date
from .draft import ClaimDraft
from .figures import find_figures
from .nlp import get_nlp
from .quotes import SpeakerContext, colon_subject, find_quotes, is_scare_quote, speech_events
from .sentences import chunks, clean_text
from .statements import claim_score, statement_score

EXTRACTOR_VERSION = "2026.12.1"
# Bodies longer than this are read only up to here (a news article is ~10,000 chars;
# this keeps a pathological 5 MB upload to seconds, not minutes).
MAX_BODY_CHARS = 200_000
BATCH_SIZE = 64
STATEMENT_THRESHOLD = 0.5
FUTURE = re.compile(r"\b(?:will|’ll|'ll|is due to|are due to|next)\b", re.IGNORECASE)

logger = logging.getLogger(__name__)


def extract_claims(body: str, published=None, *, strict: bool = False) -> list[ClaimDraft]:
    """Every check-worthy claim in body, in body order.

    published anchors relative dates (a date, datetime or ISO string; None leaves them
    unresolved). Bad input never raises unless strict=True: it yields no claims.
    """
    try:
        if not isinstance(body, str) or not body.strip():
            return []
        return _extract(body, _as_date(published))
    except Exception:
        if strict:
            raise
        logger.exception("claim extraction failed")
        return []


def _extract(body: str, published) -> list[ClaimDraft]:
    return next(extract_many([(body, published)], strict=True))


def extract_many(items, *, strict: bool = False):
    """The claims of many (body, published) pairs: one list per article, in order.

    The paragraphs of all the articles go through one nlp.pipe stream, so spaCy batches
    across articles (a folder, a queue of imports) instead of article by article; each
    article's list is yielded as soon as its last paragraph is read, and only the
    articles spaCy is reading ahead are held.
    """
    queue: deque[_Article] = deque()

    def texts():
        for body, published in items:
            article = _Article(body, published, strict)
            queue.append(article)
            for start, end in article.pieces:
                yield article.clean[start:end], (article, start)

    for doc, (article, start) in get_nlp().pipe(texts(), as_tuples=True, batch_size=BATCH_SIZE):
        while queue[0] is not article:
            yield queue.popleft().claims()
        article.read(doc, start)
    while queue:
        yield queue.popleft().claims()


class _Article:
    """One article on its way through the stream: its clean text, pieces and state."""

    def __init__(self, body, published, strict):
        self.body, self.strict, self.failed = body, strict, False
        self.clean, self.pieces, self.found = "", [], []
        try:
            if not isinstance(body, str) or not body.strip():
                return
            self.state = _State(_as_date(published))
            clean = clean_text(body)
            if len(clean) > MAX_BODY_CHARS:
                cut = clean.rfind("\n", 0, MAX_BODY_CHARS)
                clean = clean[: cut if cut > MAX_BODY_CHARS // 2 else MAX_BODY_CHARS]
            self.clean, self.pieces = clean, list(chunks(clean))
        except Exception:
            self._fail()

    def _fail(self):
        if self.strict:
            raise
        logger.exception("claim extraction failed")
        self.failed, self.pieces = True, []

    def read(self, doc, start):
        if self.failed:
            return
        try:
            self.found.extend(_read_paragraph(doc, start, self.body, self.state))
            self.state.paragraph += 1
        except Exception:
            self._fail()

    def claims(self) -> list[ClaimDraft]:
        if self.failed or not self.found:
            return []
        try:
            body = self.body
            claims = [c for c in self.found if 0 <= c.start <= c.end <= len(body)]
            for c in claims:
                if c.kind == "quote":
                    c.speaker = self.state.speakers.full_name(c.speaker)[:200]
            claims.sort(key=lambda c: (c.start, c.end, c.kind))
            return claims
        except Exception:
            self._fail()
            return []


def _as_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class _State:
    def __init__(self, published):
        self.published = published
        self.anchor = published
        self.speakers = SpeakerContext()
        self.paragraph = 0


FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo"}


def _clause_future(sent):
    """(start, end) -> does the clause holding these sentence-relative characters speak
    of the future? "said on Monday it will resume on Thursday": Monday is past,
    Thursday ahead. The verb a date hangs on decides, not the whole sentence."""
    doc = sent.doc

    def ahead(start, end):
        span = doc.char_span(
            sent.start_char + start, sent.start_char + end, alignment_mode="expand"
        )
        if span is None:
            return bool(FUTURE.search(sent.text))
        tok = span.root
        for _ in range(8):
            if tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"aux", "auxpass"}:
                break
            if tok.head == tok:
                break
            tok = tok.head
        words = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
        if words & FUTURE_AUX:
            return True
        # "is due to", "is set to", "next week"
        if tok.lemma_.lower() in {"due", "set", "scheduled", "expected", "plan"} or any(
            c.lower_ == "next" for c in span
        ):
            return True
        head = tok.head
        return tok.dep_ in {"xcomp"} and any(
            c.lower_ in FUTURE_AUX for c in head.children if c.dep_ == "aux"
        )

    return ahead


def _sentence_bounds(body, base, sent):
    s, e = base + sent.start_char, base + sent.end_char
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    return s, e


def _entities(sent):
    seen, result = set(), []
    for ent in sent.ents:
        key = (ent.text, ent.label_)
        if key not in seen and ent.label_ not in {"CARDINAL", "ORDINAL"}:
            seen.add(key)
            result.append({"text": ent.text, "label": ent.label_})
    return result


def _read_paragraph(doc, base, body, state):
    published = state.published
    ctx = state.speakers
    quotes = find_quotes(doc.text)
    q_starts = [q.open_mark for q in quotes]

    def in_quote(pos):
        i = bisect.bisect_right(q_starts, pos) - 1
        return i >= 0 and quotes[i].open_mark <= pos < quotes[i].end + 1

    _register_acronyms(ctx, doc, in_quote)
    claims = []
    sents = list(doc.sents)
    sent_events = []
    claimed_sents = set()
    for si, sent in enumerate(sents):
        s_start, s_end = _sentence_bounds(body, base, sent)
        sent_text = body[s_start:s_end]
        ents = _entities(sent)
        # Dates (outside quotes)
        date_spans = []
        if may_hold_date(sent):
            future = _clause_future(sent) if FUTURE.search(sent.text) else False
            dates = find_dates(sent.text, published, state.anchor, future)
        else:
            dates = []
        for d in dates:
            ds, de = sent.start_char + d.start, sent.start_char + d.end
            date_spans.append((ds, de))
            if in_quote(ds):
                continue
            if d.day is not None:
                state.anchor = d.day
            claims.append(
                ClaimDraft(
                    kind="date",
                    text=sent_text,
                    span=body[base + ds : base + de],
                    start=base + ds,
                    end=base + de,
                    date=d.date,
                    granularity=d.granularity,
                    checkworthiness=claim_score("date", sent, has_entities=bool(ents)),
                    entities=ents,
                )
            )
            claimed_sents.add(si)
        # Figures
        for f in find_figures(sent, date_spans, quotes):
            fs, fe = base + f.start, base + f.end
            while fe > fs and body[fe - 1] in " ,;:":
                fe -= 1
            claims.append(
                ClaimDraft(
                    kind=f.kind,
                    text=sent_text,
                    span=body[fs:fe],
                    start=fs,
                    end=fe,
                    low=f.low,
                    high=f.high,
                    qualifier=f.qualifier,
                    unit=f.unit,
                    checkworthiness=claim_score(f.kind, sent, f.qualifier, bool(ents)),
                    entities=ents,
                )
            )
            claimed_sents.add(si)
        # Reporting verbs: resolve their speakers now (pronouns look back only)
        events = []
        for verb, subj in speech_events(sent, in_quote):
            speaker = ctx.resolve(subj, base + verb.idx, in_quote)
            if speaker is not None:
                events.append((verb, speaker))
        ctx.speakers.extend(sp for _v, sp in events)
        del ctx.speakers[:-50]
        sent_events.append(events)
        _register_entities(ctx, sent, in_quote)
    # Quotes
    for q in quotes:
        covering = [
            i for i, s in enumerate(sents) if s.start_char < q.end + 1 and q.open_mark < s.end_char
        ]
        if not covering:
            continue
        speaker = _quote_speaker(doc, q, sents, covering, sent_events)
        subj = colon_subject(doc, q.open_mark)
        if subj is not None:
            found = ctx.resolve(subj, base + subj.idx, in_quote)
            if found is not None:
                speaker = found.name
        words = len(doc.text[q.start : q.end].split())
        if is_scare_quote(doc, q.start, q.end):
            continue
        if speaker is None:
            first = sents[covering[0]]
            starts_sentence = not doc.text[first.start_char : q.open_mark].strip()
            if (
                words >= 4
                and starts_sentence
                and ctx.last_quote_speaker
                and state.paragraph - ctx.last_quote_paragraph <= 2
            ):
                speaker = ctx.last_quote_speaker
            else:
                continue
        ctx.last_quote_speaker = speaker
        ctx.last_quote_paragraph = state.paragraph
        t_start = min(_sentence_bounds(body, base, sents[i])[0] for i in covering)
        t_end = max(_sentence_bounds(body, base, sents[i])[1] for i in covering)
        for i in covering:
            claimed_sents.add(i)
        ents = _entities(sents[covering[0]])
        claims.append(
            ClaimDraft(
                kind="quote",
                text=body[t_start:t_end],
                span=body[base + q.start : base + q.end],
                start=base + q.start,
                end=base + q.end,
                speaker=speaker,
                checkworthiness=claim_score("quote", sents[covering[0]], has_entities=True)
                + (0.1 if re.search(r"\d", doc.text[q.start : q.end]) else 0.0),
                entities=ents,
            )
        )
    # Statements: sentences with no other claim
    for si, sent in enumerate(sents):
        if si in claimed_sents or in_quote(sent.start_char) or in_quote(sent.end_char - 2):
            continue
        score = statement_score(sent)
        if score >= STATEMENT_THRESHOLD:
            s_start, s_end = _sentence_bounds(body, base, sent)
            claims.append(
                ClaimDraft(
                    kind="statement",
                    text=body[s_start:s_end],
                    span=body[s_start:s_end],
                    start=s_start,
                    end=s_end,
                    checkworthiness=score,
                    entities=_entities(sent),
                )
            )
    for c in claims:
        c.checkworthiness = max(0.0, min(1.0, float(c.checkworthiness)))
    return claims


def _register_acronyms(ctx, doc, in_quote):
    from .quotes import ACRONYM_RE

    for m in ACRONYM_RE.finditer(doc.text):
        full = re.sub(r"^(?:[Tt]he|of|for|and|on|in)\s+", "", m.group(1)).strip()
        if len(full.split()) >= 2 and not in_quote(m.start()):
            ctx.acronyms[m.group(2)] = full


def _register_entities(ctx, sent, in_quote):
    from .quotes import DOCUMENT_NOUNS, _title_words, clean_name, document_issuer, entity_text

    for tok in sent:
        if tok.lemma_.lower() in DOCUMENT_NOUNS and not in_quote(tok.idx):
            issuer = document_issuer(tok)
            if issuer:
                ctx.documents[tok.lemma_.lower()] = issuer

    for ent in sent.ents:
        if in_quote(ent.start_char):
            continue
        if ent.label_ == "PERSON":
            name = clean_name(entity_text(ent))
            if name:
                ctx.add_person(name)
                title = _title_words(ent)
                if title:
                    ctx.titled.append((frozenset(title), name))
                    del ctx.titled[:-200]
        elif ent.label_ == "ORG":
            ctx.orgs.append(re.sub(r"^[Tt]he\s+", "", ent.text).strip())
            del ctx.orgs[:-50]


def _quote_speaker(doc, q, sents, covering, sent_events):
    """The speaker of the reporting verb that governs the quote or stands nearest to it."""
    candidates = [ev for i in covering for ev in sent_events[i]]
    if not candidates:
        return None
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is not None:
        # The reporting verb that governs the quote most closely: "X could be heard
        # calling out '...', said Y" gives X.
        best = None
        for tok in span:
            depth = {a.i: n for n, a in enumerate(tok.ancestors)}
            for verb, speaker in candidates:
                if verb.i in depth and (best is None or depth[verb.i] < best[0]):
                    best = (depth[verb.i], speaker)
            if best is not None:
                return best[1].name

    def distance(ev):
        verb = ev[0]
        if verb.idx < q.open_mark:
            return q.open_mark - verb.idx
        return max(0, verb.idx - q.end)

    return min(candidates, key=distance)[1].name
