"""The per-article verdict report: its claims and verdicts, and the JSON-LD.

The article's text is highlighted by the template ({% highlight %}, templatetags/highlight.py).
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from factcheck.exports.claimreview import claim_reviews, jsonld_script
from factcheck.exports.common import (
    claim_anchor,
    first_published_at,
    published_verdict,
    rating_bounds,
    verdict_list,
    verdicts_prefetch,
)
from factcheck.models import Article, Claim, Verdict


@dataclass
class Correction:
    revision: Verdict
    replaced: Verdict | None


@dataclass
class ClaimEntry:
    claim: Claim
    verdict: Verdict | None  # the published verdict, if any
    first_published_at: object
    corrections: list[Correction]
    first: Verdict | None = None  # the first revision published: its reviewer and approver

    @property
    def anchor(self) -> str:
        return claim_anchor(self.claim.pk)


@dataclass
class ArticleReport:
    article: Article
    published: list[ClaimEntry]
    pending: list[ClaimEntry]
    claims: list[Claim]  # in text order, with rating_label/rating_colour when published
    jsonld: SafeString
    review_count: int


def article_report(article: Article) -> ArticleReport:
    """Everything the report page shows, in a fixed number of queries."""
    claims = list(
        article.claims.exclude(status=Claim.Status.DISMISSED)
        .order_by("start", "id")
        .prefetch_related(verdicts_prefetch(with_people=True))
    )
    for claim in claims:
        claim.article = article  # already loaded; saves a query per claim
    entries = [_entry(claim) for claim in claims]
    reviews = claim_reviews(claims, bounds=rating_bounds())
    return ArticleReport(
        article=article,
        published=[e for e in entries if e.verdict is not None],
        pending=[e for e in entries if e.verdict is None],
        claims=claims,
        jsonld=jsonld_script(reviews),
        review_count=len(reviews),
    )


def _entry(claim: Claim) -> ClaimEntry:
    verdicts = verdict_list(claim)
    on_record = [
        v for v in verdicts if v.state in (Verdict.State.PUBLISHED, Verdict.State.SUPERSEDED)
    ]
    published = published_verdict(verdicts)
    if published is not None:  # what the highlighter colours the claim by
        claim.rating_label, claim.rating_colour = published.rating.label, published.rating.colour
    fixes = []
    for index, verdict in enumerate(on_record):
        if verdict.correction_note:
            fixes.append(Correction(verdict, on_record[index - 1] if index else None))
    return ClaimEntry(
        claim=claim,
        verdict=published,
        first_published_at=first_published_at(verdicts),
        corrections=fixes,
        first=on_record[0] if on_record else None,
    )
