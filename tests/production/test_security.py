"""Production security: CSP, private caching, proxy headers, request ids, login throttling."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from factcheck.middleware import _forwarded_client
from tests.factories import ClaimFactory, drive

ROOT = Path(__file__).resolve().parent.parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*application/ld\+json)")


def test_pages_carry_a_strict_content_security_policy(client_for, editor):
    response = client_for(editor).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    # Django names the nonce only when the page used one; nothing else runs inline.
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", policy)
    # Scripts come from this site (htmx, app.js), none inline.
    html = response.content.decode()
    assert re.findall(r"<script[^>]*\bsrc=\"/static/[^\"]+\"", html)
    assert not INLINE_SCRIPT.search(html)


PAGES = [
    "home",
    "queue",
    "claim",
    "article",
    "report",
    "login",
    "claim_new",
    "extraction_report",
    "article_paste",
    "article_upload",
    "article_from_url",
    "feeds",
    "story",
    "desk",
    "notifications",
    "notification_settings",
    "person",
    "dashboard",
    "public_index",
    "public_fact_check",
    "public_article",
]


# (Not "page": pytest-playwright's fixture of that name would make this a browser test.)
@pytest.mark.parametrize("name", PAGES)
def test_no_page_has_inline_styles_or_scripts_without_the_nonce(
    name, client, editor, editor2, reviewer, article
):
    from tests.factories import StoryArticleFactory

    claim = ClaimFactory(article=article, span="1,200 soldiers")
    drive(claim, "published", reviewer=reviewer, editor=editor, editor2=editor2)
    story = StoryArticleFactory(article=article).story
    urls = {
        "home": reverse("home"),
        "queue": reverse("queue"),
        "claim": claim.get_absolute_url(),
        "article": article.get_absolute_url(),
        "report": reverse("article_report", args=[article.pk]),
        "login": reverse("login"),
        "claim_new": reverse("claim_new", args=[article.pk]),
        "extraction_report": reverse("extraction_report"),
        "article_paste": reverse("article_paste"),
        "article_upload": reverse("article_upload"),
        "article_from_url": reverse("article_from_url"),
        "feeds": reverse("feeds"),
        "story": reverse("story", args=[story.pk]),
        "desk": reverse("desk"),
        "notifications": reverse("notifications"),
        "notification_settings": reverse("notification_settings"),
        "person": reverse("person", args=[reviewer.get_username()]),
        "dashboard": reverse("dashboard"),
        "public_index": reverse("public_index"),
        "public_fact_check": reverse("public_fact_check_bare", args=[claim.pk]),
        "public_article": reverse("public_article", args=[article.pk]),
    }
    if name not in {"login"} and not name.startswith("public_"):
        client.force_login(editor)
    response = client.get(urls[name], follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not INLINE_SCRIPT.search(html)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    for tag in re.findall(r"<style[^>]*>", html):
        assert nonce and f'nonce="{nonce.group(1)}"' in tag


def test_logged_in_pages_are_private_and_not_stored(client_for, reviewer):
    response = client_for(reviewer).get(reverse("home"))
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.parametrize(
    "header, proxies, expected",
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),  # the left entry is the client's own claim
        ("6.6.6.6, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),
        ("203.0.113.9", 2, "203.0.113.9"),
        ("not-an-address", 1, None),
        ("", 1, None),
    ],
)
def test_the_client_address_is_read_from_the_trusted_end_of_x_forwarded_for(
    header, proxies, expected
):
    assert _forwarded_client(header, proxies) == expected


def _login_attempt(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(db, settings, reviewer):
    settings.TRUSTED_PROXY_COUNT = 0
    _login_attempt(Client(), "rita", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


def test_x_forwarded_for_names_the_client_behind_a_trusted_proxy(db, settings, reviewer):
    settings.TRUSTED_PROXY_COUNT = 1
    _login_attempt(Client(), "rita", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def run_python(code, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TRUSTED_PROXY"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PROD = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 60 + "-test-production-key",
    "ALLOWED_HOSTS": "testserver",
}


def test_forwarded_proto_is_trusted_only_when_a_proxy_is_declared():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SECURE_PROXY_SSL_HEADER)"
    )
    assert run_python(code, **PROD).stdout.splitlines()[-1] == "None"
    trusted = run_python(code, **PROD, TRUSTED_PROXY="1").stdout.splitlines()[-1]
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_the_organisations_logo_host_is_allowed_for_images_only():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SECURE_CSP['img-src'], s.SECURE_CSP['script-src'])"
    )
    logo = "https://cdn.example.org/brand/logo.png"
    out = run_python(code, **PROD, FACTCHECK_ORG_LOGO=logo).stdout.splitlines()[-1]
    images, scripts = out.split("] [")
    assert "'https://cdn.example.org'" in images and "cdn.example.org" not in scripts


def test_static_files_are_served_hashed_compressed_and_cached_long(tmp_path):
    code = """
import django; django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
# The admin's files are left out to keep the test quick; ours are what is checked.
call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=["admin"])
url = static("css/app.css")
r = Client().get(url, HTTP_ACCEPT_ENCODING="gzip", secure=True)
print(url, r.status_code, r["Cache-Control"], r.get("Content-Encoding", ""), sep="|")
"""
    result = run_python(code, **PROD, STATIC_ROOT=str(tmp_path / "static"))
    assert result.returncode == 0, result.stderr
    url, status, cache_control, encoding = result.stdout.splitlines()[-1].split("|")
    assert re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", url)
    assert status == "200"
    assert "max-age=315360000" in cache_control and "immutable" in cache_control
    assert encoding in {"gzip", "br"}


def test_request_ids_are_echoed_and_logged_as_json(client_for, reviewer, settings, caplog):
    settings.LOG_FORMAT = "json"
    client = client_for(reviewer)
    with caplog.at_level(logging.INFO, logger="factcheck.requests"):
        response = client.get(reverse("home"))
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (record,) = [r for r in caplog.records if r.name == "factcheck.requests"]
    assert record.request_id == request_id
    assert record.status == 200 and record.user_id == reviewer.pk and record.path == "/"
    assert record.duration_ms >= 0
    from factcheck.logs import JsonFormatter

    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == request_id and line["user_id"] == reviewer.pk


# --- login throttling ---------------------------------------------------------------------


def test_a_username_is_locked_after_too_many_wrong_passwords(db, settings, reviewer, client):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        _login_attempt(client, "rita", "wrong")
    response = _login_attempt(client, "rita", "rita-pw-12345")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many wrong passwords" in page and "15 minutes" in page
    assert '<form method="post"' in page  # still the login page
    assert "_auth_user_id" not in client.session


def test_one_address_guessing_many_usernames_is_locked(db, settings, django_user_model, client):
    settings.AXES_FAILURE_LIMIT = 5
    django_user_model.objects.create_user("zoe", password="zoe-pw-12345")
    for i in range(5):
        _login_attempt(client, f"someone{i}", "guess")
    assert _login_attempt(client, "zoe", "zoe-pw-12345").status_code == 429
    # From another address the same account logs in.
    other = _login_attempt(Client(REMOTE_ADDR="192.0.2.44"), "zoe", "zoe-pw-12345")
    assert other.status_code == 302


def test_an_admin_unlocks_a_locked_account(db, settings, reviewer, admin_user, client):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _login_attempt(client, "rita", "wrong")
    assert _login_attempt(client, "rita", "rita-pw-12345").status_code == 429
    admin = Client(REMOTE_ADDR="192.0.2.1")
    admin.force_login(admin_user)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "rita" in listing.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert _login_attempt(client, "rita", "rita-pw-12345").status_code == 302
