from .conftest import of_kind, one, run


def test_quote_attributed_after():
    c = one(run('"The bridge is ours," Colonel Marta Ruiz told reporters.'), "quote")
    assert c["span"] == "The bridge is ours"
    assert c["speaker"] == "Marta Ruiz"


def test_quote_attributed_before_with_colon():
    c = one(
        run(
            'In a statement, the defence minister Omar Haddad said: "The operation is '
            'over and our troops are coming home."'
        ),
        "quote",
    )
    assert c["speaker"] == "Omar Haddad"


def test_multi_sentence_quote_and_continuation():
    text = (
        '"We have secured the airport. The road to the city is open," said Ana Lopes, '
        'a spokeswoman for the mission. "Aid can now move freely."'
    )
    quotes = of_kind(run(text), "quote")
    assert [q["speaker"] for q in quotes] == ["Ana Lopes", "Ana Lopes"]
    assert (
        quotes[0]["span"].startswith("We have secured") and "road to the city" in quotes[0]["span"]
    )


def test_quote_continued_in_next_paragraph():
    text = (
        'The president said: "The first phase is complete.\n\n'
        '"The second phase will start in the spring and will be decided by our partners."'
    )
    quotes = of_kind(run(text), "quote")
    assert len(quotes) == 2
    assert quotes[0]["speaker"] == quotes[1]["speaker"]


def test_pronoun_speaker_resolves_to_last_named_speaker():
    text = 'Deputy minister Pavel Orlov spoke in Kyiv. "The convoy left at dawn," he said.'
    c = one(run(text), "quote")
    assert c["speaker"] == "Pavel Orlov"


def test_full_name_from_elsewhere_in_the_article():
    text = (
        "Foreign Minister Layla Nasser arrived in Geneva on Monday.\n\n"
        'Nasser said the talks "are the last chance for a settlement".'
    )
    c = one(run(text), "quote")
    assert c["speaker"] == "Layla Nasser"


def test_title_resolves_to_the_person_introduced_with_it():
    text = (
        "President Juan Ortega ordered the withdrawal on Monday.\n\n"
        'In a televised address the president said: "Our mission is accomplished and '
        'the soldiers will be home soon."'
    )
    c = one(run(text), "quote")
    assert c["speaker"] == "Juan Ortega"


def test_acronym_speaker_expands():
    text = (
        "The World Food Programme (WFP) warned of famine. The WFP called on donors "
        '"to act before the rains make the roads impassable".'
    )
    c = one(run(text), "quote")
    assert c["speaker"] == "World Food Programme"


def test_scare_quotes_are_not_quotes():
    claims = run(
        'The so-called "peace plan" was rejected. The army said 30 "terrorists" were killed.'
    )
    assert not of_kind(claims, "quote")


def test_organisation_pronoun():
    text = (
        "The Interior Ministry said the border was closed. It said the measure was "
        '"temporary and necessary".'
    )
    c = one(run(text), "quote")
    assert "Interior Ministry" in c["speaker"]


def test_quote_text_covers_the_quote_sentence():
    text = '"We are ready," the general said. The rest is history.'
    c = one(run(text), "quote")
    assert c["text"].startswith('"We are ready," the general said.')


def test_curly_quotes_and_according_to():
    c = one(run("“The situation is catastrophic,” according to the Red Cross."), "quote")
    assert c["speaker"] == "Red Cross"


# -- quoted terms, exclamations and speakers (ANNOTATION v2) ---------------------------


def test_quoted_single_word_is_no_quote():
    claims = run('The minister Sara Dunn said the election was "rigged", and left the hall.')
    assert not of_kind(claims, "quote")


def test_quoted_noun_phrase_in_the_reporter_s_sentence_is_no_quote():
    claims = run('Mayor Tom Briggs called the flood barrier "a monument to bad planning".')
    assert not of_kind(claims, "quote")


def test_quoted_predicate_is_a_quote():
    c = one(run('Officials said the evacuation was "orderly and complete".'), "quote")
    assert c["speaker"] == "Officials"


def test_quoted_exclamation_is_no_quote():
    claims = run('A man was heard shouting, "Run to the river, now!" as the shells fell.')
    assert not of_kind(claims, "quote")


def test_number_inside_the_sentence_is_not_the_speaker():
    text = (
        "General Ivo Marek said the army had 40,000 men already called up. "
        'He said: "The reserves will hold the line through the winter."'
    )
    c = one(run(text), "quote")
    assert c["speaker"] == "Ivo Marek"


def test_descriptive_speaker_keeps_its_description():
    c = one(
        run('"The water is rising every hour," a farmer from a village upstream said.'), "quote"
    )
    assert c["speaker"].startswith("farmer from a village")


def test_the_voice_heard_speaks_not_the_witness_who_reports_it():
    text = (
        '"We are trapped on the third floor," a woman could be heard calling out, '
        "said a neighbour, Karim Said."
    )
    c = one(run(text), "quote")
    assert c["speaker"] == "woman"


def test_pronoun_does_not_take_a_speaker_of_the_other_sex():
    text = (
        "Interior Minister Paul Okafor visited the camp. "
        'An elderly woman was heard pleading, "They took our cattle and burned the barn." '
        'He said the "culprits will be found and punished".'
    )
    quotes = of_kind(run(text), "quote")
    assert quotes[-1]["speaker"] == "Paul Okafor"


def test_quote_after_a_colon_takes_the_subject_before_it():
    text = (
        "When the villagers begged the gunmen to leave, they answered with a threat: "
        '"We will come back for the rest of you."'
    )
    c = one(run(text), "quote")
    assert c["speaker"] == "gunmen"


def test_document_speaks_for_its_issuer():
    text = (
        "The Navy dropped thousands of leaflets over the harbour. "
        'The leaflets told fishermen that the boats "will be seized if they leave port".'
    )
    c = one(run(text), "quote")
    assert c["speaker"] == "Navy"
