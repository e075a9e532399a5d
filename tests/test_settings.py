"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_missing_secret_key():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_production_refuses_development_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="django-insecure-factcheck-development-only")
    assert result.returncode != 0 and "development default" in result.stderr


def test_check_deploy_passes_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7$" + "k" * 60 + "Qz!9-production-key",
        ALLOWED_HOSTS="factcheck.example.org",
        DATABASE_URL="sqlite:////tmp/factcheck-deploy-check.sqlite3",
        SITE_URL="https://factcheck.example.org",
        FACTCHECK_ORG_NAME="Example Fact Desk",
        FACTCHECK_ORG_URL="https://example.org/",
        FACTCHECK_ORG_LOGO="https://example.org/logo.png",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_warns_when_the_public_site_is_not_configured():
    result = run_manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY="x7$" + "k" * 60 + "Qz!9-production-key",
        ALLOWED_HOSTS="factcheck.example.org",
        DATABASE_URL="sqlite:////tmp/factcheck-deploy-check.sqlite3",
        FACTCHECK_ORG_URL="ftp://example.org/",
    )
    out = result.stdout + result.stderr
    assert "factcheck.W001" in out and "SITE_URL is not set" in out
    assert "FACTCHECK_ORG_NAME is not set" in out and "FACTCHECK_ORG_LOGO is not set" in out
    assert "FACTCHECK_ORG_URL 'ftp://example.org/' is not an http(s) address" in out


def _postgres_options(**env):
    code = (
        "import django;from django.conf import settings;django.setup();"
        "d=settings.DATABASES['default'];o=d.get('OPTIONS', {});"
        "print(d['ENGINE'], 'pool' in o, o.get('prepare_threshold'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
            **env,
        },
    )
    return result.stdout.split() or result.stderr


def test_database_url_selects_postgres_with_pool():
    # prepare_threshold 0: the statements sql.prepared_cursor runs are prepared at once.
    assert _postgres_options() == ["django.db.backends.postgresql", "True", "0"]


def test_db_prepared_off_prepares_nothing():
    assert _postgres_options(DB_PREPARED="0") == ["django.db.backends.postgresql", "True", "None"]


@pytest.mark.django_db
def test_demo_users_are_not_created_without_debug(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("setup_demo")
