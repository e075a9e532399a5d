"""Trigram indexes for the queue's text search (PostgreSQL only; SQLite scans instead).

The queue filters with icontains on text, span and speaker, which PostgreSQL runs as
UPPER(col) LIKE UPPER('%q%'); GIN trigram indexes on UPPER(col) serve that without a
table scan. They live only in the database (not in Meta.indexes) because SQLite has no
pg_trgm.
"""

from django.db import migrations

COLUMNS = ("text", "span", "speaker")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS claim_{column}_trgm ON factcheck_claim "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS claim_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0004_claim_queue_indexes")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
