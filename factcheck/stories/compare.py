"""Comparing article files: extract, group into stories, align measures (no database)."""

from __future__ import annotations

from . import grouping, measures


def compare(articles: list[dict], nlp) -> dict:
    """articles: extract_claims JSON entries ({"file", "title", "published", "body",
    "claims"}). Returns the score_stories.py format."""
    by_key = {a["file"]: a for a in articles}
    profs = grouping.profiles(
        (
            (a["file"], a.get("title") or "", a.get("body") or "", _date(a), a["claims"])
            for a in articles
        ),
        nlp,
    )
    stories = []
    for keys in grouping.group(profs):
        keys = sorted(keys)
        items = [(k, i, c) for k in keys for i, c in enumerate(by_key[k]["claims"])]
        found = measures.align(items, nlp) if len(keys) > 1 else []
        stories.append(
            {
                "files": keys,
                "measures": [
                    {
                        "claims": [
                            {
                                "file": f.article,
                                "span": f.claim.get("span", ""),
                                "text": f.claim.get("text", ""),
                            }
                            for f in m.members
                        ],
                        "values_agree": m.values_agree,
                    }
                    for m in found
                ],
            }
        )
    stories.sort(key=lambda s: (-len(s["files"]), s["files"]))
    return {"stories": stories}


def _date(article):
    import datetime

    p = article.get("published")
    if not p:
        return None
    try:
        return datetime.date.fromisoformat(str(p)[:10])
    except ValueError:
        return None
