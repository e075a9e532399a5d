"""Saved or fetched web pages -> article text and metadata (trafilatura, htmldate)."""

import datetime
import re
from dataclasses import dataclass, field

from factcheck.intake import IntakeError
from factcheck.intake.text import decode_text

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
    re.IGNORECASE | re.DOTALL,
)

# Fewer characters than this is a teaser, a login wall or a page built by JavaScript.
MIN_ARTICLE_CHARS = 80

# Page parts trafilatura may take for text: embedded posts, pull quotes, sign-offs.
PRUNE_XPATH = [
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')]",
    "//*[contains(@class, 'pullquote') or contains(@class, 'pull-quote')]",
    "//*[contains(@class, 'tag-list') or @data-component='tag-list']",
    "//*[contains(@class, 'newsletter') or contains(@class, 'paywall')]",
]
# A wire story's closing credit line is a byline, not article text.
CREDIT_LINE = re.compile(
    r"(?:\(?(?:additional )?(?:reporting|writing|editing|compiled|edited) by\b.*)",
    re.IGNORECASE,
)


@dataclass
class PageArticle:
    title: str
    body: str
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: datetime.date | None = None
    notes: list[str] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    """True when a text starts like an HTML document (whatever its file name says)."""
    return bool(HTML_START.match(text[:4096]))


def declared_charset(data: bytes) -> str | None:
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(data: bytes, name: str, *, http_charset: str | None = None) -> str:
    """An HTML page's text: its HTTP charset, else its <meta> charset, else detection."""
    return decode_text(data, name, declared=http_charset or declared_charset(data))


def _clean_title(title: str, outlet: str) -> str:
    title = re.sub(r"\s+", " ", title or "").strip()
    if outlet:
        # "Headline | The Outlet", "Headline - The Outlet": the outlet is not the headline.
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            suffix = f"{sep}{outlet}"
            if title.lower().endswith(suffix.lower()) and len(title) > len(suffix):
                title = title[: -len(suffix)].strip()
    return title


def _date(html: str, url: str | None, fallback: str | None) -> datetime.date | None:
    import htmldate

    found = None
    try:
        found = htmldate.find_date(html, original_date=True, extensive_search=False, url=url)
    except Exception:  # noqa: BLE001 - a date we cannot read is simply unknown
        found = None
    for value in (found, fallback):
        if value:
            try:
                return datetime.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def extract_page(html: str, name: str, *, url: str | None = None) -> PageArticle:
    """The main text of a page, without menus, bylines, captions, related lists or comments."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
            deduplicate=False,
            prune_xpath=PRUNE_XPATH,
        )
    except Exception as exc:  # noqa: BLE001 - a page that breaks the parser is bad input
        raise IntakeError(f"{name}: the page could not be read as HTML ({exc})") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    paragraphs = _without_furniture([p for p in paragraphs if p], doc.title if doc else "")
    body = "\n\n".join(paragraphs)
    if len(body) < MIN_ARTICLE_CHARS:
        raise IntakeError(
            f"{name}: no article text found in the page (a front page, a login or cookie "
            "wall, or a page that loads its text with JavaScript?)"
        )
    outlet = re.sub(r"\s+", " ", doc.sitename or "").strip()
    title = _clean_title(doc.title or "", outlet) or paragraphs[0][:200]
    return PageArticle(
        title=title,
        body=body,
        outlet=outlet[:200],
        author=re.sub(r"\s+", " ", doc.author or "").strip()[:200],
        url=(doc.url or url or "").strip(),
        published=_date(html, url, doc.date),
    )


def _without_furniture(paragraphs: list[str], title: str) -> list[str]:
    """Drop what trafilatura keeps but a fact-checker does not want in the text.

    The headline repeated as the first paragraph, a pull quote that repeats a sentence
    of the text, a closing credit line, and the trailing "Related topics" style lists.
    """
    from factcheck.importing import strip_furniture

    title = re.sub(r"\s+", " ", title or "").strip().lower()
    if paragraphs and title and title.startswith(paragraphs[0].lower()):
        paragraphs = paragraphs[1:]
    kept = []
    for i, paragraph in enumerate(paragraphs):
        others = paragraphs[:i] + paragraphs[i + 1 :]
        if len(paragraph) < 300 and any(
            paragraph in other and paragraph != other for other in others
        ):
            continue  # a pull quote: the same words are in the text
        kept.append(paragraph)
    while kept and CREDIT_LINE.fullmatch(kept[-1]):
        kept.pop()
    kept = strip_furniture(kept)
    # A list left at the end ("- NHS", "- Strikes") is tags or links, not article text.
    while kept and kept[-1].startswith(("- ", "• ")) and len(kept[-1]) < 80:
        kept.pop()
    return kept
