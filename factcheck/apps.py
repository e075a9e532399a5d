"""App configuration for factcheck."""

from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # System checks for the public site, the public pages' cache invalidation, and the
        # ClaimEvent receiver that makes notifications.
        from factcheck import checks, notifications, public  # noqa: F401
