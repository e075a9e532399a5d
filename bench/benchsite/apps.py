from django.apps import AppConfig


class BenchsiteConfig(AppConfig):
    """Bench-only: the reference page (/ping/) and `manage.py bench_data`."""

    name = "benchsite"
    default_auto_field = "django.db.models.BigAutoField"
