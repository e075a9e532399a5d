"""python manage.py extraction_report [--since DATE] [--json]

The extractor's report card from what people kept, corrected, rejected and added
(see factcheck/extraction_report.py for what each figure means).
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction_report import fixed_text, report_card


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value!r} is not a date (YYYY-MM-DD).") from None


def _pct(value):
    return "   -" if value is None else f"{value:4.2f}"


class Command(BaseCommand):
    help = "How good the extractor is on this newsroom's articles, from what people changed."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only articles imported on or after this date")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        since = _date(options["since"]) if options["since"] else None
        card = report_card(since=since)
        if options["json"]:
            self.stdout.write(json.dumps(card.as_dict(), indent=2))
            return
        header = (
            f"{'':<22}{'kept':>6}{'fixed':>6}{'reject':>7}{'dupl':>5}{'added':>6}"
            f"{'not yet':>8}  {'prec.':>5} {'found':>5} {'recall':>6} {'found':>5} {'F1':>5}"
        )
        self.stdout.write("The extractor's report card" + (f" since {since}" if since else ""))
        for title, rows in (
            ("Per kind", [*card.kinds, card.total]),
            ("Per extractor version", card.versions),
            ("Per month of import", card.months),
        ):
            self.stdout.write(f"\n{title}")
            self.stdout.write(header)
            for row in rows:
                self.stdout.write(
                    f"{row.name[:21]:<22}{row.unchanged:>6}{row.corrected:>6}{row.rejected:>7}"
                    f"{row.duplicate:>5}{row.added:>6}{row.not_reviewed:>8}  "
                    f"{_pct(row.precision):>5} {_pct(row.precision_found):>5} "
                    f"{_pct(row.recall):>6} {_pct(row.recall_found):>5} {_pct(row.f1):>5}"
                    + (f"   corrected: {fixed_text(row)}" if row.fixed else "")
                )
        self.stdout.write(
            "\nkept: unchanged; fixed: kept with corrections; reject: rejected as not a claim; "
            "dupl: merged as a duplicate;\nadded: added by hand (missed); not yet: nobody has "
            "looked at it. prec. = kept / reviewed, recall = kept / (kept + fixed + added);\n"
            "'found' counts corrected claims as found."
        )
