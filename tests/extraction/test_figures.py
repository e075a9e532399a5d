import pytest

from factcheck.extraction.numbers import parse_number

from .conftest import of_kind, one, run


@pytest.mark.parametrize(
    "text,value",
    [
        ("3,000", 3000),
        ("1.5 million", 1_500_000),
        ("two", 2),
        ("a dozen", 12),
        ("twenty-five", 25),
        ("two hundred and fifty", 250),
        ("four thousand", 4000),
        ("12", 12),
        ("2.5 billion", 2_500_000_000),
        ("two dozen", 24),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_parse_number_rejects_words():
    assert parse_number("several") is None


def test_range_from_to():
    c = one(run("Western estimates put the garrison at from 2,500 to 4,000 soldiers."), "troops")
    assert (c["low"], c["high"], c["qualifier"]) == (2500, 4000, "range")


def test_range_between_and_hyphen():
    claims = run("Between 40 and 60 tanks moved north. Officials counted 150-200 refugees.")
    tanks = one(claims, "troops")
    assert (tanks["low"], tanks["high"], tanks["qualifier"]) == (40, 60, "range")
    refugees = one(claims, "quantity")
    assert (refugees["low"], refugees["high"], refugees["qualifier"]) == (150, 200, "range")


@pytest.mark.parametrize(
    "phrase,low,high,qualifier",
    [
        ("more than 300 marines", 300, None, "more_than"),
        ("at least 300 marines", 300, None, "at_least"),
        ("up to 300 marines", None, 300, "up_to"),
        ("as many as 300 marines", None, 300, "up_to"),
        ("fewer than 300 marines", None, 300, "less_than"),
        ("nearly 300 marines", 300, 300, "about"),
        ("about 300 marines", 300, 300, "about"),
        ("300 marines", 300, 300, "exact"),
    ],
)
def test_bounds(phrase, low, high, qualifier):
    c = one(run(f"The navy landed {phrase} on the island on Monday."), "troops")
    assert (c["low"], c["high"], c["qualifier"]) == (low, high, qualifier)


def test_number_words():
    claims = run("Two frigates and a dozen helicopters joined the exercise.")
    assert sorted((c["low"], c["kind"]) for c in claims if c["kind"] == "troops") == [
        (2, "troops"),
        (12, "troops"),
    ]


def test_millions_in_words_and_digits():
    c = one(run("The region is home to 2.3 million people."), "quantity")
    assert c["low"] == c["high"] == 2_300_000


@pytest.mark.parametrize(
    "sentence,kind",
    [
        ("Hundreds of residents fled the town overnight.", "quantity"),
        ("Dozens of fighters stormed the checkpoint.", "troops"),
        ("Thousands of people were killed in the famine.", "casualties"),
        ("Tens of thousands of leaflets were dropped over the city.", "quantity"),
    ],
)
def test_vague_amounts(sentence, kind):
    c = one(run(sentence), kind)
    assert (c["low"], c["high"], c["qualifier"]) == (None, None, "vague")


def test_years_are_not_counts():
    claims = run("In 2019 the government signed the accord, and by 2021 it had collapsed.")
    assert not [c for c in claims if c["kind"] in ("troops", "casualties", "quantity")]
    assert {c["date"] for c in of_kind(claims, "date")} == {"2019", "2021"}


def test_day_numbers_and_model_names_are_not_counts():
    claims = run("On March 3 the air force flew its F-16 and Su-25 jets from Base 7.")
    assert not [c for c in claims if c["kind"] in ("casualties", "quantity")]


@pytest.mark.parametrize(
    "sentence,kind",
    [
        ("Rebels killed 45 villagers near the river.", "casualties"),
        ("At least 12 of the guards were wounded in the blast.", "casualties"),
        ("The ministry recorded 80 deaths and 230 injuries.", "casualties"),
        ("Some 5,000 soldiers were deployed to the border.", "troops"),
        ("The country sent 24 aircraft and three warships.", "troops"),
        ("More than 20,000 people were displaced by the fighting.", "quantity"),
        ("The convoy carried 40 tonnes of flour.", "quantity"),
        ("Officials said 30 soldiers were killed.", "casualties"),
    ],
)
def test_kind_by_counted_noun_and_verb(sentence, kind):
    claims = run(sentence)
    figures = [c for c in claims if c["kind"] in ("troops", "casualties", "quantity")]
    assert figures and all(c["kind"] == kind for c in figures), figures


def test_bare_number_completing_a_tally():
    c = one(run("The death toll from the floods rose to 212, officials said."), "casualties")
    assert c["low"] == c["high"] == 212


def test_percent_and_money_are_quantities():
    claims = run("The army lost 15 per cent of its tanks, a loss of $400 million.")
    values = sorted(c["low"] for c in of_kind(claims, "quantity"))
    assert values == [15, 400_000_000]


def test_several_figures_in_one_sentence():
    claims = run(
        "The attack killed 7 police officers and wounded 19 civilians, and 300 families fled."
    )
    assert sorted(c["low"] for c in of_kind(claims, "casualties")) == [7, 19]
    assert [c["low"] for c in of_kind(claims, "quantity")] == [300]


def test_definite_number_words_refer_back():
    claims = run("The two leaders met in Vienna to discuss the border dispute.")
    assert not [c for c in claims if c["kind"] in ("troops", "casualties", "quantity")]


def test_conversion_in_parentheses_is_skipped():
    claims = run("The camp lies some 40 kilometres (25 miles) from the frontier.")
    c = one(claims, "quantity")
    assert (c["low"], c["qualifier"]) == (40, "about")
