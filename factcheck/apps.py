"""App configuration for factcheck."""

from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Fact-checking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from factcheck import caching

        caching.connect_signals()
