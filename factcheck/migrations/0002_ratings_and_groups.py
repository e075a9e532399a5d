"""Seed the default verdict scale and the Reviewers and Editors groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULT_SCALE = [
    # label, slug, value, colour, description
    ("True", "true", 5, "#1a7f37", "The claim is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "#4c9a2a",
     "The claim is accurate but needs clarification or additional information."),
    ("Half true", "half-true", 3, "#bf8700",
     "The claim is partially accurate but leaves out important details or takes things "
     "out of context."),
    ("Mostly false", "mostly-false", 2, "#d4610f",
     "The claim contains an element of truth but ignores facts that would give a "
     "different impression."),
    ("False", "false", 1, "#cf222e", "The claim is not accurate."),
    ("Unverifiable", "unverifiable", None, "#6e7781",
     "The available evidence can neither confirm nor refute the claim."),
]

VIEW = ["view_article", "view_claim", "view_rating", "view_verdict", "view_evidence",
        "view_comment", "view_claimevent"]
REVIEWERS = VIEW + ["review_claim", "export_verdicts", "add_evidence", "change_evidence",
                    "add_comment", "add_verdict"]
EDITORS = REVIEWERS + [
    "edit_claim", "import_articles", "add_article", "change_article", "delete_article",
    "change_claim", "add_rating", "change_rating", "delete_rating", "change_verdict",
    "delete_evidence", "delete_comment",
]


def seed(apps, schema_editor):
    Rating = apps.get_model("factcheck", "Rating")
    for order, (label, slug, value, colour, description) in enumerate(DEFAULT_SCALE):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={"label": label, "value": value, "colour": colour,
                      "description": description, "order": order},
        )
    # Permissions are normally made after migrate; the groups need them now.
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Reviewers", REVIEWERS), ("Editors", EDITORS)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="factcheck",
                                          codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions missing for {name}: {sorted(missing)}")
        group.permissions.add(*perms)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
