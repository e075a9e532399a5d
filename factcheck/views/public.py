"""Public pages anyone can read without an account: fact-checks, articles, index, feed, sitemap.

Anonymous readers get pages from the cache (factcheck.public keys them on a version that
changes whenever something public changes) and never a session or CSRF cookie: the public
templates use no form token, and nothing here writes to the session.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from factcheck import public, site
from factcheck.models import Rating

# Slugs go into CSS class names; the admin only makes these, but the CSS trusts nothing.
SAFE_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def public_page(view=None, *, same_for_everyone=False):
    """GET (and HEAD) only, no login; anonymous readers' 200 responses are cached under the version.

    `same_for_everyone`: the response does not depend on who asks (the ratings stylesheet),
    so logged-in users share the cached copy too.
    """
    if view is None:
        return lambda v: public_page(v, same_for_everyone=same_for_everyone)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        anonymous = same_for_everyone or not request.user.is_authenticated
        seconds = settings.PUBLIC_CACHE_SECONDS if anonymous else 0
        key = etag = None
        if anonymous:
            key = public.page_key(request.path, request.META.get("QUERY_STRING", ""))
            # The version is in the key: the tag changes exactly when the page may have.
            etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'
            if etag in request.headers.get("If-None-Match", ""):
                not_modified = HttpResponse(status=304)
                not_modified["ETag"] = etag
                return _headers(not_modified, anonymous)
        if seconds:
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
                response["ETag"] = etag
                return _headers(response, anonymous)
        response = view(request, *args, **kwargs)
        if key and response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if seconds:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            response["ETag"] = etag
        return _headers(response, anonymous)

    return login_not_required(require_safe(wrapped))


def _headers(response, anonymous: bool):
    if anonymous and response.status_code in (200, 304):
        # max-age 0 by default: browsers ask again each time and get a cheap 304 until a
        # verdict is published or corrected, so a correction is never hidden by a cache.
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True)
    return response


def _context(**extra) -> dict:
    return {
        "org_name": site.organisation_name(),
        "org_url": site.organisation_url(),
        "org_logo": site.organisation_logo(),
        "site_url": site.site_url(),
        **extra,
    }


@public_page
def index(request):
    page = public.index_page(public.IndexFilters.from_query(request.GET))
    return render(
        request,
        "public/index.html",
        _context(index=page, canonical=site.absolute_url(reverse("public_index"))),
    )


@public_page
def fact_check(request, pk, slug=None):
    check = public.fact_check(pk)
    if slug != check.slug:
        # An old (or missing) slug: the id is what counts; send readers to today's address.
        return redirect(check.path, permanent=True)
    return render(request, "public/fact_check.html", _context(check=check, canonical=check.url))


@public_page
def article(request, pk):
    report = public.article_report(pk)
    return render(
        request,
        "public/article.html",
        _context(report=report, canonical=site.article_report_url(pk)),
    )


@public_page(same_for_everyone=True)
def ratings_css(request):
    """The rating scale's badge colours as CSS classes (no inline styles on any page)."""
    ratings = [
        r for r in Rating.objects.only("slug", "colour").order_by("id") if SAFE_SLUG.match(r.slug)
    ]
    return render(request, "public/ratings.css", {"ratings": ratings}, content_type="text/css")


# --- Atom feed ------------------------------------------------------------------------------


class FactCheckFeed(Feed):
    """New and corrected fact-checks, most recent change first."""

    feed_type = Atom1Feed

    def title(self):
        return f"{site.organisation_name()}: fact-checks"

    def subtitle(self):
        return "New and corrected fact-checks."

    def link(self):
        return site.absolute_url(reverse("public_index"))

    def feed_url(self):
        return site.absolute_url(reverse("public_feed"))

    def author_name(self):
        return site.organisation_name()

    def author_link(self):
        return site.organisation_url()

    def items(self):
        return public.feed_items()

    def item_title(self, item):
        return f"{item.rating.label}: {item.claim.text}"

    def item_description(self, item):
        text = item.verdict.rationale
        if item.corrections:
            text = f"Correction: {item.corrections[-1].revision.correction_note}\n\n{text}"
        return text

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at or item.published_at

    def item_author_name(self, item):
        return item.credit.checked_by

    def item_categories(self, item):
        return [item.rating.label]


feed = public_page(FactCheckFeed())


# --- sitemap ----------------------------------------------------------------------------------


class _SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL, whatever host the request came in on."""

    def get_protocol(self, protocol=None):
        return site.site_url().split("://", 1)[0]

    def get_domain(self, site_=None):
        return site.site_url().split("://", 1)[1]


class FactCheckSitemap(_SiteUrlSitemap):
    def items(self):
        return list(public.sitemap_fact_checks())

    def location(self, item):
        return site.fact_check_path(item[0], item[1])

    def lastmod(self, item):
        return item[2]


class ArticleSitemap(_SiteUrlSitemap):
    def items(self):
        return list(public.sitemap_articles())

    def location(self, item):
        return reverse("public_article", kwargs={"pk": item["claim__article_id"]})

    def lastmod(self, item):
        return item["lastmod"]


class IndexSitemap(_SiteUrlSitemap):
    def items(self):
        return ["public_index"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"index": IndexSitemap, "fact-checks": FactCheckSitemap, "articles": ArticleSitemap}


@public_page
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)
