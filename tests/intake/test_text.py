"""factcheck.intake.text: binary files and archives refused, character sets detected."""

import pytest

from factcheck.intake import IntakeError
from factcheck.intake.text import decode_text, strip_bidi_controls

ENGLISH = "The ministry said on Monday that 1,200 soldiers had crossed the river. " * 3


def test_utf8_is_read_and_bom_dropped():
    assert decode_text("\ufeffCafé".encode(), "a.txt") == "Café"


def test_utf16_with_bom_is_read():
    assert decode_text(("Café " + ENGLISH).encode("utf-16"), "a.txt").startswith("Café")


def test_windows_1252_is_detected():
    text = "Café naïve façade, the mayor’s “plan”. " + ENGLISH
    assert decode_text(text.encode("cp1252"), "a.txt") == text


def test_cyrillic_windows_1251_is_detected():
    text = "Армия заявила в понедельник, что 1200 солдат пересекли реку у города. " * 3
    assert decode_text(text.encode("cp1251"), "a.txt") == text


def test_declared_charset_wins():
    text = "Zürich " + ENGLISH
    assert decode_text(text.encode("latin-1"), "a.html", declared="iso-8859-1") == text


def test_unknown_declared_charset_falls_back():
    assert decode_text(b"plain text", "a.html", declared="no-such-charset") == "plain text"


def test_undecodable_text_is_refused_with_the_reason():
    with pytest.raises(IntakeError, match=r"a\.txt: the text cannot be read.*UTF-8"):
        decode_text(bytes(range(128, 256)) * 8, "a.txt")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"Title\n\nBody\x00\x00\x01 with NUL bytes", "binary file"),
    ],
)
def test_binary_files_are_named_for_what_they_are(data, what):
    with pytest.raises(IntakeError) as info:
        decode_text(data, "upload.txt")
    assert str(info.value).startswith("upload.txt: ") and what in str(info.value)


def test_control_characters_mean_binary():
    with pytest.raises(IntakeError, match="binary"):
        decode_text(bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15]) * 20, "x.txt")


def test_bidi_overrides_are_removed_and_counted():
    text, removed = strip_bidi_controls("Army \u202ereversed\u202c says \u2066x\u2069")
    assert (text, removed) == ("Army reversed says x", 4)


def test_direction_marks_used_in_arabic_and_hebrew_are_kept():
    text, removed = strip_bidi_controls("\u200fשלום\u200e abc \u061c")
    assert removed == 0 and "\u200f" in text
