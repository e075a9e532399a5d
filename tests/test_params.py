"""Query-string values: ids in ASCII digits within bigint range, text without NUL."""

import pytest

from factcheck.params import MAX_ID, is_searchable, parse_id


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 7 ", 7), (str(MAX_ID), MAX_ID), (42, 42)],
)
def test_parse_id_reads_ascii_whole_numbers(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize("raw", ["", "0", "-3", "1.5", "\u00b2", "\u0663", "1e3", str(MAX_ID + 1)])
def test_parse_id_refuses_what_int_or_the_database_cannot_take(raw):
    assert parse_id(raw) is None


def test_searchable_text_has_no_control_characters():
    assert is_searchable("Karsk bridge, 1,200 \u00e9\u00b2\tsoldiers\n")
    assert is_searchable("")
    assert not is_searchable("bridge\x00")
    assert not is_searchable("\x1b[31m")
