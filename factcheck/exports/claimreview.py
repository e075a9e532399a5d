"""The schema.org ClaimReview export: one ClaimReview per published verdict.

`url` is the fact-check's public page (factcheck.site), which anyone can open; the public
page embeds the very object built here.

A corrected verdict is exported as its current published revision: `reviewRating` and
`reviewBody` are the corrected ones, `datePublished` stays the first publication,
`dateModified` is when the correction was approved, and every correction is listed in
schema.org's `correction` property as a `CorrectionComment` (text and date).
"""

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from factcheck import site
from factcheck.exports.common import (
    ClaimCallback,
    article_prefetch,
    buffered,
    corrections,
    first_published_at,
    iso_date,
    iso_datetime,
    published_verdict,
    rating_bounds,
    stream,
    verdict_list,
    verdicts_prefetch,
)
from factcheck.models import Claim

SCHEMA_PATH = Path(__file__).with_name("claimreview.schema.json")

# The characters that could end a <script> element or start an HTML entity, as JSON escapes
# (what django.utils.html.json_script does).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def prepare(claims: QuerySet) -> QuerySet:
    return (
        claims.filter(status=Claim.Status.PUBLISHED)
        .order_by("article_id", "start", "id")
        .defer("entities")
        .prefetch_related(
            article_prefetch(),
            verdicts_prefetch(with_evidence=False),
            *FIRST_APPEARANCE_PREFETCH,
        )
    )


def organisation() -> dict:
    """The publishing organisation (ClaimReview author): name, home page, logo."""
    org = {"@type": "Organization", "name": site.organisation_name()}
    org["url"] = site.organisation_url()
    logo = site.organisation_logo()
    if logo:
        org["logo"] = {"@type": "ImageObject", "url": logo}
    return org


def _outlet(article) -> dict:
    """The outlet as an Organization (its host when it has no name, else the headline)."""
    host = urlsplit(site.web_url(article.url)).hostname or ""
    outlet = {"@type": "Organization", "name": article.outlet or host or article.title}
    return outlet


def _appearance(article) -> dict:
    work = {"@type": "CreativeWork", "headline": article.title}
    url = site.web_url(article.url)
    if url:  # only http(s): an ftp:// or mistyped address is left out, not exported
        work["url"] = url
    if article.published:
        work["datePublished"] = iso_date(article.published)
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    return work


def review_rating(rating, bounds: tuple[int | None, int | None]) -> dict:
    """The Rating: its label always; its value with the scale's ends when it is on the scale.

    The ends are the active scale's, widened to take in this rating if it has since been
    retired from the scale, so ratingValue is always within worstRating..bestRating.
    """
    out = {"@type": "Rating"}
    if rating.value is not None:
        best, worst = bounds
        out["ratingValue"] = rating.value
        out["bestRating"] = max(v for v in (best, rating.value) if v is not None)
        out["worstRating"] = min(v for v in (worst, rating.value) if v is not None)
    out["alternateName"] = rating.label
    out["name"] = rating.label
    return out


def claim_review(claim, *, bounds: tuple[int | None, int | None]) -> dict | None:
    """The ClaimReview of a claim's published verdict (None if it has none).

    The one builder of ClaimReview: exports and the public page both call it, so the same
    verdict gives the same object. Needs claim.article and the claim's revisions
    (verdicts_prefetch()) loaded.
    """
    verdicts = verdict_list(claim)
    verdict = published_verdict(verdicts)
    if verdict is None:
        return None
    article = claim.article

    if claim.kind == Claim.Kind.QUOTE and claim.speaker:
        claim_author = {"@type": "Person", "name": claim.speaker}
        first = None  # a quote was said before the article reported it: first place unknown
    else:
        claim_author = _outlet(article)
        first = _appearance(article)  # the outlet's own words first appeared in its article
    item = {"@type": "Claim", "author": claim_author, "appearance": _appearance(article)}
    # Another outlet's earlier report of the same value (stories), when the app has one.
    first = first_appearance(claim) or first
    if first is not None:
        item["firstAppearance"] = first
    if article.published:
        item["datePublished"] = iso_date(article.published)

    published_at = first_published_at(verdicts) or verdict.approved_at
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site.fact_check_url(claim.pk, claim.text),
        "claimReviewed": claim.text,
        "datePublished": iso_datetime(published_at),
        "author": organisation(),
        "reviewRating": review_rating(verdict.rating, bounds),
        "reviewBody": verdict.rationale,
        "itemReviewed": item,
    }
    fixes = corrections(verdicts)
    if fixes:
        review["dateModified"] = iso_datetime(verdict.approved_at)
        review["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": fix.correction_note,
                "datePublished": iso_datetime(fix.approved_at),
            }
            for fix in fixes
        ]
    return review


# What first_appearance reads, loaded for a whole batch of claims in a few queries.
FIRST_APPEARANCE_PREFETCH = ("measure_entry__measure__entries__claim__article",)


def first_appearance(claim) -> dict | None:
    """firstAppearance: the earliest article in the app reporting the claim's value.

    The claim's measure (factcheck/stories) holds the other outlets' reports of the same
    thing; of those whose value agrees with this claim's, the earliest published (then
    imported) article is the first appearance. None when the claim is in no measure.
    """
    from factcheck.stories.pages import earliest_report

    article = earliest_report(claim)
    if article is None:
        return None
    return _appearance(article)


def claim_reviews(claims, *, bounds=None) -> list[dict]:
    """ClaimReviews for already-loaded claims (the report page)."""
    bounds = bounds if bounds is not None else rating_bounds()
    return [r for r in (claim_review(c, bounds=bounds) for c in claims) if r is not None]


def write_claimreview(claims: QuerySet, *, on_claim: ClaimCallback = None) -> Iterator[str]:
    """A JSON array of ClaimReview objects, in chunks."""

    def pieces():
        bounds = rating_bounds()
        yield "["
        first = True
        for claim in stream(prepare(claims), on_claim):
            review = claim_review(claim, bounds=bounds)
            if review is None:
                continue
            yield ("\n" if first else ",\n") + json.dumps(review, ensure_ascii=False)
            first = False
        yield "\n]\n"

    return buffered(pieces())


def jsonld_script(reviews: list[dict]) -> SafeString:
    """A <script type="application/ld+json"> element no text inside can break out of."""
    payload = json.dumps(reviews, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
