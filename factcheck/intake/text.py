"""Bytes -> text: refusing binary files and archives, detecting the character set."""

import re

import charset_normalizer

# File signatures of the things people upload by mistake, named the way they know them.
SIGNATURES = [
    (
        b"PK\x03\x04",
        "a ZIP archive (or a Word file); unpack it, or save the article as text or HTML",
    ),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"%PDF", "a PDF; save the article as text or HTML"),
    (b"\x89PNG", "a PNG image, not an article"),
    (b"\xff\xd8\xff", "a JPEG image, not an article"),
    (b"GIF8", "a GIF image, not an article"),
    (b"\xd0\xcf\x11\xe0", "an old Office document; save the article as text or HTML"),
]

BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]

# Bidirectional embeddings, overrides and isolates: invisible, and able to make a line
# display as something other than what it says ("Trojan Source"). The marks that only
# nudge direction (U+200E, U+200F, U+061C) are legitimate in Arabic and Hebrew text.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def refuse_binary(data: bytes, name: str) -> None:
    """Raise IntakeError for known binary formats and anything with NUL bytes."""
    from factcheck.intake import IntakeError

    for magic, what in SIGNATURES:
        if data.startswith(magic):
            raise IntakeError(f"{name}: this is {what}")
    wide = data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))  # UTF-16/32 text
    if not wide and b"\x00" in data[:65536]:
        raise IntakeError(f"{name}: this is a binary file, not an article text")


def _detect(data: bytes) -> str | None:
    """The most likely character set of `data`, preferring Windows-1252 among equals."""
    results = charset_normalizer.from_bytes(data[:200_000])
    best = results.best()
    if best is None:
        return None
    for match in results:
        if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding


def decode_text(data: bytes, name: str, *, declared: str | None = None) -> str:
    """Decode an article's bytes: BOM, then the declared charset, then UTF-8, then detection.

    Raises IntakeError naming the file when the bytes are binary or in no known charset.
    """
    from factcheck.intake import IntakeError

    refuse_binary(data, name)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError:
                break
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return _checked(data.decode(encoding), name)
        except (UnicodeDecodeError, LookupError):
            continue
    encoding = _detect(data)
    if encoding is None:
        raise IntakeError(
            f"{name}: the text cannot be read: it is not UTF-8 and its character set "
            "could not be recognised (save it as UTF-8 and try again)"
        )
    try:
        return _checked(data.decode(encoding), name)
    except UnicodeDecodeError:
        raise IntakeError(
            f"{name}: the text cannot be read as {encoding} (save it as UTF-8 and try again)"
        ) from None


def _checked(text: str, name: str) -> str:
    from factcheck.intake import IntakeError

    text = text.removeprefix("\ufeff")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise IntakeError(f"{name}: this looks like a binary file, not an article text")
    return text


def strip_bidi_controls(text: str) -> tuple[str, int]:
    """`text` without bidirectional override/embedding/isolate characters, and how many went."""
    cleaned, count = BIDI_CONTROLS.subn("", text)
    return cleaned, count
