"""python manage.py reextract [--article ID]

Re-run the current extractor over stored articles. Claims nobody has touched are
replaced; claims with any human work are kept as they are (see extraction/store.py).
"""

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction import EXTRACTOR_VERSION
from factcheck.extraction.store import reextract_article
from factcheck.tasks import place_in_story


class Command(BaseCommand):
    help = "Re-extract claims with the current extractor, keeping reviewed work."

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="only this article (its id)")

    def handle(self, *args, **options):
        from factcheck.models import Article

        articles = Article.objects.order_by("pk")
        if options["article"] is not None:
            articles = articles.filter(pk=options["article"])
            if not articles.exists():
                raise CommandError(f"no article with id {options['article']}")
        total = {"replaced": 0, "kept": 0, "added": 0}
        self.stdout.write(f"extractor {EXTRACTOR_VERSION}")
        for article in articles.iterator():
            counts = reextract_article(article)
            place_in_story(article)  # replaced claims leave their measures: re-align
            for key in total:
                total[key] += counts.get(key, 0)
            note = (
                "  (extraction failed: see the article's extraction error)"
                if counts.get("error")
                else ""
            )
            self.stdout.write(
                f"article {article.pk}: replaced {counts['replaced']}, kept {counts['kept']}, "
                f"added {counts['added']}  {article.title[:60]}{note}"
            )
        self.stdout.write(
            f"total: replaced {total['replaced']}, kept {total['kept']}, added {total['added']}"
        )
