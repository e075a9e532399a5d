"""Cache keys every node agrees on: generation counters bumped when the data changes.

Cached values (queue counts, the outlet menu, queue rows) carry the generation of the
data they were computed from in their key. A change commits, bumps the generation in the
cache, and the next request on any node (with a shared cache: REDIS_URL) computes afresh;
old entries simply expire. With the default per-process memory cache each process sees
only its own bumps, which is right for one process and why several nodes need REDIS_URL.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CLAIMS = "claims"  # any claim's status, assignee, verdict...: every workflow step
ARTICLES = "articles"  # titles, outlets, extraction


def _key(name: str) -> str:
    return f"generation:{name}"


def generation(name: str) -> int:
    value = cache.get(_key(name))
    if value is None:
        # A fresh (or evicted) counter starts from the clock, never from a number an
        # older counter already used, so no stale entry can match it.
        cache.add(_key(name), time.time_ns() // 1000, None)
        value = cache.get(_key(name), 0)
    return value


def bump(name: str) -> None:
    try:
        cache.incr(_key(name))
    except ValueError:  # not there yet (or evicted): start it
        cache.add(_key(name), time.time_ns() // 1000, None)


def bump_on_commit(name: str) -> None:
    """Bump once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: bump(name))


def _claims_changed(sender, **kwargs):
    bump_on_commit(CLAIMS)


def _articles_changed(sender, **kwargs):
    bump_on_commit(ARTICLES)
    bump_on_commit(CLAIMS)  # queue rows show the article's title


def connect_signals() -> None:
    """Every claim change writes one ClaimEvent (workflow.py), so its save marks the change."""
    from factcheck.models import Article, Claim, ClaimEvent

    post_save.connect(_claims_changed, sender=ClaimEvent, dispatch_uid="caching-claimevent")
    post_delete.connect(_claims_changed, sender=Claim, dispatch_uid="caching-claim-delete")
    post_save.connect(_articles_changed, sender=Article, dispatch_uid="caching-article")
    post_delete.connect(_articles_changed, sender=Article, dispatch_uid="caching-article-del")
