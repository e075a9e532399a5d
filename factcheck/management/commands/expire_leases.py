"""python manage.py expire_leases: return claims whose reviewer's lease ran out to the queue.

The queue page and "Next claim" do this on their own; run this from cron to keep the
status counts exact on a quiet desk.
"""

from django.core.management.base import BaseCommand

from factcheck import workflow


class Command(BaseCommand):
    help = "Return claims whose lease has expired to the queue (audited as lease_expired)."

    def handle(self, *args, **options):
        moved = workflow.expire_leases()
        self.stdout.write(f"{moved} claim(s) returned to the queue.")
