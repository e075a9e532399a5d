"""App configuration for factcheck."""

from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # System checks for the public site, the public pages' cache invalidation, the
        # ClaimEvent receiver that makes notifications, and the shared cache's generations.
        from factcheck import caching, checks, notifications, public  # noqa: F401

        caching.connect_signals()
