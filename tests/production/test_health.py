"""/healthz and /readyz for load balancers (lost connections: tests/test_middleware.py)."""

from factcheck.views import health


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_database_cache_migrations_and_tasks(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "migrations": "ok",
        "tasks": "ok",
    }


def test_readyz_is_503_naming_what_failed(client, db, monkeypatch):
    def broken():
        raise ConnectionError("Connection refused")

    monkeypatch.setitem(health.READY_CHECKS, "cache", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["cache"].startswith("failed: ConnectionError")
    assert body["checks"]["database"] == "ok"


def test_readyz_reports_unapplied_migrations(client, db, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)

    class Executor:
        def __init__(self, connection):
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets):
            return [(type("M", (), {"app_label": "factcheck", "name": "0099_new"})(), False)]

    monkeypatch.setattr("django.db.migrations.executor.MigrationExecutor", Executor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "factcheck.0099_new" in response.json()["checks"]["migrations"]
