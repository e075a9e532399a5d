"""Darken the seeded rating colours whose white badge text was under 4.5:1 contrast.

Half true was 3.1:1, Mostly true 3.5:1, Mostly false 3.8:1. A colour an editor has
already changed is left alone.
"""

from django.db import migrations

FIXES = [
    # slug, seeded colour, readable colour (contrast of white text on it)
    ("mostly-true", "#4c9a2a", "#3f7d20"),  # 3.5 -> 5.0
    ("half-true", "#bf8700", "#9a6700"),  # 3.1 -> 4.9
    ("mostly-false", "#d4610f", "#b35409"),  # 3.8 -> 5.0
]


def darken(apps, schema_editor):
    Rating = apps.get_model("factcheck", "Rating")
    for slug, old, new in FIXES:
        Rating.objects.filter(slug=slug, colour__iexact=old).update(colour=new)


def restore(apps, schema_editor):
    Rating = apps.get_model("factcheck", "Rating")
    for slug, old, new in FIXES:
        Rating.objects.filter(slug=slug, colour__iexact=new).update(colour=old)


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0007_feeds")]

    operations = [migrations.RunPython(darken, restore)]
