"""Claim extraction: figures, dates, quotes and statements from an article body.

    from factcheck.extraction import extract_claims
    drafts = extract_claims(article.body, article.published)

See docs/extraction.md for the rules.
"""

from .draft import ClaimDraft
from .pipeline import EXTRACTOR_VERSION, extract_claims

__all__ = ["EXTRACTOR_VERSION", "ClaimDraft", "extract_claims"]
