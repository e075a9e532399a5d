"""python manage.py import_articles PATH...: import seed-format article files."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.importing import import_paths


class Command(BaseCommand):
    help = (
        "Import seed-format article files (files, or folders of .txt files). NAME.meta.json "
        "beside NAME.txt gives outlet, url and publication date. Each file is imported in "
        "its own transaction; bad files are listed and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument(
            "--no-extract", action="store_true", help="import only; do not queue claim extraction"
        )

    def handle(self, *args, paths, user=None, no_extract=False, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"no user named {user!r}")
        missing = [p for p in paths if not Path(p).exists()]
        for path in missing:
            self.stderr.write(f"{path}: no such file or folder")
        results = import_paths(
            [p for p in paths if p not in missing], user=importer, extract=not no_extract
        )
        created = existing = 0
        for result in results:
            if not result.ok:
                self.stderr.write(self.style.ERROR(result.error))
            elif result.created:
                created += 1
                self.stdout.write(f"imported   {result.name} -> article {result.article.pk}")
            else:
                existing += 1
                self.stdout.write(
                    f"unchanged  {result.name} (already imported as article {result.article.pk})"
                )
        failed = len(results) - created - existing + len(missing)
        self.stdout.write(f"{created} imported, {existing} already present, {failed} failed")
        if failed:
            sys.exit(1)
