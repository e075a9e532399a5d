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
    FORCE_VERBS,
    MOBILISE_VERBS,
    OTHER_ROLE_VERBS,
    OTHER_ROLE_WORDS,
    SPEECH_VERBS,
    TALLY_NOUNS,
    TIME_NOUNS,
    TROOP_NOUNS,
)
from .numbers import NUMBER, as_number, parse_number
from .spelling import lex

QUALIFIERS = [
    ("more_than", r"more\s+than|over|above|upwards\s+of|in\s+excess\s+of|well\s+over"),
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
_CURRENCY = r"(?:US\$|\$|£|€|₱|¥|₹|₽|₴|₦|Rs\.?\s?|USD\s?|EUR\s?|GBP\s?|PHP\s?|INR\s?)"
_OPEN_Q = "[\"“‘']?"
_CLOSE_Q = "[\"”’']?"

FIGURE_RE = re.compile(
    rf"(?<![\w.,$£€₱¥₹₽₴₦/-])(?:(?:{_QUAL_RE})\s+)?(?:(?P<rng>between|from)\s+)?"
    rf"(?P<cur>{_CURRENCY})?(?P<n1>{NUMBER})"
    rf"(?:\s*(?P<sep>-|–|—|\bto\b|\band\b|\bor\b)\s*{_CURRENCY}?(?P<n2>{NUMBER}))?"
    rf"(?P<half>-and-a-half)?"
    rf"(?P<pct>\s*%|\s+per\s*cent\b|\s+percent\b)?"
    rf"(?P<compound>-(?:day|week|month|year|hour|mile|kilometre|kilometer|km)s?\b(?!-old))?"
    rf"(?![\w]|[.,]\d|:\d|/\d)",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    rf"(?<![\w-])(?:(?P<inthe>somewhere\s+in\s+the\s+|in\s+the\s+)?{_OPEN_Q}"
    rf"(?P<v>tens\s+of\s+thousands|hundreds\s+of\s+thousands|tens\s+of\s+millions"
    rf"|dozens|scores|hundreds|thousands|millions|several|a\s+few|a\s+handful|decades)"
    rf"{_CLOSE_Q})(?![\w])",
    re.IGNORECASE,
)
# "a decade", "a century": a duration whose number is in the noun.
A_SPAN_RE = re.compile(
    rf"(?<![\w-])(?:(?:{_QUAL_RE})\s+)?an?\s+(?P<unit>decade|century)\b", re.IGNORECASE
)
# Fractions are percentages ("around a third of", "two-thirds of", "half of").
FRACTION_RE = re.compile(
    rf"(?<![\w-])(?:(?:{_QUAL_RE})\s+)?(?:(?P<num>an?|one|two|three|four)[\s-]+"
    r"(?P<den>third|quarter|fifth|tenth)s?|(?P<half>half))\s+of\b",
    re.IGNORECASE,
)
# A measurement named before its value: "magnitude 7.7", "a magnitude-7.8 earthquake".
MEASURE_RE = re.compile(
    r"(?<![\w-])(?P<unit>magnitude)[\s-]+(?:of\s+)?(?P<n>\d+(?:\.\d+)?)(?![\w.]|,\d)",
    re.IGNORECASE,
)
FORCE_OF_RE = re.compile(
    r"\b(?:an?\s+)?(?:force|army|contingent|deployment|garrison)\s+of\s+$", re.IGNORECASE
)
# What follows a duration that makes it a point in time or an age, not a figure.
NOT_DURATION = re.compile(r"\s*(?:ago|earlier|later|before|after|old|-old)\b", re.IGNORECASE)
NOUNLIKE = {"NOUN", "PROPN"}
NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "attr", "appos", "conj", "dative"}
# A figure whose kind comes from the figure before it ("13 injured, five critically").
INHERIT = "inherit"
FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
RELATIVE_PRONOUNS = {"whom", "which", "who", "them", "those", "these", "they", "others"}


@dataclass
class Figure:
    start: int  # doc-relative offsets of the span
    end: int
    kind: str
    low: float | int | None
    high: float | int | None
    qualifier: str
    unit: str
    nested: bool = False  # the inner count of a partitive ("the 26 victims" in "22 of the 26")
    people: bool = False  # counts people with no verb of its own (it can continue a count)


def _verb_between(doc, start, end) -> bool:
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is None or any(t.pos_ in {"VERB", "AUX"} for t in span)


def find_figures(sent, excluded, quotes=()):
    """Figures in a spaCy sentence; excluded = (start, end) doc spans to skip (dates)."""
    if not _may_hold_figure(sent):
        return []
    doc = sent.doc
    text = sent.text
    base = sent.start_char
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return not any(s < te and ts < e for ts, te in list(excluded) + taken)

    def add(fig, number_end=None):
        found.append(fig)
        # Only the number itself is taken: a partitive's inner count is a figure too.
        taken.append((fig.start, number_end if number_end is not None else fig.end))

    for m in MEASURE_RE.finditer(text):
        s, e = base + m.start(), base + m.end()
        if free(s, e):
            value = as_number(float(m.group("n")))
            add(Figure(s, e, "quantity", value, value, "exact", m.group("unit").lower()))

    for m in FRACTION_RE.finditer(text):
        s, e = base + m.start(), base + m.end()
        if free(s, e):
            add(_fraction(doc, m, base))

    for m in A_SPAN_RE.finditer(text):
        s, e = base + m.start(), base + m.end()
        if free(s, e) and not NOT_DURATION.match(text, m.end()):
            value = 10 if m.group("unit").lower() == "decade" else 100
            low, high, qualifier = _bounds(m, value)
            add(Figure(s, e, "quantity", low, high, qualifier, "years"))

    pending = []  # (match, kind-or-INHERIT figure) in text order
    for m in FIGURE_RE.finditer(text):
        n1s, e = base + m.start("n1"), base + m.end()
        if not free(n1s, e):
            continue
        fig = _figure(doc, text, m, base, quotes)
        if fig is not None and free(fig.start, base + m.end("n1")):
            pending.append((fig.start, fig, base + m.end()))

    for m in VAGUE_RE.finditer(text):
        s, e = base + m.start(), base + m.end()
        if not free(s, e):
            continue
        fig = _vague(doc, m, base)
        if fig is not None:
            pending.append((fig.start, fig, e))

    pending.sort(key=lambda p: p[0])
    previous = None
    for _s, fig, number_end in pending:
        if any(fig.start < te and ts < number_end for ts, te in taken):
            continue
        if fig.kind == INHERIT:
            # An elided or pronoun count takes the kind of the figure it continues.
            if previous is not None:
                fig.kind = previous.kind
            elif fig.unit == "?subject":
                fig.kind = "quantity"
            else:
                continue
            fig.unit = previous.unit if previous is not None else ""
        elif (
            fig.kind == "quantity"
            and previous is not None
            and previous.kind == "casualties"
            and fig.people
            and not _verb_between(doc, previous.end, fig.start)
        ):
            # "The dead included two foreigners and two locals": a conjunct of a
            # casualty count with no verb of its own is a casualty count too.
            fig.kind = "casualties"
        add(fig, number_end)
        if not fig.nested:
            previous = fig
    found.sort(key=lambda f: f.start)
    return found


FIGURE_WORDS = {
    "dozen",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "millions",
    "several",
    "few",
    "handful",
    "half",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "fifth",
    "fifths",
    "tenth",
    "tenths",
    "decade",
    "decades",
    "century",
    "magnitude",
}


def _may_hold_figure(sent) -> bool:
    """A cheap look at the tokens before the figure patterns run: a number in digits or
    words, a vague size, a fraction, a span of years."""
    for tok in sent:
        if tok.like_num or tok.lower_ in FIGURE_WORDS:
            return True
        if not tok.is_alpha and any(c.isdigit() for c in tok.text):
            return True
    return False


def _bounds(m, v1, v2=None):
    """(low, high, qualifier) from the bound words of a match."""
    qualifier = "exact"
    for name, _ in QUALIFIERS:
        if m.group(f"q_{name}"):
            qualifier = name
    low = high = v1
    if v2 is not None:
        if v2 < v1:  # written high to low: keep low <= high
            v1, v2 = v2, v1
        return v1, v2, "range"
    if qualifier in {"more_than", "at_least"}:
        high = None
    elif qualifier in {"less_than", "up_to"}:
        low = None
    return low, high, qualifier


def _fraction(doc, m, base):
    if m.group("half"):
        value = 50.0
    else:
        num = m.group("num").lower()
        value = (
            (1 if num in {"a", "an", "one"} else parse_number(num))
            * 100
            / FRACTIONS[m.group("den").lower()]
        )
    value = as_number(round(value, 1))
    low, high, qualifier = _bounds(m, value)
    start, end = base + m.start(), base + m.end()
    toks = _tokens(doc, start, end)
    unit = "per cent"
    if toks:
        of = toks[-1]
        for pobj in of.children:
            if pobj.dep_ == "pobj":
                end = max(end, pobj.idx + len(pobj))
                unit += " of " + pobj.text
    return Figure(start, end, "quantity", low, high, qualifier, unit)


def _tokens(doc, start, end):
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _top(tokens):
    """The token of a span whose head lies outside it (the span's syntactic head)."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head == t:
            return t
    return tokens[-1]


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
    low, high, qualifier = _bounds(m, v1, v2 if n2_text else None)
    if (
        n1_text.lower() == "one"
        and not n2_text
        and qualifier == "exact"
        and not m.group("pct")
        and not m.group("cur")
    ):
        # "one survivor", "in one attack": a determiner, not a count.
        return None
    span_start = base + m.start()
    if rng and not n2_text:
        # "from 200" without a second number is no range: the span starts at the number
        span_start = base + (m.start("cur") if m.group("cur") else m.start("n1"))
    span_end = base + m.end() if n2_text or not m.group("n2") else base + m.end("n1")
    low, high = as_number(low), as_number(high)

    if m.group("pct"):
        noun, noun_end = _of_noun(doc, last)
        unit = "per cent" + (" of " + noun.text if noun is not None else "")
        return Figure(
            span_start, max(span_end, noun_end or 0), "quantity", low, high, qualifier, unit
        )
    if m.group("cur"):
        unit = m.group("cur").strip()
        return Figure(span_start, span_end, "quantity", low, high, qualifier, unit)
    if m.group("compound"):
        unit = m.group("compound").strip("-").rstrip("s") + "s"
        return Figure(span_start, span_end, "quantity", low, high, qualifier, unit)

    noun, partitive = _counted_noun(last)
    force = FORCE_OF_RE.search(text_before)
    if force:
        span_start = base + force.start()
    if re.search(r"\b(?:all|each)\s+$", text_before, re.I) and partitive:
        span_start = base + re.search(r"\b(?:all|each)\s+$", text_before, re.I).start()
    if noun is not None and lex(noun) in TIME_NOUNS:
        # Durations are figures ("for two weeks", "within 24 hours"); ages and points
        # in time ("two weeks ago", "a 12-year-old") are not.
        if NOT_DURATION.match(sent_text, noun.idx + len(noun) - base):
            return None
        if qualifier == "exact" and re.search(r"\bwithin\s+$", text_before, re.I):
            span_start = base + re.search(r"\bwithin\s+$", text_before, re.I).start()
            low, qualifier = None, "up_to"
        end = max(span_end, noun.idx + len(noun))
        return Figure(span_start, end, "quantity", low, high, qualifier, noun.text)
    kind, unit_tok = _classify(noun, last, force is not None, partitive)
    if kind is None:
        return None
    nested = _is_nested(last)
    if kind == INHERIT:
        top = _top(num_toks)
        subject = top.dep_ in {"nsubj", "nsubjpass"} or re.search(
            r"(?:million|billion)$", n1_text, re.I
        )
        return Figure(
            span_start,
            span_end,
            INHERIT,
            low,
            high,
            qualifier,
            "?subject" if subject else "",
            nested,
        )
    end = span_end
    unit = ""
    if unit_tok is not None:
        end = max(end, unit_tok.idx + len(unit_tok))
        unit = doc.text[num_end:end].strip(" “”\"'") or unit_tok.text
        unit = re.sub(r"^of\s+(?:the\s+)?", "", unit)
    elif force:
        unit = "force"
    people = noun is not None and _is_people(noun) and not _own_predicate(noun)
    return Figure(span_start, end, kind, low, high, qualifier, unit[:200], nested, people)


def _own_predicate(noun) -> bool:
    """Is the noun the subject of a verb of its own ("300 families fled"), not of a
    reporting verb?"""
    verb, dep = _governing_verb(noun)
    return verb is not None and dep in {"nsubj", "nsubjpass"} and lex(verb) not in SPEECH_VERBS


def _is_nested(tok) -> bool:
    """A count inside another count's partitive: "26" in "22 of the 26 victims"."""
    noun = tok.head if tok.dep_ == "nummod" else tok
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        holder = noun.head.head
        return holder.pos_ == "NUM" or holder.like_num
    return False


def _vague(doc, m, base):
    tokens = _tokens(doc, base + m.start("v"), base + m.end("v"))
    if not tokens:
        return None
    last = tokens[-1]
    noun, partitive = _counted_noun(last)
    start, end = base + m.start(), base + m.end()
    if noun is not None and lex(noun) in TIME_NOUNS:
        if NOT_DURATION.match(doc.text, noun.idx + len(noun)):
            return None
        return Figure(start, noun.idx + len(noun), "quantity", None, None, "vague", noun.text)
    kind, unit_tok = _classify(noun, last, False, partitive)
    if kind is None:
        return None
    if kind == INHERIT:
        # "Tens of thousands fled": a vague count of people standing alone.
        return Figure(start, end, INHERIT, None, None, "vague", "?subject")
    unit = ""
    if unit_tok is not None:
        end = max(end, unit_tok.idx + len(unit_tok))
        unit = doc.text[base + m.end("v") : end].strip(" “”\"'")
        unit = re.sub(r"^of\s+(?:the\s+)?", "", unit)
    return Figure(start, end, kind, None, None, "vague", unit[:200])


PEOPLE_NOUNS = {
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
    "tourist",
    "local",
    "foreigner",
    "national",
    "passenger",
    "pilgrim",
    "worshipper",
    "victim",
}


def _is_people(noun) -> bool:
    lemma = lex(noun)
    return (
        lemma in TROOP_NOUNS
        or lemma in CASUALTY_NOUNS
        or noun.ent_type_ in {"NORP", "PERSON"}
        or lemma in PEOPLE_NOUNS
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
    """(noun a number token counts or None for a bare number, whether it is a partitive).

    A pronoun partitive ("33,000 of them", "five of whom") gives None: the count
    continues a figure named before it."""
    t = tok
    # climb a number chain: "1.5" -> "million", "3,000" -> "6,000"
    for _ in range(3):
        if t.dep_ in {"quantmod", "compound", "nummod"} and t.head.pos_ == "NUM" and t.head != t:
            t = t.head
        else:
            break
    head = t.head
    partitive = False
    if (
        t.dep_ in {"nummod", "compound", "amod"}
        and head.i > t.i
        and (head.pos_ in NOUNLIKE or (head.pos_ == "ADJ" and head.dep_ in NOMINAL_DEPS))
    ):
        # "The 26 dead": an adjective standing as a noun is the counted noun too.
        noun = head
    else:
        noun = None
    if (
        noun is None
        or lex(noun) in TALLY_NOUNS
        or noun.pos_ == "NUM"
        or noun.lower_ in {"thousands", "millions", "hundreds"}
    ):
        # partitive: "22 of the attackers", "hundreds of villagers", "tens of thousands of X"
        holder = noun if noun is not None else t
        for _ in range(3):
            pobj = _of_child(holder)
            if pobj is None:
                break
            partitive = True
            noun = pobj
            if pobj.pos_ == "NUM" or pobj.lower_ in {"thousands", "millions", "hundreds"}:
                holder = pobj
                continue
            break
    if noun is not None and (noun.pos_ == "PRON" or noun.lower_ in RELATIVE_PRONOUNS):
        return None, partitive
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
        return None, partitive
    return noun, partitive


def _of_child(tok):
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


# Prepositions that attach a figure to the verb whose role decides its kind.
VERB_PREPS = {
    "to",
    "at",
    "in",
    "by",
    "of",
    "over",
    "under",
    "above",
    "below",
    "around",
    "about",
    "from",
    "with",
}
# Prepositions that make a figure part of the noun before it ("26 people, including two").
PART_PREPS = {"including", "among", "excluding", "besides"}


def _climb(tok):
    """The path from a figure's token up to the verb it is subject or object of:
    [(token, dep), ...], last the verb (or [] when there is none)."""
    path = []
    x = tok
    for _ in range(8):
        dep = x.dep_
        path.append((x, dep))
        if dep in {"nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd", "agent", "dative"}:
            return path + [(x.head, "verb")]
        if dep == "pobj":
            prep = x.head
            word = prep.lower_
            if word == "of" and prep.head.pos_ in NOUNLIKE | {"NUM", "PRON", "ADJ"}:
                x = prep.head
                continue
            if word in PART_PREPS:
                x = prep.head
                continue
            if word in VERB_PREPS:
                if prep.head.pos_ in {"VERB", "AUX"}:
                    return path + [(prep.head, "verb")]
                x = prep.head
                if x.pos_ == "ADV":
                    x = x.head
                    if x.pos_ in {"VERB", "AUX"}:
                        return path + [(x, "verb")]
                continue
            return []
        if dep in {"npadvmod", "advmod"} and x.head.pos_ in {"VERB", "AUX"}:
            return path + [(x.head, "verb")]
        if dep in {"conj", "appos", "nummod", "quantmod", "compound", "amod", "npadvmod"}:
            if x.head == x:
                return []
            x = x.head
            continue
        if dep == "prep":
            x = x.head
            continue
        return []
    return []


def _governing_verb(tok):
    """The verb a figure is subject or object of, climbing partitives and "in the hundreds"."""
    path = _climb(tok)
    if not path:
        return None, None
    return path[-1][0], path[-2][1]


CASUALTY_WORDS = {"dead", "killed", "wounded", "injured", "missing", "deceased", "died"}


def _casualty_noun(tok) -> bool:
    lemma = lex(tok)
    return lemma in CASUALTY_NOUNS or tok.lower_ in CASUALTY_WORDS


def _said_of_casualties(noun) -> bool:
    """A noun a casualty word describes: "people killed", "injured people", "those killed"."""
    for child in noun.children:
        if child.dep_ in {"acl", "relcl", "amod"} and (
            lex(child) in CASUALTY_VERBS or child.lower_ in CASUALTY_WORDS
        ):
            return True
    return False


def _subject(verb):
    """The subject of a verb, or of the verb an infinitive or participle hangs on."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if verb.dep_ in {"xcomp", "ccomp", "conj"} and verb.head != verb:
            verb = verb.head
            continue
        break
    return None


def _casualty_context(noun, num_tok, depth=0) -> bool:
    target = noun if noun is not None else num_tok
    if _said_of_casualties(target):  # "people killed", "the 15 wounded"
        return True
    path = _climb(target)
    for node, _dep in path[:-1]:
        if node is target:
            continue
        # "the killings of 115 civilians", "26 people killed, including two foreigners"
        if node.pos_ in NOUNLIKE | {"ADJ", "PRON"} and (
            _casualty_noun(node) or _said_of_casualties(node)
        ):
            return True
    if not path:
        return False
    verb, dep = path[-1][0], path[-2][1]
    lemma = lex(verb)
    if lemma in CASUALTY_VERBS:
        return True
    if lemma in {"lose", "claim"} and any(
        lex(c) == "life" for c in verb.children if c.dep_ in {"dobj", "obj"}
    ):
        return True
    if (
        lemma == "lose"
        and dep in {"dobj", "obj"}
        and noun is not None
        and _is_people(noun)
        and lex(noun) not in {"aircraft", "plane", "tank", "vehicle", "jet"}
    ):
        return True
    # "leaving 15 soldiers dead", "14 civilians are among those killed"
    for child in verb.children:
        if child.dep_ in {"acomp", "attr", "oprd", "xcomp"} and child.lower_ in CASUALTY_WORDS:
            return True
        if child.dep_ == "prep" and child.lower_ == "among":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (_casualty_noun(pobj) or _said_of_casualties(pobj)):
                    return True
    # "the dead included three police officers", "the casualties may exceed 50 people"
    if dep in {"dobj", "obj", "attr"} and lemma in {"include", "comprise"} | ATTAIN_VERBS | {
        "exceed"
    }:
        subject = _subject(verb)
        if subject is not None and subject is not target and depth < 2:
            if _casualty_noun(subject) or _said_of_casualties(subject):
                return True
            if lemma in {"include", "comprise"} and subject.pos_ in NOUNLIKE | {"NUM"}:
                return _casualty_context(subject, subject, depth + 1)
    return False


def _subject_kind(verb):
    """For a bare number completing a verb: the kind its subject talks about
    ("the number of deaths reached 97", "put the toll at 120", "is estimated to be 1,400")."""
    if verb is None:
        return None
    climbed = False
    for _ in range(3):
        if climbed or lex(verb) in ATTAIN_VERBS | {
            "put",
            "place",
            "estimate",
            "raise",
            "revise",
            "set",
            "bring",
            "lift",
        }:
            for child in verb.children:
                if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:
                    lemmas = {lex(t) for t in child.subtree}
                    if lemmas & CASUALTY_NOUNS or lemmas & CASUALTY_VERBS:
                        return "casualties"
                    if lex(child) in TALLY_NOUNS and lemmas & TROOP_NOUNS:
                        return "troops"
                    if lex(child) in TALLY_NOUNS:
                        return "quantity"
        # "the toll is estimated to be over 1,400": the subject of the verb above
        if verb.dep_ == "xcomp" and verb.head != verb and (climbed or lex(verb) in ATTAIN_VERBS):
            verb = verb.head
            climbed = True
            continue
        break
    return None


def _role_words(verb, target):
    """Lemmas of a verb and the words around it, without the figure's own phrase."""
    own = {t.i for t in target.subtree}
    words = {lex(verb)}
    for child in verb.children:
        if child.i in own:
            continue
        for t in child.subtree:
            if t.i - verb.i > 12 or verb.i - t.i > 12:
                continue
            words.add(lex(t))
    return words


def _troop_role(noun, num_tok) -> str:
    """troops when the soldiers or equipment are counted as a force, else quantity
    (arrested, greeting a plane, taking part in a rescue, fleeing with refugees)."""
    verb, _dep = _governing_verb(num_tok if noun is None or noun.dep_ == "pobj" else noun)
    if verb is None and noun is not None:
        verb, _dep = _governing_verb(noun)
    acts = [c for c in (noun.children if noun is not None else ()) if c.dep_ in {"acl", "relcl"}]
    for v in ([verb] if verb is not None else []) + acts:
        lemma = lex(v)
        if lemma in OTHER_ROLE_VERBS:
            return "quantity"
        if lemma in FORCE_VERBS:
            return "troops"
        if _role_words(v, num_tok if noun is None else noun) & OTHER_ROLE_WORDS:
            return "quantity"
    return "troops"


def _mobilised(noun, num_tok) -> bool:
    """People counted as they are called up or sent: "222,000 men called up"."""
    verbs = [c for c in noun.children if c.dep_ in {"acl", "relcl"}]
    verb, _dep = _governing_verb(noun)
    if verb is not None:
        verbs.append(verb)
    for v in verbs:
        lemma = lex(v)
        particle = {c.lower_ for c in v.children if c.dep_ == "prt"}
        if lemma in MOBILISE_VERBS or (lemma == "call" and "up" in particle):
            return True
    return False


def _classify(noun, num_tok, force: bool, partitive: bool = False):
    """(kind, unit token) for a figure; (INHERIT, None) for a count with its noun elided;
    (None, None) when it counts nothing checkable."""
    if noun is not None and _casualty_noun(noun):
        if partitive and not _casualty_role(num_tok):
            # "22 of the victims have been identified": the victims counted in another role
            return "quantity", noun
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
        return INHERIT, None
    lemma = lex(noun)
    if lemma in TROOP_NOUNS or noun.lower_ in TROOP_NOUNS:
        return _troop_role(noun, num_tok), noun
    if _is_people(noun) and _mobilised(noun, num_tok):
        return "troops", noun
    return "quantity", noun


def _casualty_role(num_tok) -> bool:
    """Is a partitive of casualties still about casualties ("seven of the dead were
    women") rather than another role ("22 of the victims have been identified")?"""
    verb, _dep = _governing_verb(num_tok)
    if verb is None:
        return True
    lemma = lex(verb)
    return lemma in {"be", "include", "remain", "number", "comprise"} | CASUALTY_VERBS
