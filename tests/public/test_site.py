"""Addresses: slugs, canonical URLs on SITE_URL, and which links count as web addresses."""

import pytest

from factcheck import site


@pytest.mark.parametrize(
    "text, slug",
    [
        ("The army said 1,200 soldiers crossed.", "the-army-said-1200-soldiers-crossed"),
        ("Сергей Шойгу сказал", "сергей-шойгу-сказал"),
        ("!!!", "claim"),
        ("", "claim"),
        ("word " * 40, ("word-" * 12).rstrip("-")),
    ],
)
def test_slug_for(text, slug):
    assert site.slug_for(text) == slug
    assert len(site.slug_for(text)) <= site.SLUG_MAX


def test_fact_check_url_is_on_site_url(settings):
    settings.SITE_URL = "https://checks.example.org"
    assert site.fact_check_url(7, "Troops crossed") == (
        "https://checks.example.org/fact-checks/7-troops-crossed/"
    )


def test_unicode_slug_is_a_working_address(db, settings):
    settings.SITE_URL = "https://checks.example.org"
    url = site.fact_check_url(3, "قال المتحدث")
    assert url.startswith("https://checks.example.org/fact-checks/3-%D9%82")


def test_unset_site_url_falls_back_to_the_local_address(settings):
    settings.SITE_URL = ""
    assert site.absolute_url("/x/") == "http://127.0.0.1:8000/x/"


@pytest.mark.parametrize(
    "value, kept",
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("ftp://example.org/a", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://exa mple.org/", False),
        ("", False),
        (None, False),
    ],
)
def test_web_url(value, kept):
    assert site.web_url(value) == (value if kept else "")


def test_organisation_defaults(settings):
    settings.SITE_URL = "https://checks.example.org"
    settings.FACTCHECK_ORG_NAME = ""
    settings.FACTCHECK_ORG_URL = ""
    settings.FACTCHECK_ORG_LOGO = "not a url"
    assert site.organisation_name() == "factcheck newsroom"
    assert site.organisation_url() == "https://checks.example.org/fact-checks/"
    assert site.organisation_logo() == ""


@pytest.mark.parametrize("text", ["Troops crossed", "قال المتحدث إن 300 جندي", "Сергей: «мост»"])
def test_fact_check_path_is_what_reverse_gives(db, text):
    from django.urls import reverse

    expected = reverse("public_fact_check", kwargs={"pk": 12, "slug": site.slug_for(text)})
    assert site.fact_check_path(12, text) == expected
