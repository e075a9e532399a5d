import datetime

from .conftest import PUB, of_kind, one, run


def test_absolute_dates():
    claims = run(
        "The ceasefire took effect on February 27, 2016, and talks resumed on 12 March 2016.",
        published=None,
    )
    assert [c["date"] for c in of_kind(claims, "date")] == ["2016-02-27", "2016-03-12"]
    assert {c["granularity"] for c in of_kind(claims, "date")} == {"day"}


def test_month_day_without_year_takes_the_publication_year():
    c = one(run("Shelling has continued since Jan. 4."), "date")
    assert c["date"] == "2024-01-04"


def test_weekday_resolves_to_the_last_such_day():
    claims = run("Troops entered the town on Monday and left on Wednesday.")
    assert [c["date"] for c in of_kind(claims, "date")] == ["2024-03-11", "2024-03-13"]


def test_misspelt_weekday():
    c = one(run("Speaking on Thrusday, the minister denied the report."), "date")
    assert c["date"] == "2024-03-07"


def test_relative_days_and_anchor():
    claims = run(
        "The mayor resigned on Tuesday. The protest began a day after the vote. "
        "Yesterday the army withdrew, and earlier today it returned."
    )
    dates = [c["date"] for c in of_kind(claims, "date")]
    assert dates == ["2024-03-12", "2024-03-11", "2024-03-12", "2024-03-13"]


def test_the_previous_night_counts_from_the_day_just_mentioned():
    claims = run("Monday's vote followed an attack the previous night.")
    assert [c["date"] for c in of_kind(claims, "date")] == ["2024-03-11", "2024-03-10"]


def test_month_part_of_month_and_last_year():
    claims = run("The campaign started in late September and ended in May last year.")
    dates = of_kind(claims, "date")
    assert (dates[0]["date"], dates[0]["granularity"]) == ("2023-09", "part_of_month")
    assert (dates[1]["date"], dates[1]["granularity"]) == ("2023-05", "month")


def test_last_month_and_last_week():
    claims = run("The envoy visited last month, and the offensive resumed last week.")
    got = [(c["date"], c["granularity"]) for c in of_kind(claims, "date")]
    assert got == [("2024-02", "month"), ("2024-03", "part_of_month")]


def test_unresolved_without_publication_date():
    claims = run("Fighting resumed on Sunday after a lull in late August.", published=None)
    got = [(c["date"], c["granularity"]) for c in of_kind(claims, "date")]
    assert got == [(None, "day"), (None, "part_of_month")]


def test_year_date_resolves_without_publication_date():
    c = one(run("The group was driven out of the capital in 2011.", published=None), "date")
    assert (c["date"], c["granularity"]) == ("2011", "year")


def test_same_day_said_twice_is_one_claim():
    claims = run("The committee recorded 41 deaths yesterday, March 12.")
    dates = of_kind(claims, "date")
    assert len(dates) == 1 and dates[0]["date"] == "2024-03-12"


def test_dates_inside_quotes_are_not_event_dates():
    claims = run('"We will return on Friday," the commander said.')
    assert not of_kind(claims, "date")


def test_published_may_be_datetime_or_iso_string():
    for published in (datetime.datetime(2024, 3, 13, 9, 0), "2024-03-13", PUB):
        c = one(run("The bridge was destroyed on Monday.", published), "date")
        assert c["date"] == "2024-03-11"


def test_tense_is_the_clause_s_own():
    # PUB is Wednesday 2024-03-13: Monday is past, Thursday is ahead
    claims = run("The minister said on Monday that the talks will resume on Thursday.")
    assert [c["date"] for c in of_kind(claims, "date")] == ["2024-03-11", "2024-03-14"]


def test_a_planned_day_does_not_move_the_anchor():
    claims = run(
        "Rebels seized the bridge on Monday. The vote will take place on Friday. "
        "The army counter-attacked a day later."
    )
    dates = [c["date"] for c in of_kind(claims, "date")]
    assert dates == ["2024-03-11", "2024-03-15", "2024-03-12"]


def test_overnight_is_the_report_s_date():
    c = one(run("Drones struck the refinery overnight, officials said."), "date")
    assert c["date"] == "2024-03-13"


def test_dateline_is_not_a_date_claim():
    claims = run("KHARTOUM, March 12: Fighting resumed in the north on Tuesday.")
    assert [c["span"] for c in of_kind(claims, "date")] == ["on Tuesday"]
