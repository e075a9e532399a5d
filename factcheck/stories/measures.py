"""Aligning the figures and dates of different articles that report the same thing.

Each figure or date claim is described by what the claim fields and its sentence say:

  figures   the outcome counted (killed, injured, collapsed...: ``lexicon.ROLES``), the
            counted noun or unit (people, km, magnitude...: ``lexicon.NOUNS``), the places
            its sentence names, the size of the value, and the words around it;
  dates     the value at its granularity, a weekday or month it names, and the event
            words around it ("announced the withdrawal", "departure").

Two claims from different articles of one story get a score from those (``pair_score``);
a different outcome or a different kind of unit rules a pair out. Claims are then joined
greedily, best pairs first, each article's claim going with its best match in the other
article (mutual best), and a group only grows when its average pair score stays above
the threshold. A claim ends in at most one measure. Values never have to agree to be
aligned: a measure whose values cannot all be true is a conflict (``agreement``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from . import agreement, lexicon

FIGURE, DATE = "figure", "date"
THRESHOLD = {FIGURE: 2.7, DATE: 2.1}  # the least pair score that aligns two claims
WINDOW = 4  # tokens either side searched for an outcome word when the parse finds none
MARGIN = 1.4  # a pair scoring this far below a claim's best match elsewhere is dropped
SMALL = 10  # exact counts up to this that differ count against a pair
NEAR_DATE = 1.5  # dates: the event they date is told by the words closest to them
NEAR = 3.0  # context words this many tokens from the span weigh half


def kind_class(kind: str) -> str | None:
    if kind in agreement.FIGURE_KINDS:
        return FIGURE
    if kind in agreement.DATE_KINDS:
        return DATE
    return None


@dataclass
class Features:
    article: object
    index: int
    claim: dict
    cls: str
    role: str | None = None
    noun: str | None = None
    places: frozenset = frozenset()
    context: dict = field(default_factory=dict)
    value: float | None = None
    names: frozenset = frozenset()  # weekday and month names the date claim uses
    vec: dict | None = None  # context as a unit vector (see weigh)


def _span_tokens(sent_doc, text: str, span: str):
    """The tokens of `span` inside the parsed sentence (first occurrence), or []."""
    if not span:
        return []
    at = text.find(span)
    if at < 0:
        at = text.lower().find(span.lower())
    if at < 0:
        return []
    end = at + len(span)
    return [t for t in sent_doc if t.idx < end and t.idx + len(t.text) > at]


def _is_number(tok) -> bool:
    return tok.like_num or tok.pos_ == "NUM"


def _role(doc, toks) -> str | None:
    nums = [t for t in toks if _is_number(t)]
    if len(nums) >= 2 and any(t.lower_ == "of" for t in toks[nums[0].i - toks[0].i :]):
        return "part"  # "22 of the 26 victims": a part of a group, another measure
    words = [t for t in toks if not _is_number(t)]
    for t in words:  # "5,383 injured", "the 26 victims", "912 people killed"
        role = lexicon.role_of(t.lemma_) or lexicon.role_of(t.text)
        if role:
            return role
    if not toks:
        return None
    # The parse: up the heads from the counted noun ("26 people ... were killed").
    root = min(toks, key=lambda t: len(list(t.ancestors)))
    node = root
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("amod", "acl", "relcl") and child not in toks:
                role = lexicon.role_of(child.lemma_) or lexicon.role_of(child.text)
                if role:
                    return role
        if node.head is node:
            break
        node = node.head
        role = lexicon.role_of(node.lemma_) or lexicon.role_of(node.text)
        if role:
            return role
        if _is_number(node):
            break
    # A window, stopping at another number (its own figure) or a clause break.
    first, last = toks[0].i, toks[-1].i
    best = None
    for direction in (1, -1):
        i, dist = (last + 1, 0) if direction == 1 else (first - 1, 0)
        while 0 <= i < len(doc) and dist < WINDOW:
            t = doc[i]
            if _is_number(t) or t.text in (";", "—", "–") or t.dep_ == "mark":
                break
            if not t.is_punct:
                dist += 1
                role = lexicon.role_of(t.lemma_) or lexicon.role_of(t.text)
                if role:
                    if best is None or dist < best[0]:
                        best = (dist, role)
                    break
            i += direction
    return best[1] if best else None


def _noun(claim, toks, doc) -> str | None:
    unit_words = re.findall(r"[a-z$%]+", (claim.get("unit") or "").lower())
    cls = lexicon.noun_class(unit_words)
    if cls:
        return cls
    span_words = [t.text for t in toks if not _is_number(t)]
    cls = lexicon.noun_class(span_words)
    if cls:
        return cls
    if toks:  # the word right before or after the number ("magnitude 7.7")
        near = [doc[i].text for i in (toks[0].i - 1, toks[-1].i + 1) if 0 <= i < len(doc)]
        return lexicon.noun_class(near)
    return None


def _places(doc) -> frozenset:
    words = set()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            words |= {w.lower() for w in re.findall(r"[A-Za-z]+", ent.text) if len(w) > 2}
    return frozenset(words - {"the", "south", "north", "east", "west", "northwest", "southern"})


def _context(doc, toks, near: float = NEAR, syntax: bool = False) -> dict:
    """Content words of the sentence, weighted by their distance from the claim's span.

    With `syntax`, the words the span hangs from in the parse (the event a date dates:
    "announced on Tuesday", "Tuesday's departure") and their subjects and objects weigh
    fully whatever their distance."""
    if toks:
        first, last = toks[0].i, toks[-1].i
    else:
        first, last = 0, len(doc)
    span_ids = {t.i for t in toks}
    out: dict[str, float] = {}
    for t in doc:
        if t.i in span_ids or t.is_punct or _is_number(t) or t.is_stop:
            continue
        words = lexicon.content_words(t.text)
        if not words:
            continue
        w = words[0]
        if w in lexicon.WEEKDAYS or w in lexicon.MONTHS:
            continue
        d = first - t.i if t.i < first else t.i - last
        weight = 1.0 / (1.0 + max(0, d) / near)
        out[w] = max(out.get(w, 0.0), weight)
    if syntax and toks:
        root = min(toks, key=lambda t: len(list(t.ancestors)))
        heads = [t for t in toks if t is not root and not t.is_stop] + list(root.ancestors)[:2]
        if root.head is root or root.dep_ == "ROOT":
            heads = [t for t in toks if t is not root and not t.is_stop] + [root]
        related = []
        for h in heads:
            related.append(h)
            related += [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "poss")]
        for t in related:
            if t.i in span_ids and t.is_stop:
                continue
            for w in lexicon.content_words(t.text)[:1]:
                if w not in lexicon.WEEKDAYS and w not in lexicon.MONTHS:
                    out[w] = 1.0
    return out


def _value(claim) -> float | None:
    low, high = agreement._num(claim.get("low")), agreement._num(claim.get("high"))
    vals = [v for v in (low, high) if v is not None]
    return sum(vals) / len(vals) if vals else None


def describe(items, nlp) -> list[Features]:
    """Features for every figure/date claim. `items`: (article key, index, claim dict)."""
    items = [(a, i, c, kind_class(c.get("kind"))) for a, i, c in items]
    items = [x for x in items if x[3]]
    texts = sorted({c.get("text") or c.get("span") or "" for _, _, c, _ in items})
    docs = dict(zip(texts, nlp.pipe(texts), strict=True))
    out = []
    for art, idx, c, cls in items:
        text = c.get("text") or c.get("span") or ""
        doc = docs[text]
        toks = _span_tokens(doc, text, c.get("span") or "")
        f = Features(article=art, index=idx, claim=c, cls=cls)
        if cls == DATE:
            f.context = _context(doc, toks, near=NEAR_DATE, syntax=True)
        else:
            f.context = _context(doc, toks)
        f.places = _places(doc)
        if cls == FIGURE:
            f.noun = _noun(c, toks, doc)
            f.role = None if f.noun in lexicon.MEASURE_UNITS else _role(doc, toks)
            f.value = _value(c)
        else:
            span = (c.get("span") or "").lower()
            f.names = frozenset(w for w in lexicon.WEEKDAYS + lexicon.MONTHS if w in span)
        out.append(f)
    return out


def _idf(features) -> dict:
    df = Counter()
    for f in features:
        df.update(f.context.keys())
    n = len(features) or 1
    return {w: math.log(1 + n / c) for w, c in df.items()}


def weigh(features, idf: dict) -> None:
    """Give each claim its context as a unit vector under `idf` (pairs then cost a dot)."""
    for f in features:
        vec = {w: v * idf.get(w, 1.0) for w, v in f.context.items()}
        norm = math.sqrt(sum(x * x for x in vec.values()))
        f.vec = {w: x / norm for w, x in vec.items()} if norm else {}


def _dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[w] for w, x in a.items() if w in b)


def _cosine(a: dict, b: dict, idf: dict) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[w] * b[w] * idf.get(w, 1.0) ** 2 for w in a.keys() & b.keys())
    na = math.sqrt(sum((v * idf.get(w, 1.0)) ** 2 for w, v in a.items()))
    nb = math.sqrt(sum((v * idf.get(w, 1.0)) ** 2 for w, v in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def pair_score(a: Features, b: Features, idf: dict, *, same_article: bool = False) -> float:
    """How sure we are that two claims report the same thing (-inf: they cannot).

    Claims of one article are only compared (`same_article`) to decide whether a second
    mention may join a measure that already has one from its article."""
    if a.cls != b.cls or (a.article == b.article and not same_article):
        return -math.inf
    if a.cls == FIGURE and (
        (a.role and b.role and a.role != b.role) or (a.noun and b.noun and a.noun != b.noun)
    ):
        return -math.inf  # another outcome, or another unit: never the same measure
    if a.vec is not None and b.vec is not None:
        cosine = _dot(a.vec, b.vec)
    else:
        cosine = _cosine(a.context, b.context, idf)
    score = (4.0 if a.cls == FIGURE else 6.0) * cosine
    units = a.noun in lexicon.MEASURE_UNITS or b.noun in lexicon.MEASURE_UNITS
    if a.places and b.places and not units:  # same places, one against two, none shared
        if a.places == b.places:
            score += 1.0
        elif a.places <= b.places or b.places <= a.places or not a.places & b.places:
            score -= 1.0
    if a.cls == FIGURE:
        if a.role and b.role:
            if a.role != b.role:
                return -math.inf
            score += 2.0
        elif a.role or b.role:
            score -= 0.5
        if a.noun and b.noun:
            if a.noun != b.noun:
                return -math.inf
            score += 2.0 if a.noun in lexicon.MEASURE_UNITS else 1.0
        elif (a.noun or b.noun) in lexicon.MEASURE_UNITS:
            score -= 1.0  # a distance or a magnitude against a bare count
        score += _value_score(a, b)
    else:
        da, db = a.claim.get("date") or "", b.claim.get("date") or ""
        if da and db:
            if da == db:
                score += 1.5
            elif agreement.dates_agree(a.claim, b.claim):
                score += 1.0
            else:
                score -= 3.0
        if a.names & b.names:
            score += 0.5 if da and db else 1.5
        ga, gb = a.claim.get("granularity"), b.claim.get("granularity")
        if ga and gb and (ga == "year") != (gb == "year"):
            score -= 1.5
    return score


def _value_score(a: Features, b: Features) -> float:
    """Close values are some evidence of the same measure; far ones of different ones."""
    vague_a, vague_b = a.value is None, b.value is None
    if vague_a or vague_b:  # "thousands" against "thousands more", or against 2,818
        return 0.5 if vague_a and vague_b else -1.5
    if a.value <= 0 or b.value <= 0:
        return 0.0
    exact = a.claim.get("qualifier") in ("exact", "", None) and b.claim.get("qualifier") in (
        "exact",
        "",
        None,
    )
    if a.value == b.value:
        return 2.0
    if exact and max(a.value, b.value) <= SMALL:
        return -1.0  # two priests, three buildings: small counts that differ are other things
    ratio = max(a.value, b.value) / min(a.value, b.value)
    if ratio <= 1.1:
        return 1.0
    if ratio <= 1.5:
        return 0.5
    if ratio <= 2.5:
        return 0.0
    if ratio <= 4:
        return -1.0
    return -1.5 if ratio <= 10 else -3.0  # an order of magnitude apart: another count


@dataclass
class Measure:
    members: list  # Features
    values_agree: bool = True


def align(items, nlp) -> list[Measure]:
    """Measures among the claims of one story. `items`: (article key, index, claim)."""
    feats = describe(items, nlp)
    idf = _idf(feats)
    weigh(feats, idf)
    pairs = []
    for i, a in enumerate(feats):
        for j in range(i + 1, len(feats)):
            s = pair_score(a, feats[j], idf)
            if s >= THRESHOLD[a.cls]:
                pairs.append((s, i, j))
    # Each claim's best score towards each other article: a pair is kept when it is the
    # best for at least one of its two claims and close to the best for the other.
    best: dict[tuple[int, object], float] = {}
    for s, i, j in pairs:
        for x, other in ((i, feats[j].article), (j, feats[i].article)):
            best[(x, other)] = max(best.get((x, other), -math.inf), s)
    scores = {(i, j): s for s, i, j in pairs}
    group = list(range(len(feats)))

    def find(x):
        while group[x] != x:
            group[x] = group[group[x]]
            x = group[x]
        return x

    members = {i: [i] for i in range(len(feats))}
    for s, i, j in sorted(pairs, reverse=True):
        bi, bj = best[(i, feats[j].article)], best[(j, feats[i].article)]
        if s < max(bi, bj) - MARGIN:
            continue
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        cross = [
            scores.get((min(x, y), max(x, y)), pair_score(feats[x], feats[y], idf))
            for x in members[ri]
            for y in members[rj]
            if feats[x].article != feats[y].article
        ]
        if not cross or min(cross) == -math.inf:
            continue
        # A second mention from one article joins only if it says the same as the first.
        same = [
            pair_score(feats[x], feats[y], idf, same_article=True)
            for x in members[ri]
            for y in members[rj]
            if feats[x].article == feats[y].article
        ]
        if same and min(same) < THRESHOLD[feats[i].cls]:
            continue
        if sum(cross) / len(cross) < THRESHOLD[feats[i].cls] - MARGIN:
            continue
        group[rj] = ri
        members[ri] += members.pop(rj)
    out = []
    for ids in members.values():
        if len({feats[x].article for x in ids}) < 2:
            continue
        ms = sorted((feats[x] for x in ids), key=lambda f: (str(f.article), f.index))
        out.append(Measure(ms, agreement.measure_agrees([f.claim for f in ms])))
    return out


LABEL_NOUNS = {
    "person": "people",
    "soldier": "troops",
    "foreigner": "foreigners",
    "building": "buildings",
    "country": "countries",
    "aircraft": "aircraft",
    "km": "distance (km)",
    "mile": "distance (miles)",
    "metre": "metres",
}


def label(measure: Measure) -> str:
    """A short plain-words name for a measure ("people killed", "km", "date: announce")."""
    first = measure.members[0]
    if first.cls == FIGURE:
        roles = {f.role for f in measure.members if f.role and f.role != "part"}
        nouns = [f.noun for f in measure.members if f.noun]
        units = [f.claim.get("unit") for f in measure.members if f.claim.get("unit")]
        what = LABEL_NOUNS.get(nouns[0] if nouns else "", nouns[0] if nouns else "")
        if not what and not roles and units:
            what = min(units, key=len)
        words = " ".join(x for x in (what, sorted(roles)[0] if roles else "") if x)
        places = set.intersection(*(set(f.places) for f in measure.members))
        if places and not set(nouns) & lexicon.MEASURE_UNITS:
            words += " in " + ", ".join(sorted(p.title() for p in places))
        return words or "figure"
    shared = Counter()
    for f in measure.members:
        shared.update(w for w, v in f.context.items() if v >= 0.5)
    common = [w for w, n in shared.most_common(3) if n > 1]
    return "date: " + " ".join(common) if common else "date"
