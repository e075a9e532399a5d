"""App configuration for factcheck."""

from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # System checks for the public site, and the public pages' cache invalidation.
        from factcheck import checks, public  # noqa: F401
