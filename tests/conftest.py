"""Shared fixtures: users in each role, logged-in clients, articles and claims."""

import os

import pytest
from django.contrib.auth.models import Group

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# from the test body (fixtures, assertions) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEED_TEXT = """Army says 1,200 soldiers crossed the river

src testwire

The army said on Monday that 1,200 soldiers crossed the river near Karsk.

"We will hold the bridge until the spring," said General Ana Petrova.

At least 14 people were killed in shelling since March 3, officials said.

Related Articles
"""


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    """Tasks run in-process in tests unless a test asks for the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Password hashing is deliberately slow; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests look at counts right after changing claims; the queue's reuse is tested apart.
    settings.QUEUE_COUNTS_SECONDS = 0
    # Test databases reuse ids after rollback: a cached row could belong to another test.
    settings.QUEUE_ROW_CACHE_SECONDS = 0
    settings.DASHBOARD_CACHE_SECONDS = 0
    # ...and a cached role or count could be another test's user's (tests/test_reuse.py
    # turns these on).
    settings.PERMISSIONS_CACHE_SECONDS = 0
    settings.NAV_COUNTS_SECONDS = 0


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=f"{username}-pw-12345", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def reviewer(db, django_user_model):
    return make_user(django_user_model, "rita", "Reviewers")


@pytest.fixture
def reviewer2(db, django_user_model):
    return make_user(django_user_model, "rob", "Reviewers")


@pytest.fixture
def editor(db, django_user_model):
    return make_user(django_user_model, "erin", "Editors", is_staff=True)


@pytest.fixture
def editor2(db, django_user_model):
    return make_user(django_user_model, "ed", "Editors", is_staff=True)


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "root-pw-12345")


@pytest.fixture
def outsider(db, django_user_model):
    """A logged-in user in no group: may see nothing but the login page."""
    return make_user(django_user_model, "olga")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def article_text():
    return SEED_TEXT


@pytest.fixture
def article(db):
    from factcheck.importing import import_article

    result = import_article(
        SEED_TEXT.encode(),
        "karsk.txt",
        sidecar=b'{"outlet": "Test Wire", "published": "2024-03-11"}',
        extract=False,
    )
    assert result.ok, result.error
    return result.article
