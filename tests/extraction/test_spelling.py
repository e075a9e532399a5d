import pytest

from .conftest import one, run


@pytest.mark.parametrize(
    "sentence,kind,low",
    [
        ("Commanders moved 1,200 tropps to the northern front.", "troops", 1200),
        ("At least 14 civilans were killled in the shelling.", "casualties", 14),
        ("The hospital reported 31 casualites after the raid.", "casualties", 31),
    ],
)
def test_typos_in_the_words_that_decide_the_kind(sentence, kind, low):
    c = one(run(sentence), kind)
    assert c["low"] == low


def test_unknown_names_are_not_corrected():
    from factcheck.extraction.spelling import _correct

    # a place name unknown to the dictionary stays itself
    assert _correct("kahramanmaras", "kahramanmaras") == "kahramanmaras"
    # a real word that is not in our lists is left alone
    assert _correct("tractors", "tractor") == "tractor"
