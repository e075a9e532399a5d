"""Which articles report one event.

Two articles are in one story when their publication dates are close (``WINDOW_DAYS``)
and their title and lead say the same thing: the TF-IDF cosine of their title and lead
words plus the share of places, people and organisations (spaCy entities) they both
name. An undated article is placed by its content: the latest full date its own claims
give stands in for the publication date, and with no such date it needs a clearer
content match (``UNDATED_EXTRA``). Stories are the connected groups of such pairs; an
article that matches nothing is a story of its own.

Measured on the dev corpus before choosing (docs/stories.md): TF-IDF over title+lead
separates the gold stories (best pair F1 1.00), the small spaCy model's similarity does
not (0.64: en_core_web_sm has no word vectors, only context tensors); entities alone
0.85. TF-IDF with a fifth of the weight on shared entities has the widest gap.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from . import lexicon

WINDOW_DAYS = 3  # publication dates further apart than this are different news days
THRESHOLD = 0.29  # the least similarity (0..1) for one story
UNDATED_EXTRA = 0.07  # an article with no date at all needs this much more
LEAD_CHARS = 600  # the lead: the first paragraphs up to about this many characters
ENTITY_LABELS = ("GPE", "LOC", "FAC", "PERSON", "ORG", "NORP", "EVENT")
ENTITY_WEIGHT = 0.2  # similarity = (1 - w) * text cosine + w * shared entities


@dataclass
class Profile:
    key: object
    published: datetime.date | None
    words: Counter = field(default_factory=Counter)
    entities: frozenset = frozenset()
    estimated: bool = False  # the date comes from the content, not the outlet


def lead(body: str, limit: int = LEAD_CHARS) -> str:
    out = []
    for para in re.split(r"\n\s*\n", body or ""):
        para = para.strip()
        if para:
            out.append(para)
        if sum(len(p) for p in out) >= limit:
            break
    return " ".join(out)[: limit * 2]


def entity_keys(doc) -> frozenset:
    keys = set()
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS:
            for w in re.findall(r"[A-Za-z]+", ent.text):
                if len(w) > 2 and w.lower() not in lexicon.STOPWORDS:
                    keys.add(w.lower())
    return frozenset(keys)


def content_date(claims) -> datetime.date | None:
    """The latest full date an article's own claims give (for undated articles)."""
    days = []
    for c in claims or ():
        d = c.get("date") or ""
        if c.get("kind") == "date" and len(d) == 10:
            try:
                days.append(datetime.date.fromisoformat(d))
            except ValueError:
                continue
    return max(days) if days else None


def profile(key, title, body, published, nlp, claims=None, doc=None) -> Profile:
    text = f"{title}. {lead(body)}"
    doc = doc if doc is not None else nlp(text)
    est = False
    if published is None:
        published = content_date(claims)
        est = published is not None
    return Profile(
        key=key,
        published=published,
        words=Counter(lexicon.content_words(text)),
        entities=entity_keys(doc),
        estimated=est,
    )


def profiles(items, nlp) -> list[Profile]:
    """items: (key, title, body, published, claims) -> profiles (spaCy run in one pipe)."""
    items = list(items)
    texts = [f"{t}. {lead(b)}" for _, t, b, _, _ in items]
    docs = nlp.pipe(texts)
    return [
        profile(k, t, b, p, nlp, claims=c, doc=d)
        for (k, t, b, p, c), d in zip(items, docs, strict=True)
    ]


def idf_table(all_profiles) -> dict:
    df = Counter()
    for p in all_profiles:
        df.update(p.words.keys())
    n = len(all_profiles) or 1
    return {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}


def cosine(a: Counter, b: Counter, idf: dict) -> float:
    common = a.keys() & b.keys()
    if not common:
        return 0.0
    dot = sum(a[w] * b[w] * idf.get(w, 1.0) ** 2 for w in common)
    na = math.sqrt(sum((v * idf.get(w, 1.0)) ** 2 for w, v in a.items()))
    nb = math.sqrt(sum((v * idf.get(w, 1.0)) ** 2 for w, v in b.items()))
    return dot / (na * nb)


def similarity(a: Profile, b: Profile, idf: dict) -> float:
    text = cosine(a.words, b.words, idf)
    if a.entities and b.entities:
        shared = len(a.entities & b.entities) / min(len(a.entities), len(b.entities))
    else:
        shared = 0.0
    return (1 - ENTITY_WEIGHT) * text + ENTITY_WEIGHT * shared


def dates_close(a: Profile, b: Profile) -> bool:
    if a.published is None or b.published is None:
        return True
    window = WINDOW_DAYS * (2 if a.estimated or b.estimated else 1)
    return abs((a.published - b.published).days) <= window


def same_story(a: Profile, b: Profile, idf: dict) -> tuple[bool, float]:
    if not dates_close(a, b):
        return False, 0.0
    s = similarity(a, b, idf)
    need = THRESHOLD + (UNDATED_EXTRA if a.published is None or b.published is None else 0)
    return s >= need, s


def group(all_profiles) -> list[list]:
    """Stories (lists of keys) over a set of profiles; singletons included."""
    idf = idf_table(all_profiles)
    parent = list(range(len(all_profiles)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(all_profiles):
        for j in range(i + 1, len(all_profiles)):
            ok, _ = same_story(a, all_profiles[j], idf)
            if ok:
                parent[find(j)] = find(i)
    out: dict[int, list] = {}
    for i, p in enumerate(all_profiles):
        out.setdefault(find(i), []).append(p.key)
    return list(out.values())
