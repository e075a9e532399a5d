"""python manage.py export_verdicts --format csv|json|claimreview [filters] [-o FILE]

Writes claims and their verdicts in the chosen format to stdout, or to FILE with a progress
bar on stderr. Filters: --article ID (repeatable), --status, --rating SLUG, --outlet,
--from/--to (article publication date, YYYY-MM-DD). The same writers serve the download
view and the admin action.
"""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factcheck.exports import (
    FORMATS,
    ExportFilterError,
    ExportFilters,
    export_chunks,
    export_count,
    export_format,
)


class Command(BaseCommand):
    help = "Export claims and verdicts as CSV, JSON or schema.org ClaimReview."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", default="csv", choices=list(FORMATS), help="output format (default: csv)"
        )
        parser.add_argument(
            "--article",
            action="append",
            default=[],
            metavar="ID",
            help="only this article (repeat for several)",
        )
        parser.add_argument("--status", default="", help="only claims in this status")
        parser.add_argument(
            "--rating",
            default="",
            metavar="SLUG",
            help="only claims whose current verdict has this rating",
        )
        parser.add_argument("--outlet", default="", help="only articles from this outlet")
        parser.add_argument(
            "--from",
            dest="date_from",
            default="",
            metavar="YYYY-MM-DD",
            help="only articles published on or after this date",
        )
        parser.add_argument(
            "--to",
            dest="date_to",
            default="",
            metavar="YYYY-MM-DD",
            help="only articles published on or before this date",
        )
        parser.add_argument(
            "-o",
            "--output",
            default="",
            metavar="FILE",
            help="write to FILE (with a progress bar) instead of stdout",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar when writing to a file"
        )

    def handle(self, *args, **options):
        try:
            fmt = export_format(options["format"])
            filters = ExportFilters.parse(
                articles=options["article"],
                status=options["status"],
                rating=options["rating"],
                outlet=options["outlet"],
                date_from=options["date_from"],
                date_to=options["date_to"],
                names={
                    "article": "--article",
                    "status": "--status",
                    "rating": "--rating",
                    "date_from": "--from",
                    "date_to": "--to",
                },
            )
        except ExportFilterError as exc:
            raise CommandError(exc.message) from None
        claims = filters.claims()
        output = options["output"]
        if not output or output == "-":
            for chunk in export_chunks(fmt, claims, filters=filters):
                self.stdout.write(chunk, ending="")
            return
        self.write_file(Path(output), fmt, claims, filters, progress=not options["no_progress"])

    def write_file(self, path: Path, fmt, claims, filters, *, progress: bool):
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name.")
        if not path.parent.is_dir():
            raise CommandError(f"Cannot write {path}: the folder {path.parent} does not exist.")
        total = export_count(fmt, claims)
        # Written beside the target and renamed at the end: a failed export leaves no half file.
        partial = path.with_name(path.name + ".partial")
        bar = tqdm(
            total=total,
            unit="claim",
            desc=f"export {fmt.name}",
            disable=not progress,
            file=getattr(self.stderr, "_out", sys.stderr),
            dynamic_ncols=True,
        )
        try:
            with bar, partial.open("w", encoding="utf-8", newline="") as out:
                for chunk in export_chunks(
                    fmt, claims, filters=filters, on_claim=lambda _claim: bar.update()
                ):
                    out.write(chunk)
            os.replace(partial, path)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from None
        finally:
            partial.unlink(missing_ok=True)
        self.stderr.write(f"Wrote {total} claim(s) as {fmt.label} to {path}")
