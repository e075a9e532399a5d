"""Reviewed claims as an evaluation set, in the corpus's gold format (corpus ANNOTATION.md).

A newsroom that has checked its articles holds a gold standard of its own: every claim
people kept, corrected or added. `write_gold` writes each article as NAME.txt (the seed
format), NAME.meta.json and NAME.gold.json, so the corpus's scorer can score any extractor
on the newsroom's own articles. Claims rejected as not a claim or merged as duplicates are
left out; a claim the gold format cannot hold (a figure with no unit, a quote with no
speaker...) is skipped and named, never written half right.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify

from factcheck.models import Article, Claim
from factcheck.workflow import NOT_A_CLAIM

S = Claim.Status
OPEN = (S.NEW, S.QUEUED, S.IN_REVIEW, S.PROPOSED)
FIGURES = ("troops", "casualties", "quantity")
# Corpus metadata lines ("1808 0 256", "src slug"): a body paragraph like one would be read
# as the metadata line, so such an article gets a metadata line of its own first.
META_LINE = re.compile(r"^(\d+(\s+\d+)*|src\s+\S.*)$")


@dataclass
class GoldResult:
    written: list[str] = field(default_factory=list)  # file names
    claims: int = 0
    skipped: list[str] = field(default_factory=list)  # "article 3, claim #12: why"
    unfinished: list[int] = field(default_factory=list)  # articles left out


def finished_articles():
    """Articles with claims, none of them still waiting (new, queued, in review, proposed)."""
    return Article.objects.filter(claims__isnull=False).exclude(claims__status__in=OPEN).distinct()


def gold_claims(article):
    """The claims people kept (published, or dismissed for a reason other than not being a
    claim or a duplicate) or added, in text order."""
    return (
        article.claims.exclude(dismissal_reason=NOT_A_CLAIM)
        .exclude(merged_into__isnull=False)
        .exclude(status=S.DISMISSED, dismissal_reason__istartswith="duplicate")
        .order_by("start", "id")
    )


def _number(value):
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _sentence(body: str, claim) -> str | None:
    """The claim's sentence as the gold format wants it: verbatim in the body, one line,
    holding the span."""
    text = claim.text if claim.text and claim.text in body else ""
    if not text or claim.span not in text:
        text = body[claim.start : claim.end]
    if "\n" in text:
        line_start = body.rfind("\n", 0, claim.start) + 1
        line_end = body.find("\n", claim.end)
        line = body[line_start : len(body) if line_end < 0 else line_end].strip()
        text = line if claim.span in line else None
    return text


def _problem(entry: dict) -> str | None:
    """What the corpus validator would refuse in this entry (its rules), or None."""
    kind = entry["kind"]
    if kind in FIGURES:
        low, high, q = entry["low"], entry["high"], entry["qualifier"]
        if not entry["unit"].strip():
            return "a figure needs what is counted (unit)"
        rules = {
            "exact": low is not None and low == high,
            "about": low is not None and low == high,
            "more_than": low is not None and high is None,
            "at_least": low is not None and high is None,
            "less_than": high is not None and low is None,
            "up_to": high is not None and low is None,
            "range": low is not None and high is not None and low < high,
            "vague": low is None and high is None,
        }
        if not rules.get(q, False):
            return f"qualifier {q} does not fit low {low} and high {high}"
    elif kind == "date" and not entry["granularity"]:
        return "a date needs its precision"
    elif kind == "quote" and not entry["speaker"].strip():
        return "a quote needs its speaker"
    return None


def claim_entry(body: str, claim) -> tuple[dict | None, str]:
    """The claim as a gold entry, or (None, why not)."""
    sentence = _sentence(body, claim)
    if not sentence or not claim.span.strip():
        return None, "its words lie across lines"
    entry = {"kind": claim.kind, "sentence": sentence, "span": claim.span}
    if claim.kind in FIGURES:
        entry.update(
            low=_number(claim.low),
            high=_number(claim.high),
            qualifier=claim.qualifier or "exact",
            unit=claim.unit,
        )
    elif claim.kind == "date":
        entry.update(date=claim.date or None, granularity=claim.granularity)
    elif claim.kind == "quote":
        entry["speaker"] = claim.speaker
    problem = _problem(entry)
    return (None, problem) if problem else (entry, "")


def article_name(article) -> str:
    return f"{article.pk:05d}-{slugify(article.title)[:50] or 'article'}"


def article_text(article) -> str:
    """The article in the seed format: title, blank line, metadata line, blank line, body."""
    title = " ".join((article.title or "").split()) or f"Article {article.pk}"
    meta = " ".join((article.source_line or "").split())
    first = article.body.split("\n", 1)[0].strip()
    if not meta and META_LINE.match(first):
        meta = f"src article-{article.pk}"
    head = f"{title}\n\n{meta}\n\n" if meta else f"{title}\n\n"
    return head + article.body.strip("\n") + "\n"


def write_gold(directory, *, article_ids=None, include_unreviewed=False) -> GoldResult:
    """Write the gold files of finished articles (all articles with include_unreviewed)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    result = GoldResult()
    articles = Article.objects.order_by("pk")
    if article_ids:
        articles = articles.filter(pk__in=article_ids)
    finished = set(finished_articles().values_list("pk", flat=True))
    for article in articles.iterator(chunk_size=200):
        if not include_unreviewed and article.pk not in finished:
            result.unfinished.append(article.pk)
            continue
        name = article_name(article)
        body = article.body.strip("\n")
        claims, seen = [], set()
        for claim in gold_claims(article):
            entry, why = claim_entry(body, claim)
            key = entry and (entry["kind"], entry["sentence"], entry["span"])
            if entry is None or key in seen:
                why = why or "the same kind and words as another claim"
                result.skipped.append(f"article {article.pk}, claim #{claim.pk}: {why}")
                continue
            seen.add(key)
            claims.append(entry)
        published = article.published.isoformat() if article.published else None
        outlet = article.outlet or "unknown outlet"
        (out / f"{name}.txt").write_text(article_text(article), encoding="utf-8")
        meta = {"outlet": outlet, "url": article.url or None, "published": published}
        (out / f"{name}.meta.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
        gold = {"file": f"{name}.txt", "outlet": outlet, "published": published}
        if article.url:
            gold["url"] = article.url
        gold["claims"] = claims
        (out / f"{name}.gold.json").write_text(
            json.dumps(gold, indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
        result.written.append(f"{name}.txt")
        result.claims += len(claims)
    return result
