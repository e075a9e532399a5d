"""The public side's read model: published fact-checks, their index, and the page cache version.

Only what was published is ever read here: a claim's current `published` revision and the
`superseded` ones before it. A pending correction (a `proposed` revision on a published
claim), a returned draft or anything not yet approved never reaches a public page.
"""

import hashlib
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from factcheck import site
from factcheck.exports.claimreview import claim_review, jsonld_script
from factcheck.exports.common import (
    corrections,
    first_published_at,
    published_verdict,
    rating_bounds,
    verdict_list,
    verdicts_prefetch,
)
from factcheck.exports.report import ClaimEntry, highlighted_body
from factcheck.models import Article, Claim, Evidence, Rating, Verdict

ON_RECORD = (Verdict.State.PUBLISHED, Verdict.State.SUPERSEDED)
PAGE_SIZE = 20
FEED_SIZE = 50


# --- people and credit --------------------------------------------------------------------


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


@dataclass
class Credit:
    """Who to thank, in words, as the organisation chose (names or the organisation only)."""

    checked_by: str
    approved_by: str
    by_name: bool


def _credit(author, approver) -> Credit:
    if site.credits_names():
        return Credit(person_name(author), person_name(approver), True)
    org = site.organisation_name()
    return Credit(org, org, False)


# --- one fact-check -----------------------------------------------------------------------


@dataclass
class PublicCorrection:
    revision: Verdict  # the correcting revision
    replaced: Verdict | None  # the revision it replaced
    credit: Credit

    @property
    def rating_changed(self) -> bool:
        return self.replaced is not None and self.replaced.rating_id != self.revision.rating_id


@dataclass
class FactCheck:
    claim: Claim
    article: Article
    verdict: Verdict  # the current published revision
    evidence: list
    credit: Credit  # checker: author of the first published revision; its approver
    published_at: object
    modified_at: object  # None until a correction
    corrections: list = field(default_factory=list)
    review: dict = field(default_factory=dict)

    @property
    def rating(self) -> Rating:
        return self.verdict.rating

    @property
    def url(self) -> str:
        return self.review["url"]

    @property
    def path(self) -> str:
        return site.fact_check_path(self.claim.pk, self.claim.text)

    @property
    def slug(self) -> str:
        return site.slug_for(self.claim.text)

    @property
    def sentence_html(self) -> SafeString:
        """The claim's sentence, escaped, with the words checked marked."""
        text, span = self.claim.text, self.claim.span
        at = text.find(span) if span else -1
        if at < 0 or span == text:
            return escape(text)
        return format_html(
            '{}<mark class="claim-words">{}</mark>{}', text[:at], span, text[at + len(span) :]
        )

    @property
    def jsonld(self) -> SafeString:
        return jsonld_script(self.review)

    @property
    def article_url(self) -> str:
        return site.web_url(self.article.url)


def _cited_prefetch() -> Prefetch:
    # One query for every cited source of every revision, whatever their number.
    return verdicts_prefetch(with_people=True)


def build_fact_check(claim: Claim, *, bounds=None) -> FactCheck | None:
    """The fact-check of a claim whose article and revisions (with people) are loaded."""
    verdicts = verdict_list(claim)
    verdict = published_verdict(verdicts)
    if verdict is None:
        return None
    bounds = bounds if bounds is not None else rating_bounds()
    on_record = [v for v in verdicts if v.state in ON_RECORD]
    first = on_record[0]
    fixes = []
    for index, revision in enumerate(on_record):
        if revision.correction_note:
            fixes.append(
                PublicCorrection(
                    revision,
                    on_record[index - 1] if index else None,
                    _credit(revision.author, revision.approved_by),
                )
            )
    return FactCheck(
        claim=claim,
        article=claim.article,
        verdict=verdict,
        evidence=list(getattr(verdict, "cited", [])),
        credit=_credit(first.author, first.approved_by),
        published_at=first_published_at(verdicts) or verdict.approved_at,
        modified_at=verdict.approved_at if corrections(verdicts) else None,
        corrections=fixes,
        review=claim_review(claim, bounds=bounds),
    )


def fact_check(pk: int) -> FactCheck:
    """The published fact-check of claim `pk`; Http404 if it has none (or does not exist)."""
    claim = (
        Claim.objects.filter(pk=pk, status=Claim.Status.PUBLISHED)
        .select_related("article")
        .defer("entities", "article__raw_text")
        .prefetch_related(_cited_prefetch())
        .first()
    )
    result = build_fact_check(claim) if claim is not None else None
    if result is None:
        raise Http404("No published fact-check here.")
    return result


# --- the index ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexFilters:
    q: str = ""
    rating: str = ""
    outlet: str = ""
    page: str = "1"

    @classmethod
    def from_query(cls, query) -> "IndexFilters":
        return cls(
            q=" ".join(query.get("q", "").split())[:200],
            rating=query.get("rating", "").strip()[:60],
            outlet=query.get("outlet", "").strip()[:200],
            page=query.get("page", "1").strip()[:10] or "1",
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.rating or self.outlet)


def published_verdicts() -> QuerySet:
    """Every published fact-check as its current revision, newest first publication first."""
    first = (
        Verdict.objects.filter(claim=OuterRef("claim"), state__in=ON_RECORD)
        .order_by("approved_at")
        .values("approved_at")[:1]
    )
    return (
        Verdict.objects.filter(state=Verdict.State.PUBLISHED, claim__status=Claim.Status.PUBLISHED)
        .select_related("rating", "claim", "claim__article")
        .only(
            "id",
            "approved_at",
            "revision",
            "correction_note",
            "rating__label",
            "rating__slug",
            "rating__description",
            "claim__id",
            "claim__text",
            "claim__kind",
            "claim__speaker",
            "claim__article__id",
            "claim__article__title",
            "claim__article__outlet",
            "claim__article__published",
        )
        .annotate(first_published_at=Subquery(first))
        .order_by("-first_published_at", "-id")
    )


@dataclass
class IndexPage:
    filters: IndexFilters
    page: object  # django Page of Verdict rows
    ratings: list
    outlets: list
    count: int


def index_page(filters: IndexFilters) -> IndexPage:
    verdicts = published_verdicts()
    if filters.rating:
        verdicts = verdicts.filter(rating__slug=filters.rating)
    if filters.outlet:
        verdicts = verdicts.filter(claim__article__outlet=filters.outlet)
    for word in filters.q.split()[:8]:
        verdicts = verdicts.filter(
            Q(claim__text__icontains=word)
            | Q(rationale__icontains=word)
            | Q(claim__article__title__icontains=word)
            | Q(claim__speaker__icontains=word)
        )
    paginator = Paginator(verdicts, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    for verdict in page.object_list:
        verdict.public_path = site.fact_check_path(verdict.claim_id, verdict.claim.text)
        verdict.corrected = verdict.approved_at != verdict.first_published_at
    published = Verdict.objects.filter(state=Verdict.State.PUBLISHED)
    outlets = sorted(
        o
        for o in published.order_by().values_list("claim__article__outlet", flat=True).distinct()
        if o  # empty outlets are not offered as a filter
    )
    ratings = list(
        Rating.objects.filter(pk__in=published.values("rating_id")).order_by("order", "id")
    )
    return IndexPage(filters, page, ratings, outlets, paginator.count)


# --- one article ---------------------------------------------------------------------------


@dataclass
class PublicArticle:
    article: Article
    fact_checks: list  # FactCheck, in text order
    body_html: SafeString
    jsonld: SafeString


def article_report(pk: int) -> PublicArticle:
    """An article with its published fact-checks only; Http404 if none is published."""
    article = Article.objects.filter(pk=pk).defer("raw_text").first()
    if article is None:
        raise Http404("No such article.")
    claims = list(
        article.claims.filter(status=Claim.Status.PUBLISHED)
        .defer("entities")
        .order_by("start", "id")
        .prefetch_related(_cited_prefetch())
    )
    bounds = rating_bounds()
    checks = []
    for claim in claims:
        claim.article = article
        built = build_fact_check(claim, bounds=bounds)
        if built is not None:
            checks.append(built)
    if not checks:
        raise Http404("Nothing on this article has been published.")
    entries = [ClaimEntry(fc.claim, fc.verdict, fc.published_at, []) for fc in checks]
    return PublicArticle(
        article=article,
        fact_checks=checks,
        body_html=highlighted_body(article.body, entries, mark=_public_mark),
        jsonld=jsonld_script([fc.review for fc in checks]),
    )


def _public_mark(text_html: SafeString, entry: ClaimEntry) -> SafeString:
    """A published claim marked in the text, linked to its verdict below; colours by class."""
    rating = entry.verdict.rating
    return format_html(
        '<a class="claim-mark" href="#{}"><mark class="claim rating-mark rating-{}">{}</mark>'
        '<span class="rating-badge rating-{}">{}</span></a>',
        entry.anchor,
        rating.slug,
        text_html,
        rating.slug,
        rating.label,
    )


# --- feed and sitemap ----------------------------------------------------------------------


def feed_items(limit: int = FEED_SIZE) -> list[FactCheck]:
    """The latest new or corrected fact-checks, most recently changed first."""
    ids = list(
        Verdict.objects.filter(state=Verdict.State.PUBLISHED, claim__status=Claim.Status.PUBLISHED)
        .order_by("-approved_at", "-id")
        .values_list("claim_id", flat=True)[:limit]
    )
    claims = (
        Claim.objects.filter(pk__in=ids)
        .select_related("article")
        .defer("entities", "article__raw_text", "article__body")
        .prefetch_related(verdicts_prefetch(with_people=True, with_evidence=False))
    )
    bounds = rating_bounds()
    order = {pk: n for n, pk in enumerate(ids)}
    items = [build_fact_check(c, bounds=bounds) for c in claims]
    return sorted((i for i in items if i is not None), key=lambda i: order[i.claim.pk])


def sitemap_fact_checks() -> QuerySet:
    """(claim id, claim text, last change) of every published fact-check."""
    return (
        Verdict.objects.filter(state=Verdict.State.PUBLISHED, claim__status=Claim.Status.PUBLISHED)
        .order_by("claim_id")
        .values_list("claim_id", "claim__text", "approved_at")
    )


def sitemap_articles() -> QuerySet:
    """Articles with at least one published fact-check, with their latest change."""
    return (
        Verdict.objects.filter(state=Verdict.State.PUBLISHED, claim__status=Claim.Status.PUBLISHED)
        .values("claim__article_id")
        .annotate(lastmod=Max("approved_at"), first=Min("approved_at"))
        .order_by("claim__article_id")
    )


# --- the page cache's version -------------------------------------------------------------
# Cached public pages are keyed on a version kept in the cache itself. Anything that can
# change what a reader sees (a verdict published, corrected or edited; an article, rating or
# source edited) replaces it, so every page is rendered afresh on its next request. With a
# shared cache (Redis) that holds for every server process at once.

VERSION_KEY = "public:version"


def cache_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = f"{time.time_ns():x}"
        # add(): two processes starting at once agree on one value.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _new_version():
    cache.set(VERSION_KEY, f"{time.time_ns():x}", timeout=None)


def bump_cache_version():
    """Forget every cached public page: now, and again once the transaction commits.

    The first change makes the new state visible wherever the test or caller already reads
    it; the one on commit drops any page a reader rendered from the old rows meanwhile.
    """
    _new_version()
    transaction.on_commit(_new_version)


def page_key(path: str, query: str, version: str | None = None) -> str:
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()[:32]
    return f"public:page:{version or cache_version()}:{digest}"


@receiver(post_save, sender=Verdict)
@receiver(post_delete, sender=Verdict)
def _verdict_changed(sender, instance, **kwargs):
    # Drafts (proposed, returned) are never public: writing them leaves the cache alone.
    if instance.state in ON_RECORD:
        bump_cache_version()


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
@receiver(post_save, sender=Rating)
@receiver(post_delete, sender=Rating)
@receiver(post_delete, sender=Claim)
def _public_data_changed(sender, **kwargs):
    bump_cache_version()


@receiver(post_save, sender=Evidence)
def _source_changed(sender, instance, **kwargs):
    # Reviewers add sources all day; only a published claim's sources are public.
    if instance.claim.status == Claim.Status.PUBLISHED:
        bump_cache_version()


# What a public page shows of a claim; workflow steps save only status, version, holder.
_PUBLIC_CLAIM_FIELDS = frozenset({"text", "span", "kind", "speaker", "start", "end", "article"})


@receiver(post_save, sender=Claim)
def _claim_changed(sender, instance, update_fields=None, **kwargs):
    # A published claim edited (in the admin): its page changes. Workflow steps on it
    # (a correction proposed, a comment) change nothing public until a verdict is saved.
    if instance.status == Claim.Status.PUBLISHED and (
        update_fields is None or _PUBLIC_CLAIM_FIELDS & set(update_fields)
    ):
        bump_cache_version()
