"""Dates of reported events: absolute ("February 27", "Oct. 17", "in 2011") and relative
("on Tuesday", "yesterday", "a day after", "last month", "late September"), resolved
against the publication date when it is known and left unresolved (date None) when not.

Relative references to another event ("a day after", "the previous night", "earlier in
the day") count from the *anchor*: the last day-precise date the article mentioned,
which starts as the publication date.
"""

import datetime
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_PREP = r"(?:(?:[Oo]n|[Ss]ince|[Ff]rom|[Uu]ntil|[Bb]y|[Bb]efore|[Aa]fter|[Ii]n|[Dd]uring)\s+)"
_PART = (
    r"(?:(?:[Ee]arly|[Ll]ate|[Mm]id|[Tt]he\s+end\s+of|[Tt]he\s+beginning\s+of"
    r"|[Tt]he\s+start\s+of)[\s-]+)"
)
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"

PATTERNS = [
    # Month day[, year]: "February 27", "Oct. 17, 2016"
    (
        "month_day",
        re.compile(
            rf"(?:(?:[Bb]efore\s+dawn|[Ee]arly|[Ll]ate)\s+)?{_PREP}?(?P<month>{_MONTH})\s+(?P<day>{_DAYNUM})\b"
            rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
        ),
    ),
    # day Month [year]: "27 February 2016"
    (
        "day_month",
        re.compile(
            rf"{_PREP}?(?:the\s+)?(?P<day>{_DAYNUM})\s+(?:of\s+)?(?P<month>{_MONTH})"
            rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
        ),
    ),
    # [in] [late] Month [year | last year]
    (
        "month",
        re.compile(
            rf"(?:{_PREP}|(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+)?(?P<part>{_PART})?(?P<month>{_MONTH})"
            rf"(?:,?\s+(?P<year>{_YEAR})\b|\s+(?P<yrel>last|this|next)\s+year\b)?"
        ),
    ),
    # Weekdays: "on Tuesday", "Tuesday's departure", "last Friday"
    (
        "weekday",
        re.compile(
            r"(?:(?:[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate))\s+)?"
            r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?P<poss>['’]s\s+[a-z]+)?(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
    ),
    # A year after a preposition: "in 2011", "since 2014"
    (
        "year",
        re.compile(
            rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate)"
            rf"\s+(?:(?:early|late|mid)[\s-]+)?(?P<year>{_YEAR})\b(?![,.]?\d|s\b)"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:(?P<today>(?:[Ee]arlier\s+|[Ll]ater\s+)?today|[Tt]his\s+(?:morning|afternoon|evening)"
            r"|[Tt]onight|(?<!\ban\s)(?<!\bthe\s)[Oo]vernight)"
            r"|(?P<yesterday>[Yy]esterday(?:\s+(?:morning|afternoon|evening))?|[Ll]ast\s+night)"
            r"|(?P<sameday>(?:[Ee]arlier|[Ll]ater)\s+(?:in\s+)?(?:the|that)\s+day|[Tt]he\s+same\s+day)"
            r"|(?P<prev>[Tt]he\s+(?:previous|preceding)\s+(?:day|night|evening)|[Tt]he\s+(?:day|night)\s+before"
            r"|(?P<pc>" + _COUNT + r")\s+days?\s+(?:earlier|before)(?=\s*[,.;]|\s+(?:and|but)\b))"
            r"|(?P<after>(?P<ac>" + _COUNT + r")\s+days?\s+after)"
            r"|(?P<next>[Tt]he\s+(?:next|following)\s+day|(?P<nc>" + _COUNT + r")\s+days?\s+later)"
            r"|(?P<ago>(?P<agc>" + _COUNT + r")\s+(?P<agu>day|week|month|year)s?\s+ago)"
            r"|(?P<lastunit>[Ll]ast\s+(?P<lu>week|month|year))"
            r"|(?P<thisunit>[Ee]arlier\s+this\s+(?P<tu>month|year)))\b"
        ),
    ),
]


@dataclass
class DateMention:
    start: int  # doc-relative
    end: int
    date: str | None
    granularity: str
    day: datetime.date | None = None  # a day-precise value (moves the anchor)


# "PAHALGAM, April 22:", "KYIV, Feb 3 (Reuters) -": where and when a report was filed.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{2,}(?:\s*\([^)]*\))?,\s*(?P<date>[A-Z][\w.]*\s+\d{1,2}(?:,\s*\d{4})?)"
    r"\s*(?:\([^)]*\)\s*)?[:—–-]"
)


def _dateline(text, start, end) -> bool:
    """A date in a dateline is when the report was filed, no claim (ANNOTATION v2)."""
    m = _DATELINE.match(text)
    return bool(m) and m.start("date") <= start and end <= m.end("date")


def _fuzzy_weekdays(text):
    """Misspelt weekdays after "on" ("on Wenesday"): one edit from the name."""
    for m in re.finditer(r"\b[Oo]n\s+([A-Z][a-z]{4,9})\b", text):
        word = m.group(1).lower()
        if word in WEEKDAYS:
            continue
        for name in WEEKDAYS:
            if _one_edit(word, name):
                yield m.start(), m.end(), WEEKDAYS[name]
                break


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        # one transposition: "Thrusday"
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def _count(word: str | None) -> int:
    if not word:
        return 1
    word = word.lower()
    return int(word) if word.isdigit() else COUNT_WORDS.get(word, 1)


def _month_num(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _shift_month(day: datetime.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


DATE_WORDS = (
    set(MONTHS)
    | set(WEEKDAYS)
    | {
        "today",
        "tonight",
        "yesterday",
        "overnight",
        "night",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "ago",
        "earlier",
        "later",
        "previous",
        "preceding",
        "following",
        "next",
        "morning",
        "afternoon",
        "evening",
    }
)


def may_hold_date(tokens) -> bool:
    """A cheap look at a sentence's tokens before the date patterns run: a number, a
    month, a weekday, a relative word, or a capitalised word after "on" (a misspelt
    weekday). Most sentences of a report have none."""
    prev = ""
    for tok in tokens:
        low = tok.lower_.rstrip(".")
        if tok.like_num or low in DATE_WORDS or (prev == "on" and tok.is_title):
            return True
        if not tok.is_alpha and any(c.isdigit() for c in tok.text):
            return True
        prev = low
    return False


def find_dates(text: str, published, anchor, future: bool = False):
    """Date mentions in a sentence text (offsets relative to text), in order.

    anchor: the last day-precise date mentioned (or the publication date), or None.
    future: whether the clause holding a mention speaks of what will happen (weekdays
    then look forward, and a planned day does not move the anchor): a bool for the
    whole text, or a callable (start, end) -> bool that asks the clause's own verb.
    """
    raw = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if _dateline(text, m.start(), m.end()):
                continue
            raw.append((m.start(), m.end(), name, m))
    for s, e, wd in _fuzzy_weekdays(text):
        raw.append((s, e, "fuzzy", wd))
    # Longest first, then keep the ones that do not overlap.
    raw.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
    chosen = []
    for item in raw:
        if not any(item[0] < c[1] and c[0] < item[1] for c in chosen):
            chosen.append(item)
    chosen.sort(key=lambda r: r[0])
    mentions = []
    for s, e, name, m in chosen:
        ahead = future(s, e) if callable(future) else future
        mention = _resolve(name, m, published, anchor, ahead, text, s)
        if mention is None:
            continue
        if ahead and mention.day is not None:
            mention.day = (
                None  # a planned day: later "a day after" still counts from the last event
            )
        mention.start, mention.end = s, e
        # trailing spaces / possessive cleanup
        while mention.end > mention.start and text[mention.end - 1] in " ,":
            mention.end -= 1
        if mention.day is not None:
            anchor = mention.day
        mentions.append(mention)
    return _merge(mentions, text)


def _merge(mentions, text):
    """ "yesterday, April 16": one date said twice is one claim."""
    merged = []
    for m in mentions:
        if merged and re.fullmatch(r"[\s,]*", text[merged[-1].end : m.start]):
            prev = merged[-1]
            if prev.date == m.date or prev.date is None or m.date is None:
                best = (
                    prev if prev.date and (m.date is None or len(prev.date) >= len(m.date)) else m
                )
                merged[-1] = DateMention(prev.start, m.end, best.date, best.granularity, best.day)
                continue
        merged.append(m)
    return merged


def _resolve(name, m, published, anchor, future, text, start):
    if name == "month_day" or name == "day_month":
        month, day = _month_num(m.group("month")), int(re.match(r"\d+", m.group("day")).group())
        year = int(m.group("year")) if m.group("year") else None
        if year is None and published is not None:
            year = published.year
            try:
                candidate = datetime.date(year, month, day)
            except ValueError:
                return None
            if candidate > published + datetime.timedelta(days=62):
                year -= 1
        if year is None:
            return DateMention(0, 0, None, "day")
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            return None
        return DateMention(0, 0, value.isoformat(), "day", value)
    if name == "month":
        word = m.group("month")
        # "May" and "March" are also verbs: only with a preposition, part, or year.
        if word.lower() in {"may", "march"} and not (
            m.group("year")
            or m.group("part")
            or m.group("yrel")
            or m.group("rel")
            or re.match(r"[A-Za-z]", m.group(0))
            and m.group(0) != word
        ):
            return None
        month = _month_num(word)
        gran = "part_of_month" if m.group("part") else "month"
        year = int(m.group("year")) if m.group("year") else None
        rel = (m.group("rel") or "").lower()
        yrel = (m.group("yrel") or "").lower()
        if year is None and published is not None:
            if yrel == "last":
                year = published.year - 1
            elif yrel == "next":
                year = published.year + 1
            elif yrel == "this":
                year = published.year
            elif rel == "next":
                year = published.year + (1 if month <= published.month else 0)
            elif rel == "last":
                year = published.year - (1 if month >= published.month else 0)
            else:
                year = (
                    published.year
                    if month <= published.month + (2 if future else 0)
                    else published.year - 1
                )
        if year is None:
            return DateMention(0, 0, None, gran)
        return DateMention(0, 0, f"{year:04d}-{month:02d}", gran)
    if name in {"weekday", "fuzzy"}:
        if name == "fuzzy":
            wd, rel = m, ""
        else:
            wd, rel = WEEKDAYS[m.group("weekday").lower()], (m.group("rel") or "").lower()
        if published is None:
            return DateMention(0, 0, None, "day")
        back = (published.weekday() - wd) % 7
        if rel == "last":
            back = back or 7
            value = published - datetime.timedelta(days=back)
        elif rel == "next" or (future and back):
            value = published + datetime.timedelta(days=(wd - published.weekday()) % 7 or 7)
        else:
            value = published - datetime.timedelta(days=back)
        return DateMention(0, 0, value.isoformat(), "day", value)
    if name == "year":
        return DateMention(0, 0, m.group("year"), "year")
    if name == "relative":
        g = m.groupdict()
        if g["today"]:
            return _day(published)
        if g["yesterday"]:
            return _day(published and published - datetime.timedelta(days=1))
        if g["sameday"]:
            return _relative_day(anchor)
        if g["prev"]:
            n = _count(g["pc"])
            return _relative_day(anchor and anchor - datetime.timedelta(days=n))
        if g["after"]:
            # "X came a day after Y happened": Y is a day before the anchor.
            n = _count(g["ac"])
            return _relative_day(anchor and anchor - datetime.timedelta(days=n))
        if g["next"]:
            n = _count(g["nc"])
            return _relative_day(anchor and anchor + datetime.timedelta(days=n))
        if g["ago"]:
            n, unit = _count(g["agc"]), g["agu"].lower()
            if published is None:
                return DateMention(
                    0,
                    0,
                    None,
                    {"day": "day", "week": "part_of_month", "month": "month", "year": "year"}[unit],
                )
            if unit == "day":
                return _day(published - datetime.timedelta(days=n))
            if unit == "week":
                d = published - datetime.timedelta(weeks=n)
                return DateMention(0, 0, f"{d.year:04d}-{d.month:02d}", "part_of_month")
            if unit == "month":
                y, mo = _shift_month(published, -n)
                return DateMention(0, 0, f"{y:04d}-{mo:02d}", "month")
            return DateMention(0, 0, f"{published.year - n:04d}", "year")
        if g["lastunit"]:
            unit = g["lu"].lower()
            if unit == "week":
                if published is None:
                    return DateMention(0, 0, None, "part_of_month")
                d = published - datetime.timedelta(days=7)
                return DateMention(0, 0, f"{d.year:04d}-{d.month:02d}", "part_of_month")
            if unit == "month":
                if published is None:
                    return DateMention(0, 0, None, "month")
                y, mo = _shift_month(published, -1)
                return DateMention(0, 0, f"{y:04d}-{mo:02d}", "month")
            if published is None:
                return DateMention(0, 0, None, "year")
            return DateMention(0, 0, f"{published.year - 1:04d}", "year")
        if g["thisunit"]:
            if published is None:
                return DateMention(0, 0, None, "part_of_month" if g["tu"] == "month" else "year")
            if g["tu"].lower() == "month":
                return DateMention(
                    0, 0, f"{published.year:04d}-{published.month:02d}", "part_of_month"
                )
            return DateMention(0, 0, f"{published.year:04d}", "year")
    return None


def _day(value):
    if value is None:
        return DateMention(0, 0, None, "day")
    return DateMention(0, 0, value.isoformat(), "day", value)


def _relative_day(value):
    """A day counted from another event's: it does not move the anchor."""
    mention = _day(value)
    mention.day = None
    return mention
