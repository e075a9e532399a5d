"""Grouping articles into stories, undated ones placed by their content."""

import datetime

import pytest

from factcheck.extraction.nlp import get_nlp
from factcheck.stories import grouping

D = datetime.date

QUAKE = (
    "Strong earthquake hits Valdora province",
    "A magnitude 6.9 earthquake struck Valdora province on Monday, killing dozens and "
    "flattening homes in the mountain town of Ostra, the Valdoran interior ministry said.",
)
QUAKE_2 = (
    "Dozens dead as earthquake flattens homes in Valdora",
    "Rescuers in Ostra searched the rubble after the earthquake in Valdora province, "
    "where the interior ministry said dozens were killed and homes flattened.",
)
ELECTION = (
    "Count begins in Marland presidential election",
    "Votes were being counted in Marland on Sunday after a presidential election that "
    "pitted President Ana Corvel against the opposition leader Piet Damsen.",
)


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def stories(nlp, *articles):
    profs = grouping.profiles(articles, nlp)
    return sorted(sorted(g) for g in grouping.group(profs))


def test_same_event_close_dates_one_story(nlp):
    got = stories(
        nlp,
        ("a", *QUAKE, D(2024, 3, 4), []),
        ("b", *QUAKE_2, D(2024, 3, 5), []),
        ("c", *ELECTION, D(2024, 3, 4), []),
    )
    assert got == [["a", "b"], ["c"]]


def test_same_words_months_apart_are_different_stories(nlp):
    got = stories(nlp, ("a", *QUAKE, D(2024, 3, 4), []), ("b", *QUAKE_2, D(2024, 9, 5), []))
    assert got == [["a"], ["b"]]


def test_undated_article_joins_by_content(nlp):
    got = stories(nlp, ("a", *QUAKE, D(2024, 3, 4), []), ("b", *QUAKE_2, None, []))
    assert got == [["a", "b"]]


def test_undated_article_is_dated_by_its_own_claims(nlp):
    claims = [{"kind": "date", "date": "2024-09-04", "granularity": "day"}]
    profs = grouping.profiles([("b", *QUAKE_2, None, claims)], nlp)
    assert profs[0].published == D(2024, 9, 4) and profs[0].estimated
    got = stories(nlp, ("a", *QUAKE, D(2024, 3, 4), []), ("b", *QUAKE_2, None, claims))
    assert got == [["a"], ["b"]]  # its own dates put it in September, far from March


def test_singleton_is_its_own_story(nlp):
    assert stories(nlp, ("c", *ELECTION, D(2024, 3, 4), [])) == [["c"]]
