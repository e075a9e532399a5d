"""Alignment of figures and dates across small articles written for these tests."""

import pytest

from factcheck.extraction.nlp import get_nlp
from factcheck.stories import measures


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def fig(text, span, low, high=None, qualifier="exact", unit="", kind="casualties"):
    if high is None and qualifier in ("exact", "about"):
        high = low
    return {
        "kind": kind,
        "text": text,
        "span": span,
        "low": low,
        "high": high,
        "qualifier": qualifier,
        "unit": unit,
    }


def date(text, span, value, granularity="day"):
    return {"kind": "date", "text": text, "span": span, "date": value, "granularity": granularity}


def spans(found):
    return sorted(sorted((f.article, f.claim["span"]) for f in m.members) for m in found)


FLOOD_A = [
    fig(
        "At least 40 people were killed and 120 injured when floods swept through Valdora.",
        "At least 40 people",
        40,
        None,
        "at_least",
        "people",
    ),
    fig(
        "At least 40 people were killed and 120 injured when floods swept through Valdora.",
        "120",
        120,
    ),
    fig(
        "The river rose about 3 metres overnight near the dam.",
        "about 3 metres",
        3,
        qualifier="about",
        unit="metres",
        kind="quantity",
    ),
]
FLOOD_B = [
    fig(
        "Officials in Valdora said 47 people died in the floods, and 95 others were injured.",
        "47 people",
        47,
        unit="people",
    ),
    fig(
        "Officials in Valdora said 47 people died in the floods, and 95 others were injured.",
        "95 others",
        95,
        unit="others",
    ),
    fig(
        "Two rescue boats capsized on the river.",
        "Two rescue boats",
        2,
        unit="rescue boats",
        kind="quantity",
    ),
]


def items(**articles):
    return [(name, i, c) for name, claims in articles.items() for i, c in enumerate(claims)]


def test_killed_and_injured_align_by_outcome_not_order(nlp):
    found = measures.align(items(a=FLOOD_A, b=FLOOD_B), nlp)
    assert spans(found) == [
        [("a", "120"), ("b", "95 others")],
        [("a", "At least 40 people"), ("b", "47 people")],
    ]


def test_exact_values_that_differ_are_a_conflict_not_a_separate_measure(nlp):
    found = {
        m.members[0].claim["span"]: m for m in measures.align(items(a=FLOOD_A, b=FLOOD_B), nlp)
    }
    assert found["120"].values_agree is False  # 120 and 95 injured cannot both be right
    assert found["At least 40 people"].values_agree is True  # at least 40 holds 47


def test_a_distance_never_aligns_with_a_count(nlp):
    a = [
        fig(
            "The camp lies 12 kilometres from the border.",
            "12 kilometres",
            12,
            unit="kilometres",
            kind="quantity",
        )
    ]
    b = [
        fig(
            "Some 12 families fled to the camp near the border.",
            "Some 12 families",
            12,
            qualifier="about",
            unit="families",
            kind="quantity",
        )
    ]
    assert measures.align(items(a=a, b=b), nlp) == []


def test_distances_align_across_spellings_and_conflict_when_both_round(nlp):
    a = [
        fig(
            "The camp lies about six kilometres from the border town of Ostra.",
            "about six kilometres",
            6,
            qualifier="about",
            unit="kilometres",
            kind="quantity",
        )
    ]
    b = [
        fig(
            "The camp is approximately 4 km from Ostra, near the border.",
            "approximately 4 km",
            4,
            qualifier="about",
            unit="km",
            kind="quantity",
        )
    ]
    found = measures.align(items(a=a, b=b), nlp)
    assert len(found) == 1 and found[0].values_agree is False


def test_dates_align_by_the_event_they_date(nlp):
    a = [
        date("The ministry announced the ceasefire on Sunday.", "on Sunday", "2024-05-05"),
        date("Talks resumed on Monday in Geneva.", "on Monday", "2024-05-06"),
    ]
    b = [
        date(
            "The ceasefire announced by the ministry on Sunday held overnight.",
            "on Sunday",
            "2024-05-05",
        ),
        date("Delegations met again in Geneva on Monday.", "on Monday", "2024-05-06"),
    ]
    assert spans(measures.align(items(a=a, b=b), nlp)) == [
        [("a", "on Monday"), ("b", "on Monday")],
        [("a", "on Sunday"), ("b", "on Sunday")],
    ]


def test_a_part_of_a_group_is_not_the_group(nlp):
    a = [
        fig(
            "Officials said 30 of the 41 victims have been identified.",
            "30 of the 41 victims",
            30,
            unit="41 victims",
        )
    ]
    b = [fig("The attack killed 41 people, officials said.", "41 people", 41, unit="people")]
    assert measures.align(items(a=a, b=b), nlp) == []


def test_a_claim_joins_at_most_one_measure(nlp):
    found = measures.align(items(a=FLOOD_A, b=FLOOD_B), nlp)
    seen = [(f.article, f.index) for m in found for f in m.members]
    assert len(seen) == len(set(seen))


def test_quotes_and_statements_are_never_aligned(nlp):
    q = {"kind": "quote", "text": "'We will rebuild,' she said.", "span": "We will rebuild"}
    assert measures.align(items(a=[q], b=[dict(q)]), nlp) == []
