"""prefill: a selection's kind and values, guessed by the extractor's own parsers."""

import datetime

import pytest

from factcheck.extraction.prefill import (
    SelectionError,
    occurrences,
    paragraph_bounds,
    place_words,
    prefill,
    sentence_bounds,
)

PUB = datetime.date(2024, 3, 11)  # a Monday
BODY = (
    "The army said on Monday that 1,200 soldiers crossed the river near Karsk.\n\n"
    '"We will hold the bridge until the spring," said General Ana Petrova.\n\n'
    "The shelling left the town's hospital with 12 dead. Aid arrived on Tuesday, "
    "officials said."
)


def at(words, n=0):
    start, end = occurrences(BODY, words)[n]
    return prefill(BODY, start, end, PUB)


def test_words_the_extractor_found_take_its_values():
    troops = at("1,200 soldiers")
    assert (troops.kind, troops.low, troops.high, troops.qualifier, troops.unit) == (
        "troops",
        1200,
        1200,
        "exact",
        "soldiers",
    )
    assert troops.found_by == "extractor"
    assert (
        troops.text == "The army said on Monday that 1,200 soldiers crossed the river near Karsk."
    )


def test_a_date_is_resolved_against_the_publication_date():
    monday = at("on Monday")
    assert (monday.kind, monday.date, monday.granularity) == ("date", "2024-03-11", "day")
    assert at("on Tuesday").date == "2024-03-05"  # the Tuesday before publication


def test_a_quote_gets_its_speaker():
    quote = at("We will hold the bridge")
    assert (quote.kind, quote.speaker) == ("quote", "Ana Petrova")


def test_a_figure_the_extractor_missed_is_parsed():
    missed = at("12 dead")
    assert missed.found_by in ("parsers", "extractor")  # the newer extractor finds it too
    assert (missed.kind, missed.low, missed.high, missed.qualifier) == (
        "casualties",
        12,
        12,
        "exact",
    )
    assert missed.text == "The shelling left the town's hospital with 12 dead."
    assert BODY[missed.start : missed.end] == missed.span == "12 dead"


def test_other_words_are_a_statement_and_edges_are_trimmed():
    start = BODY.index("crossed the river") - 1
    result = prefill(BODY, start, start + len(" crossed the river "), PUB)
    assert result.kind == "statement"
    assert BODY[result.start : result.end] == result.span == "crossed the river"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (60, 90, "crosses paragraphs"),
        (-1, 4, "does not lie in the article"),
        (10, len(BODY) + 1, "does not lie in the article"),
        (5, 5, "holds no words"),
    ],
)
def test_selections_that_cannot_be_a_claim_are_refused(start, end, message):
    with pytest.raises(SelectionError, match=message):
        prefill(BODY, start, end, PUB)


def test_typed_words_are_found_however_spaced_and_quoted():
    assert occurrences(BODY, "said") == [
        (m, m + 4) for m in (BODY.index("said"), BODY.index("said General"), BODY.rindex("said"))
    ]
    assert occurrences(BODY, "“We  will hold") == [(BODY.index('"We'), BODY.index(" hold") + 5)]
    assert occurrences(BODY, "Karsk. The") == []  # not across a blank line
    assert occurrences(BODY, "   ") == []


def test_place_words_prefers_the_selection_then_the_nearest_occurrence():
    second = BODY.index("said General")
    assert place_words(BODY, "said", start=second, end=second + 4) == (second, second + 4)
    assert place_words(BODY, "said", near=len(BODY)) == (
        BODY.rindex("said"),
        BODY.rindex("said") + 4,
    )
    with pytest.raises(SelectionError, match="not in the article's text"):
        place_words(BODY, "2,000 tanks")


def test_paragraph_and_sentence_bounds():
    start = BODY.index("Aid arrived")
    assert paragraph_bounds(BODY, start, start + 3) == (BODY.index("The shelling"), len(BODY))
    assert BODY[slice(*sentence_bounds(BODY, start, start + 3))] == (
        "Aid arrived on Tuesday, officials said."
    )
