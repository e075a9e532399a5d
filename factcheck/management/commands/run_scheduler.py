"""Run the periodic jobs (factcheck/scheduler.py): expire leases, requeue stale tasks..."""

from django.core.management.base import BaseCommand, CommandError

from factcheck import scheduler


class Command(BaseCommand):
    help = "Run periodic jobs. Safe to run on several nodes at once (see docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--tick", type=float, default=5.0, help="seconds between passes")
        parser.add_argument("--max-seconds", type=float, help="stop after this long")
        parser.add_argument("--job", action="append", dest="jobs", help="only this job")
        parser.add_argument("--list", action="store_true", dest="show", help="list the jobs")

    def handle(self, *args, once, tick, max_seconds, jobs, show, **options):
        scheduler.load_jobs()
        if show:
            for item in scheduler.JOBS.values():
                self.stdout.write(f"{item.name}\tevery {item.every}s\t{item.run.__doc__ or ''}")
            return
        unknown = set(jobs or ()) - set(scheduler.JOBS)
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(sorted(unknown))}.")
        if once:
            for name, result in scheduler.run_due(jobs).items():
                self.stdout.write(f"{name}: {result}")
            return
        scheduler.run_forever(tick=tick, max_seconds=max_seconds, names=jobs)
