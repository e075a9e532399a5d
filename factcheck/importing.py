"""Seed-format article files (and their .meta.json sidecars) -> Article rows.

The seed format: a title line, a blank line, an optional line of source metadata
(kept verbatim, never interpreted), a blank line, then paragraphs separated by blank
lines. Page furniture at the end (a PHOTO CAPTION block, a lone outlet signature,
"Related Articles") stays in the raw text but not in the body claims come from.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

SIDECAR_SUFFIX = ".meta.json"
ARTICLE_SUFFIXES = {".txt", ""}

# Headings that start the page furniture at the foot of an article: from one of these
# on, nothing is article text.
FURNITURE_HEADINGS = re.compile(
    r"(photo caption|photo|caption|related articles?|related( stories| coverage)?|"
    r"read more|more on this( story)?|advertisement|share this( article)?|recommended)[:.]?",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…\"'”’)\]:]$")
# A metadata line is either numbers (e.g. "1808 0 256") or starts like a key in lower
# case (e.g. "src channel4"); prose starts with a capital, a digit-led sentence has
# punctuation.
METADATA_LINE = re.compile(r"[\d\s]+|[a-z][^\s]*(?:\s+[^\s]+){0,6}")


class ImportError_(Exception):
    """An article file that cannot be imported; the message names the problem."""


# The public name; the trailing underscore only avoids shadowing the builtin here.
ArticleImportError = ImportError_


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


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ArticleImportError(f"{name}: the file is empty")
    if len(data) > settings.MAX_ARTICLE_BYTES:
        raise ArticleImportError(
            f"{name}: the file is {len(data) / 1_048_576:.1f} MB; articles may be at most "
            f"{settings.MAX_ARTICLE_BYTES / 1_048_576:.0f} MB"
        )
    if b"\x00" in data:
        raise ArticleImportError(f"{name}: this is a binary file, not an article text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleImportError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise ArticleImportError(f"{name}: this looks like a binary file, not an article text")
    return text


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
    if not title or len(title) > 500 or not re.search(r"\w", title):
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

    @property
    def ok(self) -> bool:
        return not self.error


def import_article(
    data: bytes, name: str, *, sidecar: bytes | None = None, user=None, extract: bool = True
) -> ImportResult:
    """Import one article (bytes + optional sidecar bytes) in its own transaction."""
    from factcheck.models import Article

    try:
        parsed = parse_article(decode(data, name), name)
        meta = parse_sidecar(sidecar, name.removesuffix(".txt") + SIDECAR_SUFFIX)
    except ArticleImportError as exc:
        return ImportResult(name=name, error=str(exc))
    digest = content_hash(parsed.body, parsed.title)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return ImportResult(name=name, article=existing, created=False)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=parsed.title,
                body=parsed.body,
                raw_text=parsed.raw_text,
                source_line=parsed.source_line,
                outlet=meta.outlet,
                url=meta.url,
                published=meta.published,
                content_hash=digest,
                source_name=Path(name).name[:255],
                imported_by=user if getattr(user, "pk", None) else None,
            )
            if extract:
                transaction.on_commit(lambda: schedule_extraction(article))
    except IntegrityError:
        # Another import of the same text won the race: nothing is stored twice.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return ImportResult(name=name, article=existing, created=False)
    return ImportResult(name=name, article=article, created=True)


def schedule_extraction(article) -> None:
    """Queue claim extraction for a freshly imported article (a django.tasks task)."""
    from factcheck.tasks import extract_article_claims

    extract_article_claims.enqueue(article.pk)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".txt") + SIDECAR_SUFFIX)


def article_files(paths) -> list[Path]:
    """The article files named by PATHs (files, or folders searched one level deep)."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in sorted(path.iterdir()) if p.is_file() and p.suffix == ".txt")
        else:
            found.append(path)
    return found


def import_paths(paths, *, user=None, extract: bool = True) -> list[ImportResult]:
    """Import every article file under PATHs; each file stands or falls on its own."""
    results = []
    for path in article_files(paths):
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            error = f"{name}: cannot be read ({exc.strerror})"
            results.append(ImportResult(name=name, error=error))
            continue
        side = sidecar_path(path)
        side_data = side.read_bytes() if side.is_file() else None
        results.append(import_article(data, name, sidecar=side_data, user=user, extract=extract))
    return results


def import_uploaded(files, *, user=None) -> list[ImportResult]:
    """Import browser uploads: .txt articles, each with its NAME.meta.json if uploaded too."""
    by_name = {f.name: f for f in files}
    results = []
    for name, upload in by_name.items():
        if name.endswith(SIDECAR_SUFFIX):
            if name.removesuffix(SIDECAR_SUFFIX) + ".txt" not in by_name:
                results.append(
                    ImportResult(
                        name=name,
                        error=f"{name}: a sidecar without its article ("
                        f"{name.removesuffix(SIDECAR_SUFFIX)}.txt) was uploaded",
                    )
                )
            continue
        if upload.size > settings.MAX_ARTICLE_BYTES:
            # Refuse before reading a huge upload into memory.
            results.append(
                ImportResult(
                    name=name,
                    error=f"{name}: the file is {upload.size / 1_048_576:.1f} MB; "
                    f"articles may be at most {settings.MAX_ARTICLE_BYTES / 1_048_576:.0f} MB",
                )
            )
            continue
        side = by_name.get(name.removesuffix(".txt") + SIDECAR_SUFFIX)
        results.append(
            import_article(upload.read(), name, sidecar=side.read() if side else None, user=user)
        )
    return results
