"""System checks for the public site's settings: SITE_URL and the publishing organisation."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Info, Tags, Warning, register

from factcheck.site import web_url


@register(Tags.compatibility)
def check_public_site(app_configs=None, **kwargs):
    """Warn when the public site's settings are unset or wrong with DEBUG off."""
    if settings.DEBUG:
        return []
    problems = []
    site = settings.SITE_URL
    parts = urlsplit(site) if site else None
    if not site:
        problems.append(
            Warning(
                "SITE_URL is not set: public pages, the feed, the sitemap and every export "
                "will point at http://127.0.0.1:8000.",
                hint="Set SITE_URL to the address readers use, e.g. https://factcheck.example.org.",
                id="factcheck.W001",
            )
        )
    elif not web_url(site) or parts.path not in ("", "/") or parts.query or parts.fragment:
        problems.append(
            Warning(
                f"SITE_URL {site!r} is not an http(s) address of a host without a path.",
                hint="Use the scheme and host only, e.g. https://factcheck.example.org.",
                id="factcheck.W002",
            )
        )
    elif parts.scheme == "http":
        problems.append(
            Warning(
                f"SITE_URL {site!r} is plain http; search engines and aggregators expect https.",
                id="factcheck.W003",
            )
        )
    for name, what in (
        ("FACTCHECK_ORG_NAME", "the organisation named as author of every fact-check"),
        ("FACTCHECK_ORG_URL", "the organisation's home page"),
        ("FACTCHECK_ORG_LOGO", "the absolute URL of the organisation's logo"),
    ):
        value = getattr(settings, name, "")
        if not value:
            problems.append(
                Warning(f"{name} is not set ({what}).", hint=f"Set {name}.", id="factcheck.W004")
            )
        elif name != "FACTCHECK_ORG_NAME" and not web_url(value):
            problems.append(
                Warning(f"{name} {value!r} is not an http(s) address.", id="factcheck.W005")
            )
    if settings.FACTCHECK_CREDIT not in ("names", "organisation"):
        problems.append(
            Warning(
                f"FACTCHECK_CREDIT {settings.FACTCHECK_CREDIT!r} is neither 'names' nor "
                "'organisation'; public pages name people.",
                id="factcheck.W006",
            )
        )
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("LocMemCache") and settings.PUBLIC_CACHE_SECONDS:
        # Info, not a warning: one process (or a shared cache from another setting) is fine.
        problems.append(
            Info(
                "Public pages are cached per process (LocMemCache): with several server "
                "processes a correction can take PUBLIC_CACHE_SECONDS to show everywhere.",
                hint="Use a shared cache (Redis) or set PUBLIC_CACHE_SECONDS=0.",
                id="factcheck.W007",
            )
        )
    return problems
