"""python manage.py export_gold -o DIR [--article ID]... [--include-unreviewed]

Write the reviewed claims of finished articles (every claim published or dismissed) in the
corpus's gold format (NAME.txt, NAME.meta.json, NAME.gold.json), so any extractor can be
scored on the newsroom's own articles:

    python manage.py export_gold -o /tmp/gold
    python manage.py extract_claims /tmp/gold --json > /tmp/pred.json
    python3 ../shared/corpus/score.py --gold /tmp/gold --pred /tmp/pred.json
"""

from django.core.management.base import BaseCommand, CommandError

from factcheck.exports.gold import write_gold
from factcheck.models import Article


class Command(BaseCommand):
    help = "Export reviewed claims as gold files in the corpus format."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="folder to write into")
        parser.add_argument(
            "--article", type=int, action="append", help="only this article (repeatable)"
        )
        parser.add_argument(
            "--include-unreviewed",
            action="store_true",
            help="every article's current claims, finished or not",
        )

    def handle(self, *args, **options):
        ids = options["article"]
        if ids:
            missing = sorted(
                set(ids) - set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
            )
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, missing))}")
        result = write_gold(
            options["output"], article_ids=ids, include_unreviewed=options["include_unreviewed"]
        )
        written, folder = len(result.written), options["output"]
        self.stdout.write(f"wrote {written} article(s), {result.claims} claim(s) to {folder}")
        if result.unfinished:
            self.stdout.write(
                f"left out {len(result.unfinished)} unfinished article(s) (claims still waiting; "
                "--include-unreviewed writes them as they are): "
                + ", ".join(map(str, result.unfinished[:20]))
                + (" ..." if len(result.unfinished) > 20 else "")
            )
        for line in result.skipped:
            self.stderr.write(f"skipped {line}")
