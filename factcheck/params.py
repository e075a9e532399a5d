"""Query-string values the database can take: record ids and searchable text.

`str.isdigit` accepts "²" and other digits `int` refuses, and PostgreSQL refuses text with
a NUL character; a filter checks its value here and names a bad one instead of failing.
"""

import re

# The largest id a BigAutoField can hold (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1
# Control characters other than tab and newlines: NUL (which PostgreSQL cannot store or
# compare) and the rest, which no one types into a search box.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_id(raw) -> int | None:
    """The record id `raw` spells in ASCII digits, or None if it is not one."""
    raw = str(raw).strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def is_searchable(text: str) -> bool:
    """Text that can go into a database query as it is (no NUL or control characters)."""
    return not CONTROL.search(text or "")
