"""Claims take their article's outlet (Claim.outlet), then the index the queue's outlet
filter reads in rank order.

Not atomic: the copy runs in transactions of 20,000 claim ids each, so the claim table is
never locked for long (one UPDATE of a million claims held it for ~3 minutes on the
benchmark machine). Run again after a failure, it goes on where it stopped (it changes only
claims whose outlet differs). Claims that the previous release's code creates after it ran
get their outlet from `manage.py copy_outlets` (docs/deploy.md, Upgrades).
"""

import django.db.models.functions.text
from django.db import migrations, models


def copy_outlets(apps, schema_editor):
    from factcheck.models import copy_outlets

    Claim = apps.get_model("factcheck", "Claim")
    Article = apps.get_model("factcheck", "Article")
    alias = schema_editor.connection.alias
    copy_outlets(Claim, Article, Claim.objects.using(alias), batch=20_000)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("factcheck", "0015_claim_outlet"),
    ]

    operations = [
        migrations.RunPython(copy_outlets, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                django.db.models.functions.text.Upper("outlet"),
                models.OrderBy(models.F("checkworthiness"), descending=True),
                models.F("id"),
                name="claim_outlet_rank",
            ),
        ),
    ]
