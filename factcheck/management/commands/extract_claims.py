"""python manage.py extract_claims PATH... [--json]

Extract claims from article files (or folders of them) and print them. Reads
NAME.meta.json sidecars for the publication date. Writes nothing to the database.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction import EXTRACTOR_VERSION, extract_claims
from factcheck.importing import (
    ArticleImportError,
    article_files,
    decode,
    parse_article,
    parse_sidecar,
    sidecar_path,
)


class Command(BaseCommand):
    help = "Extract claims from article files (no database writes)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article files or folders of them")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        files = article_files(options["paths"])
        results, failed = [], 0
        for path in files:
            try:
                results.append(self.extract_file(path))
            except ArticleImportError as exc:
                failed += 1
                self.stderr.write(f"error: {exc}")
            except OSError as exc:
                failed += 1
                self.stderr.write(f"error: {path}: cannot be read ({exc.strerror or exc})")
        if options["json"]:
            self.stdout.write(json.dumps({"articles": results}, ensure_ascii=False, indent=1))
        else:
            self.print_table(results)
        if not files:
            raise CommandError("no article files found")
        if failed:
            self.stdout.flush()
            sys.exit(1)

    def extract_file(self, path: Path) -> dict:
        name = str(path)
        parsed = parse_article(decode(path.read_bytes(), name), name)
        side = sidecar_path(path)
        meta = parse_sidecar(side.read_bytes() if side.is_file() else None, str(side))
        claims = extract_claims(parsed.body, meta.published)
        return {
            "file": path.name,
            "title": parsed.title,
            "published": meta.published.isoformat() if meta.published else None,
            "extractor_version": EXTRACTOR_VERSION,
            "claims": [c.to_json() for c in claims],
        }

    def print_table(self, results):
        for article in results:
            self.stdout.write(
                f"{article['file']}: {article['title']} "
                f"(published {article['published'] or 'unknown'}, "
                f"{len(article['claims'])} claims)"
            )
            self.stdout.write(f"  {'kind':<11}{'score':>6}  {'value':<28}span")
            for c in article["claims"]:
                self.stdout.write(
                    f"  {c['kind']:<11}{c['checkworthiness']:>6.2f}  "
                    f"{_value(c)[:28]:<28}{c['span'][:70]}"
                )
            self.stdout.write("")


def _value(c: dict) -> str:
    if c["kind"] in ("troops", "casualties", "quantity"):
        low, high = c.get("low"), c.get("high")
        if c.get("qualifier") == "vague":
            return "vague"
        if low == high:
            return f"{c.get('qualifier')} {low}"
        low = "" if low is None else low
        high = "" if high is None else high
        return f"{c.get('qualifier')} {low}..{high}"
    if c["kind"] == "date":
        return f"{c.get('date') or '?'} ({c.get('granularity')})"
    if c["kind"] == "quote":
        return c.get("speaker") or "?"
    return ""
