"""Agreement rules: a table of value pairs and whether both can be true."""

import pytest

from factcheck.stories import agreement


def fig(low, high=None, qualifier="exact"):
    if high is None and qualifier in ("exact", "about"):
        high = low
    return {"kind": "casualties", "low": low, "high": high, "qualifier": qualifier}


def day(value, granularity="day"):
    return {"kind": "date", "date": value, "granularity": granularity}


PAIRS = [
    # (a, b, agree, why)
    (fig(20, qualifier="at_least"), fig(25), True, "at least 20 / 25"),
    (fig(3000, 6000, "range"), fig(4000, qualifier="about"), True, "3,000 to 6,000 / about 4,000"),
    (fig(12), fig(9), False, "exact 12 / exact 9"),
    (fig(2000, qualifier="about"), fig(2000), True, "around 2,000 / 2,000"),
    (fig(2000, qualifier="more_than"), fig(1500, qualifier="about"), False, "more than / about"),
    (fig(5385), fig(5383), False, "two exact counts two apart"),
    (fig(5000, qualifier="more_than"), fig(5385), True, "more than 5,000 / 5,385"),
    (fig(20, qualifier="at_least"), fig(13), False, "at least 20 / 13"),
    (fig(6, qualifier="about"), fig(5, qualifier="about"), False, "about 6 km / about 5 km"),
    (fig(100, qualifier="about"), fig(95, qualifier="about"), True, "about 100 / about 95"),
    (fig(100, qualifier="about"), fig(111), False, "about 100 / 111: past the tolerance"),
    (fig(100, qualifier="about"), fig(110), True, "about 100 / 110: at the tolerance"),
    (fig(2000, qualifier="more_than"), fig(2000), False, "more than 2,000 / 2,000"),
    (fig(2000, qualifier="at_least"), fig(2000), True, "at least 2,000 / 2,000"),
    (fig(None, 30, "up_to"), fig(30), True, "up to 30 / 30"),
    (fig(None, 5, "less_than"), fig(5), False, "less than 5 / 5"),
    (fig(1400, qualifier="more_than"), fig(3400, qualifier="more_than"), True, "two floors"),
    (fig(None, None, "vague"), fig(12), True, "thousands / 12: vague says nothing definite"),
    (fig(10, 20, "range"), fig(21, 30, "range"), False, "ranges that do not meet"),
    (day("2016-03-14"), day("2016-03-14"), True, "same day"),
    (day("2016-03-14"), day("2016-03-15"), False, "next day"),
    (day("2015-09", "part_of_month"), day("2015-09-28"), True, "late September / 28 Sept"),
    (day("2015"), day("2015-09-28"), True, "the year holds the day"),
    (day(""), day("2025-04-22"), True, "undated article's Tuesday"),
    (day("1999", "year"), day("1939", "year"), False, "other years"),
]


@pytest.mark.parametrize(("a", "b", "agree", "why"), PAIRS, ids=[p[3] for p in PAIRS])
def test_values_agree_table(a, b, agree, why):
    assert agreement.values_agree(a, b) is agree
    assert agreement.values_agree(b, a) is agree  # symmetric


def test_about_tolerance_is_stated_once():
    assert 0 < agreement.ABOUT_TOLERANCE < 0.2


def test_measure_agrees_only_when_every_pair_does():
    assert agreement.measure_agrees([fig(5000, qualifier="more_than"), fig(5385)])
    assert not agreement.measure_agrees([fig(5000, qualifier="more_than"), fig(5385), fig(5383)])


def test_conflicting_pairs_skips_one_articles_own_values():
    claims = [
        {**fig(5000, qualifier="more_than"), "article": "a"},
        {**fig(5385), "article": "a"},
        {**fig(5383), "article": "b"},
    ]
    assert agreement.conflicting_pairs(claims) == [(1, 2)]
