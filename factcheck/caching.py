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
PERMISSIONS = "permissions"  # who is in which group, which permissions a group or user has
NOTIFICATIONS = "notifications"  # a notification made, read or removed
RATINGS = "ratings"  # the verdict scale: a rating added, changed or removed


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


def generations(*names: str) -> tuple[int, ...]:
    """Several generations in one cache round trip (one Redis call with REDIS_URL)."""
    found = cache.get_many([_key(name) for name in names])
    return tuple(found[_key(name)] if _key(name) in found else generation(name) for name in names)


def remembered(key: str, seconds: int, compute):
    """`compute()`, reused for `seconds` under `key` (0 seconds: computed every time).

    The key carries the generations the value depends on, so a change shows at once."""
    if seconds <= 0:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
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


def _permissions_changed(sender, **kwargs):
    # At once (later reads in this transaction, and a test's) and again when it commits
    # (a request that read the old roles meanwhile must not keep them).
    bump(PERMISSIONS)
    bump_on_commit(PERMISSIONS)


def _user_changed(sender, update_fields=None, **kwargs):
    # Who may review (is_active, is_superuser) and the names in the reviewer menus; not
    # the last_login stamp every login writes.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _permissions_changed(sender)


def _notifications_changed(sender, **kwargs):
    bump_on_commit(NOTIFICATIONS)


def _ratings_changed(sender, **kwargs):
    bump(RATINGS)  # at once (later reads in this transaction) and again on commit
    bump_on_commit(RATINGS)


def connect_signals() -> None:
    """Every claim change writes one ClaimEvent (workflow.py), so its save marks the change.

    Roles: a user added to or removed from a group (the admin, `setup_demo`), a group's or a
    user's permissions changed, a group or permission saved or deleted, a user saved
    (other than a login's last_login) or deleted."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed

    from factcheck.models import Article, Claim, ClaimEvent, Notification, Rating

    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(
            _permissions_changed, sender=through, dispatch_uid=f"caching-perms-{through.__name__}"
        )
    for model in (Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(
                _permissions_changed,
                sender=model,
                dispatch_uid=f"caching-perms-{model.__name__}-{signal is post_save}",
            )
    for signal in (post_save, post_delete):
        signal.connect(
            _user_changed, sender=User, dispatch_uid=f"caching-user-{signal is post_save}"
        )
    for signal in (post_save, post_delete):
        signal.connect(
            _notifications_changed,
            sender=Notification,
            dispatch_uid=f"caching-notification-{signal is post_save}",
        )

    for signal in (post_save, post_delete):
        signal.connect(
            _ratings_changed, sender=Rating, dispatch_uid=f"caching-rating-{signal is post_save}"
        )
    post_save.connect(_claims_changed, sender=ClaimEvent, dispatch_uid="caching-claimevent")
    post_delete.connect(_claims_changed, sender=Claim, dispatch_uid="caching-claim-delete")
    post_save.connect(_articles_changed, sender=Article, dispatch_uid="caching-article")
    post_delete.connect(_articles_changed, sender=Article, dispatch_uid="caching-article-del")
