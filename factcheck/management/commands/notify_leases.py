"""Warn reviewers whose hold on a claim is about to run out (run it every minute or so)."""

from django.core.management.base import BaseCommand

from factcheck.notifications import notify_expiring_leases


class Command(BaseCommand):
    help = "Notify reviewers whose claim lease runs out within LEASE_WARNING_MINUTES."

    def handle(self, *args, **options):
        told = notify_expiring_leases()
        self.stdout.write(f"Warned {told} reviewer(s) about leases running out.")
