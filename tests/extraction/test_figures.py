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


# -- what is counted decides the kind (ANNOTATION v2) ---------------------------------


def figures(claims):
    return [c for c in claims if c["kind"] in ("troops", "casualties", "quantity")]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a breakdown after "including" is a casualty count of its own
        (
            "A car bomb killed 41 people, including nine schoolchildren, in the market.",
            [("casualties", 41), ("casualties", 9)],
        ),
        # "the dead included ...": the object of include takes the subject's kind
        (
            "The dead included four nurses and a driver, the hospital said.",
            [("casualties", 4)],
        ),
        # a conjunct with no verb of its own continues the casualty count
        (
            "The victims included three teachers and two farmers from the valley.",
            [("casualties", 3), ("casualties", 2)],
        ),
        # "leaving N dead"
        (
            "Shelling hit the depot overnight, leaving 11 guards dead.",
            [("casualties", 11)],
        ),
        # "the killings of N"
        ("The tribunal examined the killings of 68 villagers.", [("casualties", 68)]),
        # an adjective used as a noun: "the 15 wounded"
        ("The 15 wounded were flown to the capital.", [("casualties", 15)]),
    ],
)
def test_casualty_context_reaches_the_parts(sentence, expected):
    assert [(c["kind"], c["low"]) for c in figures(run(sentence))] == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # "N of whom": the count continues the figure before it
        (
            "Eleven of the wounded, at least three of whom were children, were treated.",
            [("casualties", 11), ("casualties", 3)],
        ),
        # an elided noun after a dash
        (
            "Nine people died and 30 were hurt — eight seriously — in the crash.",
            [("casualties", 9), ("casualties", 30), ("casualties", 8)],
        ),
        # "N of them" continues a troop count
        (
            "The navy mobilised 4,500 sailors, 900 of them assigned to the fleet.",
            [("troops", 4500), ("troops", 900)],
        ),
    ],
)
def test_elided_and_pronoun_counts_take_the_kind_they_continue(sentence, expected):
    assert [(c["kind"], c["low"]) for c in figures(run(sentence))] == expected


def test_partitive_of_casualties_in_another_role_is_a_quantity():
    claims = figures(run("Police said 14 of the 30 victims have been identified so far."))
    assert [(c["kind"], c["low"]) for c in claims] == [("quantity", 14), ("casualties", 30)]


@pytest.mark.parametrize(
    "sentence,kind",
    [
        ("About 600 soldiers were deployed along the river.", "troops"),
        ("The rebels massed 2,000 fighters near the airport.", "troops"),
        ("Police arrested 35 soldiers accused of looting.", "quantity"),
        ("A court sentenced 12 officers to prison for the mutiny.", "quantity"),
        ("Some 3,000 personnel took part in the relief operation.", "quantity"),
        ("More than 150 sailors attended the ceremony in the port.", "quantity"),
        ("The ministry said 80,000 men had been called up since May.", "troops"),
    ],
)
def test_troops_or_quantity_by_role(sentence, kind):
    found = figures(run(sentence))
    assert [c["kind"] for c in found] == [kind], found


@pytest.mark.parametrize(
    "sentence,low,high,qualifier",
    [
        ("The siege of the town lasted for three weeks.", 3, 3, "exact"),
        ("Engineers promised to restore power within 48 hours.", None, 48, "up_to"),
        ("The region has endured more than a decade of drought.", 10, None, "more_than"),
        ("The talks collapsed after nine days of wrangling.", 9, 9, "exact"),
    ],
)
def test_durations_are_quantities(sentence, low, high, qualifier):
    c = one(run(sentence, None), "quantity")
    assert (c["low"], c["high"], c["qualifier"]) == (low, high, qualifier)


@pytest.mark.parametrize(
    "sentence",
    [
        "The floods struck two weeks ago.",
        "A 9-year-old girl was among the passengers.",
        "The child is four years old.",
    ],
)
def test_ages_and_points_in_time_are_not_durations(sentence):
    assert not of_kind(run(sentence, None), "quantity")


@pytest.mark.parametrize(
    "sentence",
    [
        "Several villages were cut off by the landslide.",
        "A handful of shops reopened in the old town.",
        "Tens of thousands marched through the capital.",
    ],
)
def test_vague_sizes_are_figures(sentence):
    c = one(run(sentence), "quantity")
    assert (c["low"], c["high"], c["qualifier"]) == (None, None, "vague")


@pytest.mark.parametrize(
    "sentence",
    [
        "One resident described the noise as deafening.",
        "In one district the water supply failed.",
        "Volunteers staffed a 24/7 hotline for relatives.",
        "The squadron flies the Su-30 and the MiG-29.",
    ],
)
def test_determiners_and_names_are_not_figures(sentence):
    assert not figures(run(sentence))


def test_at_least_one_is_still_a_figure():
    c = one(run("At least one guard was killed in the raid."), "casualties")
    assert (c["low"], c["qualifier"]) == (1, "at_least")


@pytest.mark.parametrize(
    "sentence,low,unit_start",
    [
        ("The agency released €12 million in emergency aid.", 12_000_000, "€"),
        ("The bank froze ₱3.5 billion in assets.", 3_500_000_000, "₱"),
        ("Tickets cost £40 each.", 40, "£"),
    ],
)
def test_currency_symbols(sentence, low, unit_start):
    c = one(run(sentence), "quantity")
    assert c["low"] == low and c["span"].startswith(unit_start)


@pytest.mark.parametrize(
    "sentence,value,qualifier",
    [
        ("Nearly a quarter of the wells ran dry.", 25, "about"),
        ("Two-thirds of the district lost power.", 66.7, "exact"),
        ("More than half of the clinics closed.", 50, "more_than"),
    ],
)
def test_fractions_are_percentages(sentence, value, qualifier):
    c = one(run(sentence), "quantity")
    assert (c["low"] if c["low"] is not None else c["high"], c["qualifier"]) == (
        value,
        qualifier,
    )


def test_magnitude_is_a_quantity_and_its_conversion_is_not_a_second_claim():
    claims = run("A magnitude 6.4 tremor struck 10 km (6 miles) below the coast.")
    values = sorted(c["low"] for c in of_kind(claims, "quantity"))
    assert values == [6.4, 10]


def test_bare_number_completing_a_tally_through_an_infinitive():
    c = one(run("The toll was believed to be above 300 on Friday."), "casualties")
    assert (c["low"], c["qualifier"]) == (300, "more_than")


def test_ordinal_anniversary_is_not_a_figure():
    assert not figures(run("The city marked the tenth anniversary of the siege."))
