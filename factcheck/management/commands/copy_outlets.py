"""Give every claim its article's outlet where the two differ (Claim.outlet).

Needed once after upgrading to the release that added Claim.outlet (migrations 0015-0016):
claims that the previous release's code created between the migration and the restart
have none. Safe to run at any time and on a live site: it changes only claims whose
outlet differs, in transactions of --batch claim ids.
"""

from django.core.management.base import BaseCommand, CommandError

from factcheck.models import Article, Claim, copy_outlets


class Command(BaseCommand):
    help = "Copy each article's outlet onto its claims where it differs (the queue's filter)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=20_000, help="claim ids per transaction")

    def handle(self, *args, batch, **options):
        if batch < 1:
            raise CommandError(f"--batch must be at least 1, not {batch}.")
        changed = copy_outlets(Claim, Article, batch=batch)
        self.stdout.write(f"{changed} claim(s) given their article's outlet.")
