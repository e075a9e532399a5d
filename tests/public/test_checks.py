"""System checks warn when the public site is not configured for production."""

from factcheck.checks import check_public_site


def ids(settings):
    return sorted(m.id for m in check_public_site())


def test_nothing_in_development(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert check_public_site() == []


def test_production_without_settings(settings):
    settings.DEBUG = False
    settings.SITE_URL = ""
    settings.FACTCHECK_ORG_NAME = settings.FACTCHECK_ORG_URL = settings.FACTCHECK_ORG_LOGO = ""
    assert ids(settings).count("factcheck.W004") == 3
    assert "factcheck.W001" in ids(settings)


def test_production_with_a_path_or_plain_http(settings):
    settings.DEBUG = False
    settings.FACTCHECK_ORG_NAME = "Desk"
    settings.FACTCHECK_ORG_URL = "https://desk.example.org/"
    settings.FACTCHECK_ORG_LOGO = "https://desk.example.org/logo.png"
    settings.SITE_URL = "https://checks.example.org/news"
    assert "factcheck.W002" in ids(settings)
    settings.SITE_URL = "http://checks.example.org"
    assert "factcheck.W003" in ids(settings)
    settings.SITE_URL = "https://checks.example.org"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert ids(settings) == []
