"""Whether two reported values can both be true.

A figure is read as the interval of values its words allow:

    exact 12            [12, 12]
    about 2,000         [2,000 x (1 - ABOUT_TOLERANCE), 2,000 x (1 + ABOUT_TOLERANCE)]
    at least 20         [20, inf)          up to 30     [0, 30]
    more than 2,000     (2,000, inf)       less than 5  [0, 5)
    3,000 to 6,000      [3,000, 6,000]     vague        anything ("thousands", "dozens")

Two figures agree when their intervals meet. "About" widens ONE side of a comparison,
never both: "about 6 km" and "about 5 km" are read as "6 give or take 10%" against a
plain 5 (and the other way round), so two round estimates a sixth apart conflict, while
"around 2,000" and 2,000 agree.

Dates agree at the coarser of their two granularities: "September 2015" agrees with
"2015-09-28"; 14 and 15 March conflict. A value the article leaves unknown (an undated
article's "on Tuesday", a vague figure) agrees with anything.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

# THE tolerance for "about", "around", "some", "nearly", "approximately": a fraction of
# the stated value. Documented in docs/stories.md; change it here only.
ABOUT_TOLERANCE = 0.10

FIGURE_KINDS = frozenset({"troops", "casualties", "quantity"})
DATE_KINDS = frozenset({"date"})
INF = math.inf


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        return not (other.high == self.low and (other.high_open or self.low_open))


def _num(value):
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def interval(claim: dict, *, tolerant: bool) -> Interval | None:
    """The values a figure claim allows; None when it says nothing definite."""
    q = claim.get("qualifier") or "exact"
    low, high = _num(claim.get("low")), _num(claim.get("high"))
    if q == "vague" or (low is None and high is None):
        return None
    if q == "about":
        v = low if low is not None else high
        if high is not None and low is not None and high != low:
            v = (low + high) / 2
        t = ABOUT_TOLERANCE if tolerant else 0.0
        return Interval(v * (1 - t), v * (1 + t)) if v >= 0 else Interval(v * (1 + t), v * (1 - t))
    if q == "more_than":
        return Interval(low if low is not None else high, INF, low_open=True)
    if q == "at_least":
        return Interval(low if low is not None else high, INF)
    if q == "less_than":
        return Interval(0.0, high if high is not None else low, high_open=True)
    if q == "up_to":
        return Interval(0.0, high if high is not None else low)
    if low is None:
        low = high
    if high is None:
        high = low
    return Interval(min(low, high), max(low, high))


def figures_agree(a: dict, b: dict) -> bool:
    strict_a, strict_b = interval(a, tolerant=False), interval(b, tolerant=False)
    if strict_a is None or strict_b is None:
        return True
    wide_a, wide_b = interval(a, tolerant=True), interval(b, tolerant=True)
    return wide_a.meets(strict_b) or strict_a.meets(wide_b)


def dates_agree(a: dict, b: dict) -> bool:
    da, db = (a.get("date") or "").strip(), (b.get("date") or "").strip()
    if not da or not db:
        return True
    n = min(len(da), len(db))  # YYYY, YYYY-MM or YYYY-MM-DD: compare the shared prefix
    return da[:n] == db[:n]


def values_agree(a: dict, b: dict) -> bool:
    """Both values can be true at once (claims as dicts with the extractor's fields)."""
    if a.get("kind") in DATE_KINDS or b.get("kind") in DATE_KINDS:
        return dates_agree(a, b)
    return figures_agree(a, b)


def conflicting_pairs(claims: list[dict]) -> list[tuple[int, int]]:
    """Index pairs of claims (from different articles) whose values cannot both be true."""
    out = []
    for (i, a), (j, b) in itertools.combinations(enumerate(claims), 2):
        if a.get("article") is not None and a.get("article") == b.get("article"):
            continue
        if not values_agree(a, b):
            out.append((i, j))
    return out


def measure_agrees(claims: list[dict]) -> bool:
    """All the values of one measure can be true together (every pair agrees)."""
    return all(values_agree(a, b) for a, b in itertools.combinations(claims, 2))
