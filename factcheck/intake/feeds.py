"""RSS and Atom feeds -> the article links they list (feedparser)."""

import io
from dataclasses import dataclass

from factcheck.intake import IntakeError


@dataclass
class FeedEntry:
    url: str
    title: str


@dataclass
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    total: int  # entries the feed lists; more than len(entries) when it was cut


def parse_feed(data: bytes, name: str, *, max_entries: int) -> ParsedFeed:
    """The entries of an RSS/Atom document, newest first as the feed lists them.

    Raises IntakeError when the document is not a feed. A feed listing more than
    `max_entries` is cut to its first `max_entries` (feeds list the newest first).
    """
    import feedparser

    if not data.strip():
        raise IntakeError(f"{name}: the feed is empty")
    # A file object, never a string: feedparser would take a string for a URL to fetch.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if not version:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise IntakeError(f"{name}: this is not an RSS or Atom feed{detail}")
    entries = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        entries.append(FeedEntry(url=link, title=(entry.get("title") or "").strip()))
    return ParsedFeed(
        title=(parsed.feed.get("title") or "").strip(),
        entries=entries[:max_entries],
        total=len(entries),
    )
