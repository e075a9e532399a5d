"""Figures: numbers, ranges, bounds and vague amounts, and the kind decided by what is counted.

A figure is found by pattern in the sentence text (digits or number words, an optional
bound before it, an optional second number making a range), then the parse says what it
counts: the noun it modifies ("4,000 fighters"), the noun after "of" ("22 of the
attackers", "hundreds of villagers"), or for a bare number the subject of the verb it
completes ("the number of deaths reached 97"). The counted noun and the verb that governs
it decide the kind: casualties (killed, wounded, deaths), troops (soldiers, aircraft,
columns), otherwise quantity.
"""

import re
from dataclasses import dataclass

from .lexicon import (
    ATTAIN_VERBS,
    CASUALTY_NOUNS,
    CASUALTY_VERBS,
    TALLY_NOUNS,
    TIME_NOUNS,
    TROOP_NOUNS,
)
from .numbers import NUMBER, ORDINALS, as_number, parse_number

QUALIFIERS = [
    ("more_than", r"more\s+than|over|upwards\s+of|in\s+excess\s+of|well\s+over"),
    ("less_than", r"less\s+than|fewer\s+than|under|below|just\s+under"),
    (
        "at_least",
        r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than"
        r"|a\s+minimum\s+of",
    ),
    (
        "up_to",
        r"up\s+to|as\s+many\s+as|as\s+much\s+as|at\s+most|no\s+more\s+than"
        r"|not\s+more\s+than|a\s+maximum\s+of",
    ),
    (
        "about",
        r"about|around|approximately|roughly|some|nearly|almost|close\s+to"
        r"|an\s+estimated|estimated|an\s+approximate|approx\.|circa|almost|around",
    ),
]
_QUAL_RE = "|".join(f"(?P<q_{name}>{pattern})" for name, pattern in QUALIFIERS)
_CURRENCY = r"(?:US\$|\$|£|€|USD\s?|EUR\s?|GBP\s?)"
_OPEN_Q = "[\"“‘']?"
_CLOSE_Q = "[\"”’']?"

FIGURE_RE = re.compile(
    rf"(?<![\w.,$£€/-])(?:(?:{_QUAL_RE})\s+)?(?:(?P<rng>between|from)\s+)?"
    rf"(?P<cur>{_CURRENCY})?(?P<n1>{NUMBER})"
    rf"(?:\s*(?P<sep>-|–|—|\bto\b|\band\b|\bor\b)\s*{_CURRENCY}?(?P<n2>{NUMBER}))?"
    rf"(?P<half>-and-a-half)?"
    rf"(?P<pct>\s*%|\s+per\s*cent\b|\s+percent\b)?"
    rf"(?P<compound>-(?:day|week|month|year|hour|mile|kilometre|kilometer|km)s?\b(?!-old))?"
    rf"(?![\w]|[.,]\d|:\d)",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    rf"(?<![\w-])(?:(?P<inthe>somewhere\s+in\s+the\s+|in\s+the\s+)?{_OPEN_Q}"
    rf"(?P<v>tens\s+of\s+thousands|hundreds\s+of\s+thousands|tens\s+of\s+millions"
    rf"|dozens|scores|hundreds|thousands|millions|several){_CLOSE_Q})(?![\w])",
    re.IGNORECASE,
)
ANNIVERSARY_RE = re.compile(
    r"(?<![\w-])(?:(?:its|their|the|his|her|a)\s+)?(?P<ord>"
    + "|".join(ORDINALS)
    + r"|\d+(?:st|nd|rd|th))\s+anniversary\b",
    re.IGNORECASE,
)
FORCE_OF_RE = re.compile(
    r"\b(?:an?\s+)?(?:force|army|contingent|deployment|garrison)\s+of\s+$", re.IGNORECASE
)
VAGUE_PEOPLE_ONLY = {"several"}
NOUNLIKE = {"NOUN", "PROPN"}


@dataclass
class Figure:
    start: int  # doc-relative offsets of the span
    end: int
    kind: str
    low: float | int | None
    high: float | int | None
    qualifier: str
    unit: str


def find_figures(sent, excluded, quotes=()):
    """Figures in a spaCy sentence; excluded = (start, end) doc spans to skip (dates)."""
    doc = sent.doc
    text = sent.text
    base = sent.start_char
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return not any(s < te and ts < e for ts, te in list(excluded) + taken)

    for m in ANNIVERSARY_RE.finditer(text):
        s, e = base + m.start(), base + m.end()
        if not free(s, e):
            continue
        word = m.group("ord").lower()
        value = ORDINALS.get(word) or int(re.match(r"\d+", word).group(0))
        found.append(Figure(s, e, "quantity", value, value, "exact", "years (anniversary)"))
        taken.append((s, e))

    for m in FIGURE_RE.finditer(text):
        s, e = base + m.start(), base + m.end()
        n1s = base + m.start("n1")
        if not free(n1s, e):
            # A range's second number may be a date or year: try the first alone.
            continue
        fig = _figure(doc, text, m, base, quotes)
        if fig is not None and free(fig.start, fig.end):
            found.append(fig)
            taken.append((fig.start, fig.end))

    for m in VAGUE_RE.finditer(text):
        s, e = base + m.start(), base + m.end()
        if not free(s, e):
            continue
        fig = _vague(doc, m, base)
        if fig is not None and free(fig.start, fig.end):
            found.append(fig)
            taken.append((fig.start, fig.end))
    found.sort(key=lambda f: f.start)
    return found


def _tokens(doc, start, end):
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _figure(doc, sent_text, m, base, quotes):
    n1_text, n2_text = m.group("n1"), m.group("n2")
    sep = (m.group("sep") or "").lower()
    rng = (m.group("rng") or "").lower()
    if n2_text and sep == "and" and rng != "between":
        # "5 and 10" outside "between ... and" is two figures; keep the first.
        n2_text = None
    v1 = parse_number(n1_text)
    v2 = parse_number(n2_text) if n2_text else None
    if v1 is None:
        return None
    if m.group("half"):
        v1 += 0.5
    num_start = base + m.start("n1")
    num_end = base + (m.end("n2") if n2_text else m.end("n1"))
    # only the words just before the figure matter (and this keeps long sentences linear)
    text_before = sent_text[max(0, m.start() - 200) : m.start()]
    is_digits = n1_text[0].isdigit()
    # Years, not counts: a bare four-digit number 1800-2100 without a comma.
    if (
        is_digits
        and re.fullmatch(r"(1[89]|20)\d\d", n1_text)
        and not m.group("pct")
        and not m.group("cur")
        and not n2_text
    ):
        nxt = _tokens(doc, num_end, num_end + 1)
        following = doc[nxt[0].i + 1] if nxt and nxt[0].i + 1 < len(doc) else None
        if not (following is not None and following.tag_ == "NNS"):
            return None
    # Inside parentheses: a conversion or an aside ("(93 miles)").
    if re.search(r"\([^()]*$", text_before) and not m.group("pct"):
        return None
    # Times of day.
    after = sent_text[m.end() : m.end() + 8].lower()
    if re.match(r"\s*(?:a\.?m\b|p\.?m\b|gmt|utc|o'clock|hrs\b)", after):
        return None
    num_toks = _tokens(doc, num_start, num_end)
    if not num_toks:
        return None
    last = num_toks[-1]
    # "the two leaders": a definite number word refers back, it is no new figure.
    if (
        not is_digits
        and not m.group("compound")
        and not m.group("pct")
        and re.search(r"\b(?:the|these|those|both)\s*$", text_before, re.I)
    ):
        return None
    if n1_text.lower() == "one" and not n2_text:
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if (
            nxt is None
            or nxt.lower_ in {"of", "another", "-"}
            or last.dep_ != "nummod"
            or last.head.pos_ not in NOUNLIKE
        ):
            return None
    qualifier = "exact"
    for name, _ in QUALIFIERS:
        if m.group(f"q_{name}"):
            qualifier = name
    low = high = v1
    if n2_text and v2 is not None:
        if v2 < v1:  # written high to low: keep low <= high
            v1, v2 = v2, v1
        low, high, qualifier = v1, v2, "range"
    elif qualifier == "more_than":
        low, high = v1, None
    elif qualifier == "less_than":
        low, high = None, v1
    elif qualifier == "at_least":
        low, high = v1, None
    elif qualifier == "up_to":
        low, high = None, v1
    span_start = base + m.start()
    if rng and not n2_text:
        # "from 200" without a second number is no range: the span starts at the number
        span_start = base + (m.start("cur") if m.group("cur") else m.start("n1"))
    span_end = base + m.end() if n2_text or not m.group("n2") else base + m.end("n1")

    if m.group("pct"):
        noun, noun_end = _of_noun(doc, last)
        unit = "per cent" + (" of " + noun.text if noun is not None else "")
        return Figure(
            span_start,
            max(span_end, noun_end or 0),
            "quantity",
            as_number(low),
            as_number(high),
            qualifier,
            unit,
        )
    if m.group("cur"):
        unit = m.group("cur").strip()
        return Figure(
            span_start, span_end, "quantity", as_number(low), as_number(high), qualifier, unit
        )
    if m.group("compound"):
        unit = m.group("compound").strip("-").rstrip("s") + "s"
        return Figure(
            span_start, span_end, "quantity", as_number(low), as_number(high), qualifier, unit
        )

    noun = _counted_noun(last)
    force = FORCE_OF_RE.search(text_before)
    if force:
        span_start = base + force.start()
    kind, unit_tok = _classify(noun, last, force is not None)
    if kind is None:
        return None
    if noun is not None and noun.lemma_.lower() in TIME_NOUNS:
        # Durations ("for two days") are figures only in compounds ("a five-day truce").
        return None
    end = span_end
    unit = ""
    if unit_tok is not None:
        end = max(end, unit_tok.idx + len(unit_tok))
        unit = doc.text[num_end:end].strip(" “”\"'") or unit_tok.text
        unit = re.sub(r"^of\s+(?:the\s+)?", "", unit)
    elif force:
        unit = "force"
    return Figure(span_start, end, kind, as_number(low), as_number(high), qualifier, unit[:200])


def _vague(doc, m, base):
    word = m.group("v").lower()
    tokens = _tokens(doc, base + m.start("v"), base + m.end("v"))
    if not tokens:
        return None
    last = tokens[-1]
    noun = _counted_noun(last)
    kind, unit_tok = _classify(noun, last, False, vague=True)
    if kind is None:
        return None
    if word in VAGUE_PEOPLE_ONLY and (noun is None or not _is_people(noun)):
        return None
    if noun is not None and noun.lemma_.lower() in TIME_NOUNS:
        return None
    start, end = base + m.start(), base + m.end()
    unit = ""
    if unit_tok is not None:
        end = max(end, unit_tok.idx + len(unit_tok))
        unit = doc.text[base + m.end("v") : end].strip(" “”\"'")
        unit = re.sub(r"^of\s+(?:the\s+)?", "", unit)
    return Figure(start, end, kind, None, None, "vague", unit[:200])


def _is_people(noun) -> bool:
    lemma = noun.lemma_.lower()
    return (
        lemma in TROOP_NOUNS
        or lemma in CASUALTY_NOUNS
        or noun.ent_type_ in {"NORP", "PERSON"}
        or lemma
        in {
            "people",
            "person",
            "civilian",
            "resident",
            "villager",
            "refugee",
            "child",
            "woman",
            "man",
            "family",
            "student",
            "worker",
            "migrant",
        }
    )


def _of_noun(doc, tok):
    """The noun after "of" hanging on tok ("80 per cent of soldiers" -> soldiers)."""
    for t in [tok, *tok.ancestors][:3]:
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, pobj.idx + len(pobj)
    return None, None


def _counted_noun(tok):
    """The noun a number token counts, or None for a bare number."""
    t = tok
    # climb a number chain: "1.5" -> "million", "3,000" -> "6,000"
    for _ in range(3):
        if t.dep_ in {"quantmod", "compound", "nummod"} and t.head.pos_ == "NUM" and t.head != t:
            t = t.head
        else:
            break
    if t.dep_ in {"nummod", "compound", "amod"} and t.head.pos_ in NOUNLIKE and t.head.i > t.i:
        noun = t.head
    else:
        noun = None
    if (
        noun is None
        or noun.lemma_.lower() in TALLY_NOUNS
        or noun.pos_ == "NUM"
        or noun.lower_ in {"thousands", "millions", "hundreds"}
    ):
        # partitive: "22 of the attackers", "hundreds of villagers", "tens of thousands of X"
        holder = noun if noun is not None else t
        for _ in range(3):
            pobj = _of_child(holder)
            if pobj is None:
                break
            noun = pobj
            if pobj.pos_ == "NUM" or pobj.lower_ in {"thousands", "millions", "hundreds"}:
                holder = pobj
                continue
            break
    if noun is None:
        # "4 African Union soldiers" parsed oddly: the next noun within three tokens
        doc = tok.doc
        for j in range(tok.i + 1, min(tok.i + 4, len(doc))):
            nxt = doc[j]
            if nxt.pos_ in NOUNLIKE and nxt.dep_ not in {"npadvmod"}:
                if nxt.head.i >= nxt.i and nxt.head.pos_ in NOUNLIKE:
                    continue
                noun = nxt
                break
            skippable = nxt.pos_ in {"ADJ", "ADV"} or nxt.lower_ in {"more", "other", "“", "”", '"'}
            if not skippable or (nxt.is_punct and nxt.text not in {"“", "”", '"', "-"}):
                break
    if noun is not None and noun.pos_ == "NUM":
        return None
    return noun


def _of_child(tok):
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _governing_verb(tok):
    """The verb a figure is subject or object of, climbing partitives and "in the hundreds"."""
    x = tok
    for _ in range(6):
        dep = x.dep_
        if dep in {"nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd", "agent"}:
            return x.head, dep
        if dep == "pobj":
            prep = x.head
            if prep.lower_ == "of" and prep.head.pos_ in NOUNLIKE | {"NUM", "PRON"}:
                x = prep.head
                continue
            if prep.lower_ in {"to", "at", "in", "by", "of"}:
                if prep.head.pos_ in {"VERB", "AUX"}:
                    return prep.head, "pobj"
                x = prep.head
                if x.pos_ == "ADV":
                    x = x.head
                    if x.pos_ in {"VERB", "AUX"}:
                        return x, "pobj"
                continue
            return None, None
        if dep in {"conj", "appos", "nummod", "quantmod", "compound", "amod", "npadvmod"}:
            if x.head == x:
                return None, None
            x = x.head
            continue
        if dep == "prep":
            x = x.head
            continue
        return None, None
    return None, None


def _casualty_context(noun, num_tok) -> bool:
    target = noun if noun is not None else num_tok
    if noun is not None:
        for child in noun.children:
            if child.dep_ in {"acl", "relcl", "amod"} and (
                child.lemma_.lower() in CASUALTY_VERBS
                or child.lower_ in {"dead", "killed", "wounded", "injured", "missing"}
            ):
                return True
    verb, dep = _governing_verb(target)
    if verb is None:
        return False
    lemma = verb.lemma_.lower()
    if lemma in CASUALTY_VERBS:
        return True
    if lemma in {"lose", "claim"} and any(
        c.lemma_.lower() == "life" for c in verb.children if c.dep_ in {"dobj", "obj"}
    ):
        return True
    if (
        lemma == "lose"
        and dep in {"dobj", "obj"}
        and noun is not None
        and _is_people(noun)
        and noun.lemma_.lower() not in {"aircraft", "plane", "tank", "vehicle", "jet"}
    ):
        return True
    if lemma in {"be", "become", "remain", "are"}:
        for child in verb.children:
            if child.dep_ in {"acomp", "attr"} and child.lower_ in {
                "dead",
                "killed",
                "wounded",
                "injured",
                "missing",
            }:
                return True
    return False


def _subject_kind(verb):
    """For a bare number completing a verb: the kind its subject talks about
    ("the number of deaths reached 97", "put the toll at 120")."""
    if verb is None or verb.lemma_.lower() not in ATTAIN_VERBS | {
        "put",
        "place",
        "estimate",
        "raise",
        "revise",
        "set",
        "bring",
        "lift",
    }:
        return None
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            lemmas = {t.lemma_.lower() for t in child.subtree}
            if lemmas & CASUALTY_NOUNS or lemmas & CASUALTY_VERBS:
                return "casualties"
            if child.lemma_.lower() in TALLY_NOUNS and lemmas & TROOP_NOUNS:
                return "troops"
            if child.lemma_.lower() in TALLY_NOUNS:
                return "quantity"
    return None


def _classify(noun, num_tok, force: bool, vague: bool = False):
    """(kind, unit token) for a figure, or (None, None) when it counts nothing checkable."""
    if noun is not None and noun.lemma_.lower() in CASUALTY_NOUNS | {"dead"}:
        return "casualties", noun
    if _casualty_context(noun, num_tok):
        return "casualties", noun
    if force:
        return "troops", noun
    if noun is None:
        verb, _dep = _governing_verb(num_tok)
        kind = _subject_kind(verb)
        if kind:
            return kind, None
        return None, None
    lemma = noun.lemma_.lower()
    if lemma in TROOP_NOUNS or noun.lower_ in TROOP_NOUNS:
        verb, _dep = _governing_verb(noun)
        return "troops", noun
    return "quantity", noun
