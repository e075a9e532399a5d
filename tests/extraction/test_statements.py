from .conftest import of_kind, run


def test_factual_assertion_is_a_statement():
    claims = run("The government of Norland seized the airport in Tarsk and arrested its director.")
    statements = of_kind(claims, "statement")
    assert len(statements) == 1
    assert 0.5 <= statements[0]["checkworthiness"] <= 1


def test_opinion_and_question_are_not_statements():
    claims = run(
        "Analysts think the move should be seen as a signal to the West. "
        "Will the truce hold in Tarsk?"
    )
    assert not of_kind(claims, "statement")


def test_furniture_is_not_a_statement():
    assert not of_kind(run("Related Articles"), "statement")


def test_statements_are_ranked_by_checkworthiness():
    claims = run(
        "Norland's army captured the city of Tarsk from the rebels. "
        "The weather was pleasant and people went out."
    )
    statements = of_kind(claims, "statement")
    assert statements and "captured" in statements[0]["text"]
    assert all(c["checkworthiness"] <= statements[0]["checkworthiness"] for c in statements)


def test_sentence_with_figures_is_not_also_a_statement():
    claims = run("Norland deployed 4,000 troops to the border with Sarland.")
    assert not of_kind(claims, "statement")
    assert of_kind(claims, "troops")


def test_all_scores_in_range_and_json_shape():
    claims = run(
        'The army said 12 soldiers were killed on Monday. "We will respond," said '
        "General Ivo Kral. Norland closed its embassy in Sarland."
    )
    kinds = {c["kind"] for c in claims}
    assert {"casualties", "date", "quote", "statement"} <= kinds
    for c in claims:
        assert 0 <= c["checkworthiness"] <= 1
        if c["kind"] == "quote":
            assert "speaker" in c and "low" not in c
        if c["kind"] == "date":
            assert "granularity" in c and "speaker" not in c
        if c["kind"] == "casualties":
            assert isinstance(c["low"], int)


def test_a_hedge_in_reported_speech_is_what_someone_said():
    claims = run("Norland's foreign minister said the rebels in Tarsk should lay down their arms.")
    assert of_kind(claims, "statement")


def test_the_reporter_s_own_hedge_is_not_a_statement():
    claims = run("Norland should perhaps reconsider its alliance with the Sarland government.")
    assert not of_kind(claims, "statement")


def test_reportedly_is_an_attribution_not_an_opinion():
    from factcheck.extraction.nlp import get_nlp
    from factcheck.extraction.statements import statement_score

    nlp = get_nlp()
    plain = "Gunmen from Sarland attacked the convoy near Tarsk."
    hedged = "Gunmen from Sarland reportedly attacked the convoy near Tarsk."
    scores = [statement_score(next(nlp(t).sents)) for t in (plain, hedged)]
    assert scores[0] == scores[1] >= 0.5


def test_a_quoted_term_does_not_stop_a_statement():
    claims = run('Norland\'s president condemned the "cowardly ambush" on the Tarsk garrison.')
    assert of_kind(claims, "statement")
    assert not of_kind(claims, "quote")
