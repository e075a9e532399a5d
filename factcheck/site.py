"""The public site's addresses and publisher: SITE_URL, slugs, canonical URLs, the organisation.

Every absolute URL the app hands out (public pages, feed, sitemap, exports) is built here,
so a page and an export of the same verdict always name the same address.
"""

from functools import lru_cache
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

# Used only when SITE_URL is unset with DEBUG off, which a system check warns about.
FALLBACK_SITE_URL = "http://127.0.0.1:8000"
SLUG_MAX = 60


def site_url() -> str:
    return (settings.SITE_URL or FALLBACK_SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """SITE_URL + an absolute path ("/fact-checks/")."""
    return site_url() + path


def web_url(value: str | None) -> str:
    """`value` if it is an http(s) address with a host, else "" (ftp:, mailto:, junk)."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    if any(ch.isspace() for ch in value):
        return ""
    return value


def slug_for(text: str) -> str:
    """A readable slug from the claim's words, cut at a word boundary ("claim" if none)."""
    # Only the first words make the slug: slugify no more text than it can use (exports
    # build one per row).
    slug = slugify((text or "")[: SLUG_MAX * 2], allow_unicode=True)
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-") or "claim"


@lru_cache(maxsize=1)
def _index_path() -> str:
    return reverse("public_index")


def fact_check_path(claim_id: int, text: str) -> str:
    """/fact-checks/<id>-<slug>/ (what reverse("public_fact_check") gives, built faster)."""
    return f"{_index_path()}{int(claim_id)}-{quote(slug_for(text))}/"


def fact_check_url(claim_id: int, text: str) -> str:
    """The canonical public address of a claim's fact-check."""
    return absolute_url(fact_check_path(claim_id, text))


@lru_cache(maxsize=4096)
def _article_report_path(article_id: int) -> str:
    return reverse("public_article", kwargs={"pk": article_id})


def article_report_url(article_id: int) -> str:
    """The public report of an article (only its published fact-checks)."""
    return absolute_url(_article_report_path(article_id))


def organisation_name() -> str:
    return settings.FACTCHECK_ORG_NAME or "factcheck newsroom"


def organisation_url() -> str:
    """The organisation's home page, else the public index of this site."""
    return web_url(settings.FACTCHECK_ORG_URL) or absolute_url(reverse("public_index"))


def organisation_logo() -> str:
    return web_url(settings.FACTCHECK_ORG_LOGO)


def credits_names() -> bool:
    """Whether public pages name the people who checked (else the organisation only)."""
    return settings.FACTCHECK_CREDIT != "organisation"
