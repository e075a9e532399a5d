"""The authentication backend: Django's ModelBackend with each user's permissions reused
across requests.

Every page asks whether its viewer is a reviewer or an editor; ModelBackend answers with
two queries (the user's own permissions and their groups') on every request. This backend
keeps the answer in the cache under a key that carries the permissions generation
(caching.PERMISSIONS), which every change of group membership or of a group's or user's
permissions bumps when it commits (caching.connect_signals). With a shared cache
(REDIS_URL) a demoted editor loses their powers on their next request to any node; with
the per-process memory cache, other processes notice within PERMISSIONS_CACHE_SECONDS.
`is_active` and `is_superuser` are read from the user row each request, never cached.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from factcheck import caching


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"perms:{user_obj.pk}:{caching.generation(caching.PERMISSIONS)}"
            user_obj._perm_cache = caching.remembered(
                key,
                settings.PERMISSIONS_CACHE_SECONDS,
                lambda: super(CachedPermissionsBackend, self).get_all_permissions(user_obj),
            )
        return user_obj._perm_cache
