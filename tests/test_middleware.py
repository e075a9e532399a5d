"""A lost database connection: a read is retried once, a write is answered 503 with
Retry-After, and the app recovers by itself (PostgreSQL: pg_terminate_backend)."""

import psycopg
import pytest
from django.db import connection
from django.test import Client

pytestmark = [
    pytest.mark.postgres,
    # A terminated backend needs a real connection; serialized_rollback restores the groups.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL")


def terminate_django_connection():
    """What a database restart does to an open connection: the server ends it."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("pool", None)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(autocommit=True, **params) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]


@pytest.fixture
def browser(reviewer):
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    assert client.get("/queue/").status_code == 200
    return client


def test_a_read_after_a_lost_connection_is_retried_and_succeeds(browser):
    terminate_django_connection()
    response = browser.get("/queue/")
    assert response.status_code == 200
    assert b'id="queue-results"' in response.content
    assert browser.get("/").status_code == 200


def test_a_write_after_a_lost_connection_gets_503_with_retry_after(browser):
    terminate_django_connection()
    response = browser.post("/queue/next/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Nothing was changed" in response.content
    # The connection was replaced: the next request works without anyone restarting anything.
    assert browser.get("/queue/").status_code == 200
