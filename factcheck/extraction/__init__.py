"""Claim extraction: figures, dates, quotes and statements from an article body.

    from factcheck.extraction import extract_claims
    drafts = extract_claims(article.body, article.published)
    for drafts in extract_many((a.body, a.published) for a in articles): ...

See docs/extraction.md for the rules.
"""

from .draft import ClaimDraft
from .pipeline import EXTRACTOR_VERSION, extract_claims, extract_many

__all__ = ["EXTRACTOR_VERSION", "ClaimDraft", "extract_claims", "extract_many"]
