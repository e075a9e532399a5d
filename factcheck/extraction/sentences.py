"""Text preparation and chunking with offsets into the stored body.

The body is never changed: a *clean* copy of the same length is made (HTML tags and
entities masked with spaces, odd spaces and zero-width characters turned into plain
spaces), and every offset found in the clean copy is an offset into the body.
"""

import html
import re

# Tags, comments, and script/style blocks (their content is not prose either).
_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Spaces spaCy would not see as plain spaces, and invisible characters.
_ODD_SPACE = re.compile(
    "[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b-\u200d\u2060\ufeff\t\x0b\x0c]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SOFT_BREAK = re.compile(r"(?<=[.!?…\"”’])\s+(?=[\"“‘A-Z0-9])")


def clean_text(body: str) -> str:
    """A same-length copy of body fit for the parser (offsets stay valid)."""
    text = body
    if "<" in text:
        text = _BLOCK.sub(lambda m: " " * len(m.group(0)), text)
        text = _TAG.sub(
            lambda m: (
                "\n" * len(m.group(0)) if _is_block_tag(m.group(0)) else " " * len(m.group(0))
            ),
            text,
        )
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    text = _ODD_SPACE.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    return text


def _is_block_tag(tag: str) -> bool:
    name = re.match(r"</?\s*([A-Za-z0-9]+)", tag)
    return (
        bool(name)
        and name.group(1).lower()
        in {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "tr",
            "section",
            "article",
            "blockquote",
            "figure",
            "figcaption",
        }
        and len(tag) >= 2
    )


def _entity(match: re.Match) -> str:
    raw = match.group(0)
    char = html.unescape(raw)
    if len(char) != 1 or char == raw:
        return " " * len(raw)
    if char in "\u00a0\u200b":
        char = " "
    return char + " " * (len(raw) - 1)


def chunks(text: str, limit: int = 20_000):
    """(start, end) pieces of text to parse: paragraphs, long ones cut near sentence ends.

    Pieces hold no paragraph break; blank pieces are skipped.
    """
    pos = 0
    for match in list(_PARA_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        yield from _split_long(text, pos, end, limit)
        if match:
            pos = match.end()


def _split_long(text: str, start: int, end: int, limit: int):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > limit:
        window_end = start + limit
        cut = None
        for m in _SOFT_BREAK.finditer(text, start + limit // 2, window_end):
            cut = m
        if cut is not None:
            piece_end, next_start = cut.start(), cut.end()
        else:
            space = text.rfind(" ", start + limit // 2, window_end)
            if space == -1:
                piece_end = next_start = window_end
            else:
                piece_end, next_start = space, space + 1
        if piece_end > start:
            yield start, piece_end
        start = next_start
    if end > start:
        yield start, end
