"""Placing one new article in a story against 10k and 100k articles (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_stories DEBUG=1 \\
        .venv/bin/python bench/bench_stories.py [--articles 10000 100000] [--runs 7]

For each size, tops the database up with synthetic articles (title, lead, date within
two years, ten figure/date claims each, their grouping keys in ArticleKey) until it holds
that many, then times `stories.store.place_article` on fresh articles that report an
event five existing articles already report. The time covers the new article's spaCy
profile, the index lookup, the candidates' comparison, and re-aligning the story's
measures; the spaCy model is loaded before timing. Target: under 1 s, flat with size.
"""

import argparse
import datetime
import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from factcheck.extraction.nlp import get_nlp  # noqa: E402
from factcheck.models import Article, ArticleKey, Claim, StoryArticle  # noqa: E402
from factcheck.stories import store  # noqa: E402

_SYL = [
    "val",
    "dor",
    "os",
    "tra",
    "mar",
    "len",
    "kar",
    "sk",
    "bel",
    "vik",
    "tor",
    "an",
    "ru",
    "zen",
]
_R = random.Random(1)
PLACES = sorted(
    {(_R.choice(_SYL) + _R.choice(_SYL) + _R.choice(_SYL) + "a").title() for _ in range(4000)}
)
FIRST = ["Ana", "Piet", "Omar", "Lena", "Ivan", "Sara", "Yusuf", "Mira", "Tomas", "Nadia"]
PEOPLE = [f"{f} {p}ov" for f in FIRST for p in PLACES[:300]]
WORDS = ["flood", "attack", "ceasefire", "election", "strike", "talks", "protest", "quake"]
START = datetime.date(2023, 1, 1)


def synthetic(i, rng, place=None, person=None, day=None, tag="bench"):
    place = place or rng.choice(PLACES)
    person = person or rng.choice(PEOPLE)
    word = rng.choice(WORDS)
    day = day or START + datetime.timedelta(days=rng.randrange(730))
    n = rng.randrange(5, 500)
    title = f"{word.title()} in {place}: {n} people killed, {person} says"
    body = (
        f"At least {n} people were killed and {n * 2} injured in the {word} in {place} on "
        f"Monday, {person} said.\n\nThe {word} began in {place} on {day:%d %B %Y}."
    )
    digest = hashlib.sha256(f"{tag}-{i}-{title}".encode()).hexdigest()
    art = Article(
        title=title,
        body=body,
        raw_text=body,
        outlet=f"Outlet {hash(str(i)) % 50}",
        published=day,
        content_hash=digest,
        source_name=f"{tag}-{i}.txt",
    )
    keys = {place.lower(), *(w.lower() for w in person.split())}
    return art, keys, n


def claims_for(art, n):
    out = []
    for j in range(10):
        kind = "date" if j % 3 == 2 else "casualties"
        span = f"{n + j} people" if kind != "date" else "on Monday"
        out.append(
            Claim(
                article=art,
                kind=kind,
                text=art.body.split("\n\n")[0],
                span=span,
                start=0,
                end=len(span),
                low=None if kind == "date" else n + j,
                high=None if kind == "date" else n + j,
                qualifier="" if kind == "date" else "exact",
                unit="" if kind == "date" else "people",
                date=str(art.published) if kind == "date" else "",
                granularity="day" if kind == "date" else "",
            )
        )
    return out


def _quoted(columns) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _copy(table, columns, rows):
    with (
        connection.cursor() as cur,
        cur.connection.cursor().copy(f"COPY {table} ({_quoted(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _sync_ids():
    """The article id sequence past the COPYed ids (explicit ids do not move it)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('factcheck_article', 'id'), "
            "(SELECT coalesce(max(id), 1) FROM factcheck_article))"
        )


def top_up(total, rng):
    """Synthetic articles (with claims and keys) until the database holds `total`.

    PostgreSQL COPY with explicit ids: a hundred thousand articles in a few minutes."""
    from django.utils import timezone

    _sync_ids()
    have = Article.objects.count()
    if have >= total:
        return
    now = timezone.now()
    next_id = (Article.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    batch = 10_000
    i = have
    while i < total:
        rows = [synthetic(k, rng) for k in range(i, min(total, i + batch))]
        ids = list(range(next_id, next_id + len(rows)))
        next_id += len(rows)
        _copy(
            "factcheck_article",
            [
                "id",
                "title",
                "body",
                "raw_text",
                "source_line",
                "outlet",
                "url",
                "published",
                "content_hash",
                "source_name",
                "imported_at",
                "extractor_version",
                "extraction_error",
            ],
            (
                (
                    pk,
                    a.title,
                    a.body,
                    a.raw_text,
                    "",
                    a.outlet,
                    "",
                    a.published,
                    a.content_hash,
                    a.source_name,
                    now,
                    "",
                    "",
                )
                for pk, (a, _, _) in zip(ids, rows, strict=True)
            ),
        )
        _copy(
            "factcheck_articlekey",
            ["article_id", "key", "published"],
            (
                (pk, k, a.published)
                for pk, (a, keys, _) in zip(ids, rows, strict=True)
                for k in keys
            ),
        )
        claim_rows = []
        for pk, (a, _, n) in zip(ids, rows, strict=True):
            a.pk = pk
            for c in claims_for(a, n):
                claim_rows.append(
                    (
                        pk,
                        c.kind,
                        c.text,
                        c.span,
                        c.start,
                        c.end,
                        c.low,
                        c.high,
                        c.qualifier,
                        c.unit,
                        c.date,
                        c.granularity,
                        "",
                        "[]",
                        0.5,
                        "",
                        "new",
                        "",
                        1,
                        now,
                        now,
                    )
                )
        _copy(
            "factcheck_claim",
            [
                "article_id",
                "kind",
                "text",
                "span",
                "start",
                "end",
                "low",
                "high",
                "qualifier",
                "unit",
                "date",
                "granularity",
                "speaker",
                "entities",
                "checkworthiness",
                "extractor_version",
                "status",
                "dismissal_reason",
                "version",
                "created_at",
                "updated_at",
            ],
            claim_rows,
        )
        i += len(rows)
        print(f"  {i} articles", file=sys.stderr, flush=True)
    _sync_ids()
    with connection.cursor() as cur:
        cur.execute("ANALYZE factcheck_article, factcheck_articlekey, factcheck_claim")


RUN = os.urandom(4).hex()  # fresh event articles on every run of the script


def run(size, runs, rng, nlp):
    top_up(size, rng)
    times = []
    for r in range(runs):
        day = START + datetime.timedelta(days=rng.randrange(730))
        place, person = rng.choice(PLACES), rng.choice(PEOPLE)
        story = []
        for k in range(5):  # an event five outlets already reported
            art, keys, n = synthetic(f"{size}-{r}-{k}", rng, place, person, day, tag=f"event-{RUN}")
            art.save()
            ArticleKey.objects.bulk_create(
                ArticleKey(article=art, key=key, published=day) for key in keys
            )
            Claim.objects.bulk_create(claims_for(art, n))
            story.append(art)
        store.place_article(story[0], nlp=nlp)
        for art in story[1:]:
            StoryArticle.objects.create(article=art, story=story[0].story_link.story)
        new, _, n = synthetic(f"{size}-{r}-new", rng, place, person, day, tag=f"new-{RUN}")
        new.save()
        Claim.objects.bulk_create(claims_for(new, n))
        t0 = time.perf_counter()
        placed = store.place_article(new, nlp=nlp)
        times.append(time.perf_counter() - t0)
        assert placed.links.count() >= 6, "the new article should join the event's story"
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(RUN)
    nlp = get_nlp()
    nlp("warm up the model")
    print(f"{'articles':>9} {'claims':>9} {'median s':>9} {'max s':>7}")
    for size in sorted(args.articles):
        times = run(size, args.runs, rng, nlp)
        print(
            f"{Article.objects.count():>9} {Claim.objects.count():>9} "
            f"{statistics.median(times):>9.3f} {max(times):>7.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
