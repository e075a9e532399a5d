"""Throughput of the claim extractor against spaCy's own nlp.pipe on the same texts.

    DEBUG=1 .venv/bin/python bench/bench_extraction.py [PATH...]

PATHs are article files or folders (default: the project's seeds/ folder, plus any
given). Texts are repeated until each side has a few seconds of work. Prints
articles/s and sentences/s for both, their ratio, and peak RSS (ru_maxrss).
"""

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from factcheck.extraction import extract_claims  # noqa: E402
from factcheck.extraction.nlp import get_nlp  # noqa: E402
from factcheck.extraction.sentences import chunks, clean_text  # noqa: E402
from factcheck.importing import (  # noqa: E402
    ArticleImportError,
    article_files,
    decode,
    parse_article,
    parse_sidecar,
    sidecar_path,
)

MIN_SECONDS = 3.0


def load(paths):
    articles = []
    for path in article_files(paths):
        try:
            parsed = parse_article(decode(path.read_bytes(), str(path)), str(path))
            side = sidecar_path(path)
            meta = parse_sidecar(side.read_bytes() if side.is_file() else None, str(side))
        except (ArticleImportError, OSError) as exc:
            print(f"skipping {path}: {exc}", file=sys.stderr)
            continue
        articles.append((parsed.body, meta.published))
    return articles


def run_spacy(nlp, articles):
    """spaCy alone: the full pipeline over every paragraph of every article."""
    sentences = 0
    texts = [p for body, _ in articles for p in body.split("\n\n") if p.strip()]
    for doc in nlp.pipe(texts, batch_size=64):
        sentences += sum(1 for _ in doc.sents)
    return sentences


def run_extractor(articles):
    claims = 0
    for body, published in articles:
        claims += len(extract_claims(body, published))
    return claims


def count_sentences(nlp, articles):
    texts = [clean_text(body)[s:e] for body, _ in articles for s, e in chunks(clean_text(body))]
    return sum(1 for doc in nlp.pipe(texts) for _ in doc.sents)


def timed(fn, articles, reps):
    start = time.perf_counter()
    for _ in range(reps):
        fn(articles)
    return time.perf_counter() - start


def main():
    paths = [ROOT / "seeds", *sys.argv[1:]]
    articles = load([p for p in paths if Path(p).exists()])
    if not articles:
        sys.exit("no articles found (give article files or folders)")
    nlp = get_nlp()
    sentences = count_sentences(nlp, articles)
    # warm up both, then size the repetitions to about MIN_SECONDS each
    run_extractor(articles)
    one = timed(lambda a: run_spacy(nlp, a), articles, 1)
    reps = max(1, int(MIN_SECONDS / max(one, 1e-3)) + 1)
    spacy_s = timed(lambda a: run_spacy(nlp, a), articles, reps)
    extract_s = timed(run_extractor, articles, reps)
    n_art = len(articles) * reps
    n_sent = sentences * reps
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"texts: {len(articles)} articles, {sentences} sentences, repeated {reps}x")
    print(
        f"spaCy nlp.pipe : {n_art / spacy_s:8.1f} articles/s {n_sent / spacy_s:9.1f} sentences/s"
        f"  ({spacy_s:.2f} s)"
    )
    print(
        f"extractor      : {n_art / extract_s:8.1f} articles/s {n_sent / extract_s:9.1f} "
        f"sentences/s  ({extract_s:.2f} s)"
    )
    print(f"ratio extractor/spaCy: {spacy_s / extract_s:.2f}x")
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
