"""python manage.py poll_feeds: fetch the followed feeds and import their new articles."""

import sys

from django.core.management.base import BaseCommand

from factcheck.importing import poll_feeds
from factcheck.models import Feed
from factcheck.tasks import schedule_feed_polling


class Command(BaseCommand):
    help = (
        "Poll every active feed (or the given feed ids) now and import new entries by URL; "
        "claims are queued for the task workers. --schedule instead keeps a poll every "
        "INTAKE_FEED_POLL_MINUTES running on the workers. Exit status 1 if a feed failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("feed_ids", nargs="*", type=int, metavar="FEED_ID")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the periodic poll task on the workers (once is enough)",
        )

    def handle(self, *args, feed_ids, schedule=False, **options):
        if schedule:
            if schedule_feed_polling():
                self.stdout.write("Feed polling is queued; workers poll the feeds from now on.")
                return
            self.stderr.write(
                "This task backend cannot run tasks later; run `manage.py poll_feeds` from cron."
            )
            sys.exit(1)
        feeds = Feed.objects.filter(active=True)
        if feed_ids:
            feeds = Feed.objects.filter(pk__in=feed_ids)
        broken = 0
        for report in poll_feeds(feeds):
            feed = report.feed
            if report.error:
                broken += 1
                self.stderr.write(self.style.ERROR(f"{feed}: failed: {report.error}"))
                continue
            if report.not_modified:
                self.stdout.write(f"{feed}: not changed since the last poll")
                continue
            self.stdout.write(
                f"{feed}: {report.imported} imported, {report.skipped} already present, "
                f"{len(report.failed)} failed"
            )
            for result in report.failed:
                self.stderr.write(f"  failed: {result.error}")
        if broken:
            sys.exit(1)
