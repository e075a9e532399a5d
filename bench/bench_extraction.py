"""Throughput of the claim extractor against spaCy's own nlp.pipe on the same texts.

    DEBUG=1 .venv/bin/python bench/bench_extraction.py [PATH...]

PATHs are article files or folders (default: the project's seeds/ folder, plus any
given). Texts are repeated until each side has a few seconds of CPU time (process CPU time,
not wall-clock, so a busy machine does not skew the ratio). Prints
articles/s and sentences/s for both, their ratio, and peak RSS (ru_maxrss); then the
same report over the whole claim-corpus dev folder (../shared/corpus/dev) when it is
there. The bar: the extractor keeps >= 0.7x spaCy's throughput, under 400 MB.
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

from factcheck.extraction import extract_claims, extract_many  # noqa: E402
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

MIN_SECONDS = 3.0  # CPU seconds per side, over all rounds
ROUNDS = 5
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


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


def run_extractor_batched(articles):
    """The same articles through extract_many: one nlp.pipe stream across articles."""
    return sum(len(claims) for claims in extract_many(articles))


def count_sentences(nlp, articles):
    texts = [clean_text(body)[s:e] for body, _ in articles for s, e in chunks(clean_text(body))]
    return sum(1 for doc in nlp.pipe(texts) for _ in doc.sents)


def timed(fn, articles, reps):
    """CPU seconds of this process for reps runs: on a shared machine, wall-clock time
    mostly measures the neighbours; both sides are timed the same way."""
    start = time.process_time()
    for _ in range(reps):
        fn(articles)
    return time.process_time() - start


def report(label, nlp, articles):
    """Time spaCy alone and the extractor on the same articles; print the figures.

    The sides take turns for ROUNDS rounds and each keeps its best round (as timeit
    does): on a machine shared with other work, the best round is the one least
    disturbed, and the turns give both sides the same chances."""
    sentences = count_sentences(nlp, articles)
    run_extractor(articles)  # warm up: the model, the caches, the spelling dictionary
    one = min(timed(lambda a: run_spacy(nlp, a), articles, 1) for _ in range(2))
    reps = max(1, int(MIN_SECONDS / ROUNDS / max(one, 1e-3)) + 1)
    sides = {
        "spaCy nlp.pipe": lambda a: run_spacy(nlp, a),
        "extractor": run_extractor,
        "extract_many": run_extractor_batched,
    }
    best = dict.fromkeys(sides, float("inf"))
    for _ in range(ROUNDS):
        for name, fn in sides.items():
            best[name] = min(best[name], timed(fn, articles, reps))
    n_art = len(articles) * reps
    n_sent = sentences * reps
    print(f"== {label}")
    print(
        f"texts: {len(articles)} articles, {sentences} sentences, "
        f"{reps}x per round, best of {ROUNDS}"
    )
    for name, seconds in best.items():
        print(
            f"{name:<15}: {n_art / seconds:8.1f} articles/s {n_sent / seconds:9.1f} "
            f"sentences/s  ({seconds:.2f} s CPU)"
        )
    spacy_s = best["spaCy nlp.pipe"]
    print(
        f"ratio extractor/spaCy: {spacy_s / best['extractor']:.2f}x article by article, "
        f"{spacy_s / best['extract_many']:.2f}x with extract_many"
    )


def main():
    paths = [ROOT / "seeds", *sys.argv[1:]]
    articles = load([p for p in paths if Path(p).exists()])
    if not articles:
        sys.exit("no articles found (give article files or folders)")
    nlp = get_nlp()
    report("seeds/ and the given paths", nlp, articles)
    # The claim corpus's development folder, when it is there: the articles the
    # extractor is scored on, of many outlets and lengths.
    if DEV_CORPUS.is_dir():
        report(f"the whole dev folder ({DEV_CORPUS})", nlp, load([DEV_CORPUS]))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
