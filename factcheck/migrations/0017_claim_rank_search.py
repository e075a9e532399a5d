"""The claim rank index carries each claim's article, status and search text, so that a text
search walks it in rank order without reading the claims it passes over (queue.rows_query,
queue.counts_query). PostgreSQL only: SQLite builds the same index without them.

Rebuilding the index blocks writes to claims while it runs (CREATE INDEX).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0016_claim_outlet_rank"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_rank_all",
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["-checkworthiness", "id"],
                include=("article", "status", "search"),
                name="claim_rank_all",
            ),
        ),
    ]
