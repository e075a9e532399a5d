"""Earlier verdicts: claims of other articles that say the same thing and were checked.

A claim is offered an earlier published verdict when the other claim is
  * in the same measure and their values agree (a figure with another value is a
    conflict, shown as such, never offered as the same claim), or
  * a quote or statement of the same story whose words are near-identical
    (``SAME_TEXT``: the share of shared words, over the shorter text).
Suggestions the reviewer linked or dismissed (ClaimLink rows) are not offered again.
"""

from __future__ import annotations

import re

from django.db.models import OuterRef, Subquery

from .agreement import values_agree

SAME_TEXT = 0.85  # near-identical: this share of the shorter text's words in the other
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> set:
    return set(_WORD.findall((text or "").lower().replace("’", "'")))


def near_identical(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if len(wa) < 4 or len(wb) < 4:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= SAME_TEXT


def _published(qs):
    from factcheck.models import Verdict

    pub = Verdict.objects.filter(claim=OuterRef("pk"), state=Verdict.State.PUBLISHED)
    return qs.annotate(
        rating_label=Subquery(pub.values("rating__label")[:1]),
        rating_colour=Subquery(pub.values("rating__colour")[:1]),
        verdict_rationale=Subquery(pub.values("rationale")[:1]),
    ).filter(rating_label__isnull=False)


def _as_dict(c) -> dict:
    return {
        "kind": c.kind,
        "low": c.low,
        "high": c.high,
        "qualifier": c.qualifier,
        "date": c.date,
        "granularity": c.granularity,
    }


UNKNOWN = object()


def earlier_verdicts(claim, *, entry=UNKNOWN, story_id=UNKNOWN) -> list:
    """Claims with a published verdict that say what `claim` says (see the module doc).

    `entry`: the claim's MeasureClaim (or None) when the caller has it already;
    `story_id`: its article's story (None: in no story) likewise."""
    from factcheck.models import Claim, ClaimLink, MeasureClaim, StoryArticle

    if entry is UNKNOWN:
        entry = MeasureClaim.objects.filter(claim=claim).first()
    by_words = claim.kind in ("quote", "statement") and story_id is not None
    if entry is None and not by_words:
        return []  # nothing to compare with: no query
    found = []
    if entry is not None:
        others = _published(
            Claim.objects.filter(measure_entry__measure_id=entry.measure_id)
            .exclude(article_id=claim.article_id)
            .select_related("article")
            .defer("article__body", "article__raw_text", "extracted")
        )
        for other in others:
            if values_agree(_as_dict(claim), _as_dict(other)):
                other.reason = "reports the same figure" if claim.kind != "date" else "same date"
                found.append(other)
    if by_words:
        if story_id is UNKNOWN:
            story = StoryArticle.objects.filter(article_id=claim.article_id).values("story_id")
            in_story = {"article__story_link__story_id__in": Subquery(story)}
        else:
            in_story = {"article__story_link__story_id": story_id}
        mine = claim.span if claim.kind == "quote" else claim.text
        others = _published(
            Claim.objects.filter(kind=claim.kind, **in_story)
            .exclude(article_id=claim.article_id)
            .select_related("article")
            .defer("article__body", "article__raw_text", "extracted")
        )
        for other in others:
            theirs = other.span if claim.kind == "quote" else other.text
            if near_identical(mine, theirs):
                other.reason = "says the same words"
                found.append(other)
    if not found:
        return []
    # The ones a reviewer already linked or dismissed are not suggested again.
    seen = set(ClaimLink.objects.filter(claim=claim).values_list("other_id", flat=True))
    return [other for other in found if other.pk not in seen]
