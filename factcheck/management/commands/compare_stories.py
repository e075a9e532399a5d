"""python manage.py compare_stories PATH... [--json]

Extract claims from article files (as extract_claims does), group the articles into
stories, align the figures and dates they share into measures and say where values
conflict. Prints the format of the corpus's score_stories.py. Writes nothing.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction.nlp import get_nlp
from factcheck.importing import ArticleImportError, article_files, decode, parse_article
from factcheck.stories.compare import compare

from .extract_claims import Command as ExtractCommand


class Command(BaseCommand):
    help = "Group article files into stories and compare their figures (no database writes)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article files or folders of them")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        files = article_files(options["paths"])
        if not files:
            raise CommandError("no article files found")
        extractor = ExtractCommand()
        articles, failed = [], 0
        for path in files:
            try:
                entry = extractor.extract_file(path)
                entry["body"] = parse_article(decode(path.read_bytes(), str(path)), str(path)).body
            except ArticleImportError as exc:
                failed += 1
                self.stderr.write(f"error: {exc}")
                continue
            except OSError as exc:
                failed += 1
                self.stderr.write(f"error: {path}: cannot be read ({exc.strerror or exc})")
                continue
            articles.append(entry)
        result = compare(articles, get_nlp())
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self.print_text(result)
        if failed:
            self.stdout.flush()
            sys.exit(1)

    def print_text(self, result):
        for n, story in enumerate(result["stories"], 1):
            if len(story["files"]) < 2:
                continue
            self.stdout.write(f"Story {n}: {', '.join(story['files'])}")
            for m in story["measures"]:
                mark = "agree" if m["values_agree"] else "CONFLICT"
                said = "; ".join(f"{c['file']}: {c['span']}" for c in m["claims"])
                self.stdout.write(f"  [{mark}] {said}")
            self.stdout.write("")
        alone = [s["files"][0] for s in result["stories"] if len(s["files"]) == 1]
        if alone:
            self.stdout.write(f"Standing alone: {', '.join(alone)}")
