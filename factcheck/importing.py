"""Articles in, from every way they reach a newsroom: files, pasted text, web pages and URLs.

Seed-format text: a title line, a blank line, an optional line of source metadata (kept
verbatim, never interpreted), a blank line, then paragraphs separated by blank lines.
Plain text is read the same way (first line title, the rest body). Page furniture at the
end (a PHOTO CAPTION block, a lone outlet signature, "Related Articles") stays in the raw
text but not in the body claims come from. HTML pages, saved or fetched, go through
factcheck.intake.html. Every way in ends in store_article: one dedupe, one transaction.
"""

import datetime
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from factcheck.intake import IntakeError
from factcheck.intake.html import decode_html, extract_page, looks_like_html
from factcheck.intake.text import decode_text, refuse_binary, strip_bidi_controls

SIDECAR_SUFFIX = ".meta.json"
ARTICLE_SUFFIXES = {".txt", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
INTAKE_SUFFIXES = ARTICLE_SUFFIXES | HTML_SUFFIXES
MAX_TITLE_CHARS = 500
MAX_URL_CHARS = 1000

# Headings that start the page furniture at the foot of an article: from one of these
# on, nothing is article text.
FURNITURE_HEADINGS = re.compile(
    r"(photo caption|photo|caption|related articles?|related( stories| coverage| topics)?|"
    r"read more|more on this( story)?|advertisement|share this( article)?|recommended|"
    r"more from .{1,40}|top stories|you might also like|most read)[:.]?",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…\"'”’)\]:]$")
# A metadata line is either numbers (e.g. "1808 0 256") or starts like a key in lower
# case (e.g. "src channel4"); prose starts with a capital, a digit-led sentence has
# punctuation.
METADATA_LINE = re.compile(r"[\d\s]+|[a-z][^\s]*(?:\s+[^\s]+){0,6}")

logger = logging.getLogger(__name__)

# Input that cannot become an article; the message names the input and the problem.
ArticleImportError = IntakeError
ImportError_ = IntakeError  # the earlier name


@dataclass
class ParsedArticle:
    title: str
    source_line: str
    body: str
    raw_text: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Sidecar:
    outlet: str = ""
    url: str = ""
    published: datetime.date | None = None


@dataclass
class ArticleDraft:
    """An article read from any input, checked and ready to store."""

    title: str
    body: str
    raw_text: str
    source_line: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: datetime.date | None = None
    notes: list[str] = field(default_factory=list)


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def check_size(size: int, name: str) -> None:
    if size > settings.MAX_ARTICLE_BYTES:
        raise ArticleImportError(
            f"{name}: the file is {_megabytes(size)}; articles may be at most "
            f"{settings.MAX_ARTICLE_BYTES / 1_048_576:.0f} MB"
        )


def decode(data: bytes, name: str) -> str:
    """An article file's text: empty, over-size and binary files refused, charset detected."""
    if not data.strip():
        raise ArticleImportError(f"{name}: the file is empty")
    check_size(len(data), name)
    return decode_text(data, name)


def _is_signature(paragraph: str) -> bool:
    """A lone outlet signature such as "Al-Jazeera" or "Reuters": a few words, no sentence."""
    words = paragraph.split()
    return (
        0 < len(words) <= 3
        and "\n" not in paragraph
        and not SENTENCE_END.search(paragraph)
        and paragraph[0].isupper()
    )


def strip_furniture(paragraphs: list[str]) -> list[str]:
    """Drop the page furniture that trails an article."""
    # Only the last part of an article can be furniture: look for a heading there.
    start = max(1, len(paragraphs) - 8)
    for i in range(start, len(paragraphs)):
        if FURNITURE_HEADINGS.fullmatch(paragraphs[i].strip()):
            paragraphs = paragraphs[:i]
            break
    while len(paragraphs) > 1 and _is_signature(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    return paragraphs


def parse_article(text: str, name: str = "article") -> ParsedArticle:
    """Split a seed-format text into title, metadata line and body."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b.strip() for b in re.split(r"\n[ \t\u00a0]*\n", text)]
    blocks = [b for b in blocks if b]
    if not blocks:
        raise ArticleImportError(f"{name}: the file is empty")
    title_block = blocks.pop(0)
    title, _, rest = title_block.partition("\n")
    title = title.strip()
    if rest.strip():
        # The title line runs straight into the text: keep the rest as the first paragraph.
        blocks.insert(0, rest.strip())
    if len(title) > MAX_TITLE_CHARS:
        raise ArticleImportError(
            f"{name}: the first line is {len(title)} characters long, too long for a title "
            f"(at most {MAX_TITLE_CHARS}); put the title on the first line, then the text"
        )
    if not title or not re.search(r"\w", title):
        raise ArticleImportError(f"{name}: no title line (the first line must be the title)")
    source_line = ""
    if (
        blocks
        and "\n" not in blocks[0]
        and METADATA_LINE.fullmatch(blocks[0])
        and not SENTENCE_END.search(blocks[0])
    ):
        source_line = blocks.pop(0)
    paragraphs = strip_furniture([re.sub(r"[ \t]+\n", "\n", b) for b in blocks])
    if not paragraphs:
        raise ArticleImportError(f"{name}: the article has a title but no text")
    return ParsedArticle(
        title=title,
        source_line=source_line,
        body="\n\n".join(paragraphs),
        raw_text=text,
        paragraphs=paragraphs,
    )


def parse_sidecar(data: bytes | None, name: str) -> Sidecar:
    if data is None:
        return Sidecar()
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleImportError(f"{name}: the sidecar is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise ArticleImportError(f"{name}: the sidecar must be a JSON object")
    for key in ("outlet", "url", "published"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise ArticleImportError(f"{name}: sidecar field '{key}' must be a string")
    published = None
    if meta.get("published"):
        try:
            published = datetime.date.fromisoformat(meta["published"])
        except ValueError:
            raise ArticleImportError(
                f"{name}: sidecar 'published' is not an ISO date (YYYY-MM-DD): "
                f"{meta['published']!r}"
            ) from None
    url = (meta.get("url") or "").strip()
    if url and not re.match(r"https?://", url):
        raise ArticleImportError(f"{name}: sidecar 'url' must start with http:// or https://")
    return Sidecar(
        outlet=(meta.get("outlet") or "").strip()[:200], url=url[:1000], published=published
    )


def content_hash(body: str, title: str) -> str:
    """The identity of an article's text: the same text is never stored twice."""
    normalized = re.sub(r"\s+", " ", f"{title}\n{body}").strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


@dataclass
class ImportResult:
    name: str
    article: object = None
    created: bool = False
    error: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def pending(self) -> bool:
        """The article is in the app but its claims are not extracted (yet, or it failed)."""
        return self.article is not None and self.article.extracted_at is None


# --- reading: bytes of any kind -> a checked ArticleDraft --------------------------------


def read_article(
    data: bytes,
    name: str,
    *,
    sidecar: bytes | None = None,
    url: str = "",
    http_charset: str | None = None,
    html: bool | None = None,
) -> ArticleDraft:
    """Read an article from a file's bytes: HTML by its suffix or its content, else text.

    `html`: True for a fetched page (whatever its name), None to decide from name and content.
    """
    if not data.strip():
        raise ArticleImportError(f"{name}: the file is empty")
    check_size(len(data), name)
    refuse_binary(data, name)
    if html is None:
        html = Path(name).suffix.lower() in HTML_SUFFIXES
    if html:
        text = decode_html(data, name, http_charset=http_charset)
    else:
        text = decode_text(data, name)
        # HTML saved as .txt (or with no suffix) is still a web page, not a title "<html>".
        html = looks_like_html(text)
    if html:
        draft = _draft_from_html(text, name, url=url)
    else:
        parsed = parse_article(text, name)
        draft = ArticleDraft(
            title=parsed.title,
            body=parsed.body,
            raw_text=parsed.raw_text,
            source_line=parsed.source_line,
            url=url,
        )
    if sidecar is not None:
        meta = parse_sidecar(sidecar, _sidecar_name(name))
        draft.outlet = meta.outlet or draft.outlet
        draft.url = meta.url or draft.url
        draft.published = meta.published or draft.published
    return check_draft(draft, name)


def _draft_from_html(text: str, name: str, *, url: str) -> ArticleDraft:
    page = extract_page(text, name, url=url or None)
    notes = []
    title = page.title
    if len(title) > MAX_TITLE_CHARS:
        # A page's title is what the outlet made it; keep its start rather than refuse it.
        cut = title[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0]
        notes.append(f"the page title was {len(title)} characters long; it was shortened")
        title = cut + "…"
    return ArticleDraft(
        title=title,
        body=page.body,
        raw_text=text,
        outlet=page.outlet,
        author=page.author,
        url=url or page.url,
        published=page.published,
        notes=notes,
    )


def check_draft(draft: ArticleDraft, name: str) -> ArticleDraft:
    """The rules every article meets, whichever way it came in."""
    draft.title, removed_title = strip_bidi_controls(draft.title)
    draft.body, removed_body = strip_bidi_controls(draft.body)
    if removed_title:
        draft.notes.append(
            f"removed {removed_title} right-to-left override character(s) from the title "
            "(they can make a title display differently from what it says)"
        )
    if removed_body:
        draft.notes.append(
            f"removed {removed_body} right-to-left override character(s) from the text"
        )
    # PostgreSQL cannot store NUL characters; a few in a UTF-16 file are noise.
    draft.title, draft.body = draft.title.replace("\x00", ""), draft.body.replace("\x00", "")
    draft.raw_text = draft.raw_text.replace("\x00", "")
    draft.title = re.sub(r"\s+", " ", draft.title).strip()
    draft.body = draft.body.strip()
    if not draft.title or not re.search(r"\w", draft.title):
        raise ArticleImportError(f"{name}: the article has no title")
    if len(draft.title) > MAX_TITLE_CHARS:
        raise ArticleImportError(
            f"{name}: the title is {len(draft.title)} characters long; "
            f"titles may be at most {MAX_TITLE_CHARS}"
        )
    if not draft.body:
        raise ArticleImportError(f"{name}: the article has a title but no text")
    check_size(len(draft.body.encode()), name)
    draft.outlet = draft.outlet.strip()[:200]
    draft.url = draft.url.strip()
    if len(draft.url) > MAX_URL_CHARS:
        draft.notes.append(
            f"the address was longer than {MAX_URL_CHARS} characters and was not kept"
        )
        draft.url = ""
    if draft.url and not re.match(r"https?://", draft.url):
        draft.url = ""
    return draft


def _sidecar_name(name: str) -> str:
    stem = name
    for suffix in sorted(INTAKE_SUFFIXES - {""}, key=len, reverse=True):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem + SIDECAR_SUFFIX


# --- storing: one dedupe, one transaction, extraction that is never lost -------------------


def store_article(
    draft: ArticleDraft, name: str, *, user=None, extract: bool = True
) -> ImportResult:
    """Store a checked draft unless the same text is already in the app.

    An article already present whose claims were never extracted (an import stopped
    half-way, a worker that never ran) is scheduled again when `extract` is on.
    """
    from factcheck.models import Article

    digest = content_hash(draft.body, draft.title)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is None:
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    title=draft.title,
                    body=draft.body,
                    raw_text=draft.raw_text,
                    source_line=draft.source_line[:500],
                    outlet=draft.outlet,
                    author=draft.author[:200],
                    url=draft.url,
                    published=draft.published,
                    content_hash=digest,
                    source_name=Path(name).name[:255],
                    imported_by=user if getattr(user, "pk", None) else None,
                )
                if extract:
                    transaction.on_commit(lambda: schedule_extraction(article))
            return ImportResult(name=name, article=article, created=True, notes=draft.notes)
        except IntegrityError:
            # Another import of the same text won the race: nothing is stored twice.
            existing = Article.objects.filter(content_hash=digest).first()
            if existing is None:
                raise
    return _already_present(existing, name, extract=extract, notes=draft.notes)


def _already_present(article, name, *, extract: bool, notes=()) -> ImportResult:
    if extract and article.extracted_at is None:
        schedule_extraction(article)
    return ImportResult(name=name, article=article, created=False, notes=list(notes))


def import_article(
    data: bytes,
    name: str,
    *,
    sidecar: bytes | None = None,
    user=None,
    extract: bool = True,
    url: str = "",
    http_charset: str | None = None,
    html: bool | None = None,
) -> ImportResult:
    """Import one article (bytes + optional sidecar bytes) in its own transaction."""
    try:
        draft = read_article(
            data, name, sidecar=sidecar, url=url, http_charset=http_charset, html=html
        )
    except ArticleImportError as exc:
        return ImportResult(name=name, error=str(exc))
    except Exception as exc:  # a parser bug on one odd file must not end the batch
        logger.exception("reading %s failed", name)
        return ImportResult(name=name, error=f"{name}: could not be read ({type(exc).__name__})")
    return store_article(draft, name, user=user, extract=extract)


def import_text(
    *,
    title: str,
    body: str,
    outlet: str = "",
    url: str = "",
    published=None,
    user=None,
    extract: bool = True,
) -> ImportResult:
    """Import pasted text: the same checks, dedupe and extraction as a file."""
    name = "pasted text"
    draft = ArticleDraft(
        title=title,
        body=re.sub(r"\r\n?", "\n", body),
        raw_text=f"{title}\n\n{body}",
        outlet=outlet,
        url=url,
        published=published,
    )
    try:
        draft = check_draft(draft, name)
    except ArticleImportError as exc:
        return ImportResult(name=name, error=str(exc))
    return store_article(draft, name, user=user, extract=extract)


def import_url(url: str, *, user=None, extract: bool = True, outlet: str = "") -> ImportResult:
    """Fetch a page by its address (factcheck.intake.fetch: public addresses only) and import it.

    A page already imported from the same address is not fetched again.
    """
    from factcheck.intake.fetch import fetch
    from factcheck.models import Article

    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        return ImportResult(
            name=url[:80] + "…", error=f"the address is longer than {MAX_URL_CHARS} characters"
        )
    existing = Article.objects.filter(url=url).order_by("pk").first()
    if existing is not None:
        return _already_present(existing, url, extract=extract)
    try:
        page = fetch(url)
        draft = read_article(page.content, url, url=page.url, http_charset=page.charset, html=True)
    except ArticleImportError as exc:
        message = str(exc)
        return ImportResult(
            name=url, error=message if message.startswith(url) else f"{url}: {message}"
        )
    if outlet and not draft.outlet:
        draft.outlet = outlet[:200]
    if page.url != url:
        moved = Article.objects.filter(url=page.url).order_by("pk").first()
        if moved is not None:
            return _already_present(moved, url, extract=extract)
    return store_article(draft, url, user=user, extract=extract)


def schedule_extraction(article) -> None:
    """Queue claim extraction for an imported article (a django.tasks task)."""
    from factcheck.tasks import extract_article_claims

    extract_article_claims.enqueue(article.pk)


def extract_now(article) -> int:
    """Extract an article's claims in this process (the command line's foreground mode)."""
    from factcheck.tasks import extract_article_claims

    return extract_article_claims.call(article.pk)


# --- files and folders --------------------------------------------------------------------


def sidecar_path(path: Path) -> Path:
    return path.with_name(_sidecar_name(path.name))


@dataclass
class FoundFile:
    path: Path
    error: str = ""


def find_files(paths, suffixes=INTAKE_SUFFIXES) -> list[FoundFile]:
    """The article files named by PATHs: files as named, folders searched one level deep.

    Inside a folder, symbolic links and anything resolving outside the folder are refused
    (listed with the reason), so a link planted in an import folder cannot pull in
    /etc/passwd or another user's files.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.append(FoundFile(path))
            continue
        root = path.resolve()
        for entry in sorted(path.iterdir()):
            if entry.name.endswith(SIDECAR_SUFFIX) or entry.suffix.lower() not in suffixes:
                continue
            if entry.is_symlink():
                found.append(FoundFile(entry, f"{entry}: a symbolic link; links are not followed"))
            elif not entry.resolve().is_relative_to(root):
                found.append(FoundFile(entry, f"{entry}: outside the folder {path}; not read"))
            elif entry.is_file():
                found.append(FoundFile(entry))
    return found


def article_files(paths, suffixes=ARTICLE_SUFFIXES) -> list[Path]:
    """The readable article files named by PATHs (refused links left out)."""
    return [f.path for f in find_files(paths, suffixes) if not f.error]


def _read_file(path: Path, *, in_folder: bool) -> bytes:
    """A file's bytes; inside a folder a symbolic link swapped in at the last moment is refused."""
    flags = os.O_RDONLY | (getattr(os, "O_NOFOLLOW", 0) if in_folder else 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        check_size(size, str(path))
        return handle.read()


def read_path(found: FoundFile, *, named: set[str]) -> tuple[bytes, bytes | None]:
    """The bytes of an article file and of its sidecar (None without one)."""
    in_folder = str(found.path) not in named
    data = _read_file(found.path, in_folder=in_folder)
    side = sidecar_path(found.path)
    side_data = None
    if side.is_symlink():
        raise ArticleImportError(f"{side}: a symbolic link; links are not followed")
    if side.is_file():
        side_data = _read_file(side, in_folder=in_folder)
    return data, side_data


def import_paths(paths, *, user=None, extract: bool = True) -> list[ImportResult]:
    """Import every article file under PATHs; each file stands or falls on its own."""
    named = {str(Path(p)) for p in paths}
    results = []
    for found in find_files(paths):
        results.append(import_found(found, named=named, user=user, extract=extract))
    return results


def import_found(found: FoundFile, *, named: set[str], user=None, extract=True) -> ImportResult:
    name = str(found.path)
    if found.error:
        return ImportResult(name=name, error=found.error)
    try:
        data, side_data = read_path(found, named=named)
    except ArticleImportError as exc:
        return ImportResult(name=name, error=str(exc))
    except OSError as exc:
        if getattr(exc, "errno", None) == getattr(os, "ELOOP", -1):
            return ImportResult(name=name, error=f"{name}: a symbolic link; links are not followed")
        return ImportResult(name=name, error=f"{name}: cannot be read ({exc.strerror or exc})")
    return import_article(data, name, sidecar=side_data, user=user, extract=extract)


# --- browser uploads ----------------------------------------------------------------------


def import_uploaded(files, *, user=None, refused=None) -> list[ImportResult]:
    """Import browser uploads: articles (.txt, .html), each with its NAME.meta.json if uploaded.

    Every file is imported, two with the same name included (the second is listed as
    "name (2)"). `refused`: {index in files: reason} for files the upload handler would
    not take (too large), reported without reading them.
    """
    refused = refused or {}
    sidecars: dict[str, list] = {}
    for upload in files:
        if upload.name.endswith(SIDECAR_SUFFIX):
            sidecars.setdefault(upload.name, []).append(upload)
    article_names = {_sidecar_name(f.name) for f in files if not f.name.endswith(SIDECAR_SUFFIX)}
    results = []
    seen: dict[str, int] = {}
    for index, upload in enumerate(files):
        name = upload.name
        if name.endswith(SIDECAR_SUFFIX):
            if name not in article_names:
                results.append(
                    ImportResult(
                        name=name,
                        error=f"{name}: a sidecar without its article ("
                        f"{name.removesuffix(SIDECAR_SUFFIX)}.txt) was uploaded",
                    )
                )
            continue
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name} ({seen[name]})"
        if index in refused:
            results.append(ImportResult(name=label, error=f"{label}: {refused[index]}"))
            continue
        if upload.size > settings.MAX_ARTICLE_BYTES:
            # Refuse before reading a huge upload into memory.
            results.append(
                ImportResult(
                    name=label,
                    error=f"{label}: the file is {_megabytes(upload.size)}; articles may be at "
                    f"most {settings.MAX_ARTICLE_BYTES / 1_048_576:.0f} MB",
                )
            )
            continue
        # Same-named articles take same-named sidecars in upload order.
        candidates = sidecars.get(_sidecar_name(name), [])
        side = candidates[min(seen[name], len(candidates)) - 1] if candidates else None
        is_html = Path(name).suffix.lower() in HTML_SUFFIXES
        results.append(
            import_article(
                upload.read(),
                label,
                sidecar=side.read() if side else None,
                user=user,
                html=True if is_html else None,
            )
        )
        if side:
            side.seek(0)
    return results


# --- feeds --------------------------------------------------------------------------------


@dataclass
class FeedReport:
    feed: object
    results: list[ImportResult] = field(default_factory=list)
    skipped: int = 0  # entries whose address is already in the app
    error: str = ""
    not_modified: bool = False

    @property
    def imported(self) -> int:
        return sum(1 for r in self.results if r.created)

    @property
    def failed(self) -> list[ImportResult]:
        return [r for r in self.results if not r.ok]


def poll_feed(feed, *, extract: bool = True) -> FeedReport:
    """Fetch a feed and import each new entry's page by its address.

    Entries already imported are skipped by address (and by text, in store_article).
    A broken feed or page is recorded on the feed and never raises; other feeds and
    other entries go on.
    """
    from django.utils import timezone

    from factcheck.intake.feeds import parse_feed
    from factcheck.intake.fetch import FEED_TYPES, fetch
    from factcheck.models import Article

    report = FeedReport(feed=feed)
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    notes = []
    page = None
    try:
        page = fetch(feed.url, accept=FEED_TYPES, what="an RSS or Atom feed", headers=headers)
        if page.status == 304:
            report.not_modified = True
        else:
            limit = settings.INTAKE_FEED_MAX_ENTRIES
            parsed = parse_feed(page.content, feed.url, max_entries=limit)
            if parsed.total > limit:
                notes.append(
                    f"the feed lists {parsed.total:,} entries; only the first {limit:,} were read"
                )
            urls = [e.url for e in parsed.entries]
            known = set(Article.objects.filter(url__in=urls).values_list("url", flat=True))
            for entry in parsed.entries:
                if entry.url in known:
                    report.skipped += 1
                    continue
                known.add(entry.url)
                try:
                    result = import_url(entry.url, extract=extract, outlet=feed.outlet)
                except Exception as exc:  # one page must never stop the others
                    logger.exception("feed entry %s failed", entry.url)
                    result = ImportResult(name=entry.url, error=f"{entry.url}: {exc}")
                report.results.append(result)
    except IntakeError as exc:
        report.error = str(exc)
    except Exception as exc:  # a feed that breaks the parser is that feed's problem only
        logger.exception("feed %s failed", feed.url)
        report.error = f"{feed.url}: {type(exc).__name__}: {exc}"
    failures = [r.error for r in report.failed]
    problems = ([report.error] if report.error else []) + notes + failures[:20]
    if len(failures) > 20:
        problems.append(f"and {len(failures) - 20} more pages failed")
    feed.last_polled_at = timezone.now()
    feed.last_error = "\n".join(problems)
    feed.last_imported = report.imported
    if page is not None and page.status != 304 and not report.error and not failures:
        # Only a poll that read everything may let the server answer "not modified" next time.
        feed.etag = page.etag[:500]
        feed.last_modified = page.last_modified[:100]
    feed.save(
        update_fields=["last_polled_at", "last_error", "last_imported", "etag", "last_modified"]
    )
    return report


def poll_feeds(feeds=None, *, extract: bool = True) -> list[FeedReport]:
    """Poll every active feed (or those given), one after the other."""
    from factcheck.models import Feed

    feeds = Feed.objects.filter(active=True) if feeds is None else feeds
    return [poll_feed(feed, extract=extract) for feed in feeds]


# --- extraction progress (read side of the import result page) ------------------------------

MAX_PROGRESS_ARTICLES = 500


@dataclass
class ArticleProgress:
    article: object
    state: str  # "waiting", "done" or "failed"
    claims: list

    @property
    def done(self) -> bool:
        return self.state != "waiting"

    @property
    def stalled(self) -> bool:
        """Waiting for longer than a worker normally takes: perhaps no worker is running."""
        import datetime

        from django.utils import timezone

        waited = timezone.now() - self.article.imported_at
        return not self.done and waited > datetime.timedelta(minutes=2)


def extraction_progress(article_ids) -> list[ArticleProgress]:
    """Each article's extraction state with its claims, in the order given (two queries)."""
    from factcheck.models import Article, Claim

    ids = list(dict.fromkeys(article_ids))[:MAX_PROGRESS_ARTICLES]
    articles = Article.objects.filter(pk__in=ids).only(
        "id", "title", "outlet", "imported_at", "extracted_at", "extraction_error"
    )
    by_id = {a.pk: a for a in articles}
    claims: dict[int, list] = {}
    for claim in (
        Claim.objects.filter(article_id__in=by_id)
        .only("id", "article_id", "kind", "span", "text", "start")
        .order_by("article_id", "start", "id")
    ):
        claims.setdefault(claim.article_id, []).append(claim)
    progress = []
    for pk in ids:
        article = by_id.get(pk)
        if article is None:
            continue
        if article.extracted_at is not None:
            state = "done"
        elif article.extraction_error:
            state = "failed"
        else:
            state = "waiting"
        progress.append(ArticleProgress(article=article, state=state, claims=claims.get(pk, [])))
    return progress
