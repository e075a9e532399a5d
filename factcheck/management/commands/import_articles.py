"""python manage.py import_articles PATH_OR_URL...: import files, folders, web pages and URLs."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factcheck.importing import (
    FoundFile,
    ImportResult,
    extract_now,
    find_files,
    import_found,
    import_url,
)


def is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


class Command(BaseCommand):
    help = (
        "Import articles: seed-format or plain .txt files, saved web pages (.html), folders "
        "of them (one level deep; links inside are refused), and http(s) URLs. NAME.meta.json "
        "beside a file gives outlet, url and publication date. Claims are extracted here, "
        "one article after the other, unless --background queues them for workers. Prints "
        "one line per item; the exit status is 1 if anything failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("items", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--user", help="username recorded as the importer")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--background",
            action="store_true",
            help="queue claim extraction for workers (manage.py db_worker) instead of waiting",
        )
        mode.add_argument(
            "--no-extract", action="store_true", help="import only; extract no claims"
        )

    def handle(self, *args, items, user=None, background=False, no_extract=False, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"no user named {user!r}")
        named = {str(Path(i)) for i in items if not is_url(i)}
        work = []
        for item in items:
            if is_url(item):
                work.append(item)
            elif not Path(item).exists() and not Path(item).is_symlink():
                work.append(FoundFile(Path(item), f"{item}: no such file or folder"))
            else:
                work.extend(find_files([item]))
        counts = {"imported": 0, "present": 0, "failed": 0}
        bar = tqdm(total=len(work), unit="article", file=sys.stderr, disable=None, leave=False)
        try:
            for item in work:
                if isinstance(item, str):
                    result = import_url(item, user=importer, extract=background)
                else:
                    result = import_found(item, named=named, user=importer, extract=background)
                line, outcome = self.outcome(result, background=background, no_extract=no_extract)
                counts[outcome] += 1
                with tqdm.external_write_mode(file=sys.stderr):
                    (self.stderr if outcome == "failed" else self.stdout).write(line)
                bar.update(1)
        finally:
            bar.close()
        self.stdout.write(
            f"{counts['imported']} imported, {counts['present']} already present, "
            f"{counts['failed']} failed"
        )
        if background and counts["imported"]:
            self.stdout.write(
                "Claims are extracted by the task workers: run `manage.py db_worker` if none is "
                "running."
            )
        if counts["failed"]:
            self.stdout.flush()
            sys.exit(1)

    def outcome(self, result: ImportResult, *, background: bool, no_extract: bool):
        """The line to print for one item, and how it counts."""
        if not result.ok:
            return self.style.ERROR(f"failed: {result.error}"), "failed"
        article = result.article
        notes = "".join(f" ({note})" for note in result.notes)
        if result.created:
            head, outcome = f"{result.name}: imported as article {article.pk}", "imported"
        else:
            head, outcome = f"{result.name}: already present as article {article.pk}", "present"
        if no_extract:
            return head + notes, outcome
        if background:
            tail = "; claims queued" if result.pending else ""
            return head + tail + notes, outcome
        if result.pending:
            # New, or left without claims by an import that was stopped: extract it now.
            claims = extract_now(article)
            article.refresh_from_db(fields=["extracted_at", "extraction_error"])
            if article.extracted_at is None:
                error = article.extraction_error or "no claims were stored"
                return self.style.ERROR(f"failed: {head}, but extraction failed: {error}"), "failed"
            verb = " with" if result.created else "; extracted"
            return f"{head}{verb} {claims} claim{'s' if claims != 1 else ''}{notes}", outcome
        return head + notes, outcome
