"""python manage.py setup_demo: demo logins and the seed articles, for development only."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from factcheck import workflow
from factcheck.importing import import_paths
from factcheck.models import Claim

DEMO_USERS = [
    # username, group, is_staff, is_superuser
    ("reviewer", "Reviewers", False, False),
    ("reviewer2", "Reviewers", False, False),
    ("editor", "Editors", True, False),
    ("admin", None, True, True),
]
DEMO_PASSWORD_SUFFIX = "-demo-pass"
DEMO_QUEUE_THRESHOLD = 0.5


class Command(BaseCommand):
    help = "Create demo users (DEBUG only) and import seeds/. Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are only created with DEBUG on.")
        User = get_user_model()
        lines = []
        for username, group, is_staff, is_superuser in DEMO_USERS:
            password = username + DEMO_PASSWORD_SUFFIX
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": is_staff,
                    "is_superuser": is_superuser,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            role = group or "superuser"
            lines.append(
                f"  {username:<10} / {password:<22} ({role})" + ("" if created else " [existing]")
            )
        seeds = Path(settings.BASE_DIR) / "seeds"
        results = import_paths([seeds], user=User.objects.get(username="admin"))
        for result in results:
            if not result.ok:
                self.stderr.write(result.error)
        self.stdout.write(self.style.SUCCESS("Demo logins (development only):"))
        for line in lines:
            self.stdout.write(line)
        new = sum(r.created for r in results)
        self.stdout.write(f"Seed articles: {new} imported, {len(results) - new} already present.")
        # The demo editor triages freshly imported seeds, so reviewers find a queue waiting:
        # the more check-worthy claims are queued, the rest stay new for triage.
        fresh = [r.article.pk for r in results if r.created]
        if fresh:
            ids = Claim.objects.filter(
                article_id__in=fresh,
                status=Claim.Status.NEW,
                checkworthiness__gte=DEMO_QUEUE_THRESHOLD,
            )
            queued = workflow.claims_queue_many(
                claim_ids=list(ids.values_list("pk", flat=True)),
                actor=User.objects.get(username="editor"),
            )
            left = Claim.objects.filter(article_id__in=fresh, status=Claim.Status.NEW).count()
            self.stdout.write(f"Claims: {queued} queued for review, {left} left new for triage.")
