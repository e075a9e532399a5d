"""manage.py bench_data: fill a database with a newsroom-sized archive for benchmarks.

Bench-only (the benchsite app): run it as the harness does,
`PYTHONPATH=bench DJANGO_SETTINGS_MODULE=benchsite.settings python manage.py bench_data`.

Articles are generated text whose sentences carry the claims (offsets point into the
body); claims cover every kind and every status, each with the audit events that lead to
its status, so replaying a claim's events gives its current status. Finished claims have
evidence and verdict revisions. Everything is written a chunk of articles per transaction:
on PostgreSQL with COPY (ids taken from the tables' sequences beforehand, so rows can
point at each other without a round trip), elsewhere with the ORM's bulk_create. Both
write the same rows from the same seed. Bench articles are marked by a source_name
starting "bench:"; the command refuses to touch a database holding other articles unless
--force.
"""

import hashlib
import json
import operator
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from factcheck import workflow
from factcheck.importing import content_hash
from factcheck.models import Article, Claim, ClaimEvent, Evidence, Rating, Verdict

BENCH_PREFIX = "bench:"
BENCH_PASSWORD = "bench-password-not-secret"
EXTRACTOR_VERSION = "bench"
REVIEWERS = [f"bench_rev{i:02d}" for i in range(1, 51)]
EDITORS = [f"bench_ed{i:02d}" for i in range(1, 11)]
# The share of claims in each status: most claims wait (new/queued), a few are in hand.
STATUS_WEIGHTS = {
    Claim.Status.NEW: 30,
    Claim.Status.QUEUED: 35,
    Claim.Status.IN_REVIEW: 5,
    Claim.Status.PROPOSED: 5,
    Claim.Status.PUBLISHED: 15,
    Claim.Status.DISMISSED: 10,
}
KIND_WEIGHTS = {
    Claim.Kind.TROOPS: 15,
    Claim.Kind.CASUALTIES: 15,
    Claim.Kind.DATE: 15,
    Claim.Kind.QUANTITY: 20,
    Claim.Kind.QUOTE: 15,
    Claim.Kind.STATEMENT: 20,
}
LONG_ARTICLE_CLAIMS = 40
CHUNK_ARTICLES = 500
BATCH = 5000

PLACES = [
    "Karsk",
    "Velin",
    "Oduria",
    "Port Salen",
    "Marrow Bay",
    "Tiraz",
    "Lenka",
    "Hallow",
    "Brisk",
    "Ostrava Plain",
    "the Dren valley",
    "Kessel",
    "North Amar",
    "Sorrel Heights",
    "Iskra",
    "Pellan",
    "the eastern corridor",
    "Vask",
    "Lower Meru",
    "Castel",
]
OUTLETS = [
    "Test Wire",
    "Daily Ledger",
    "Harbour Times",
    "Northern Post",
    "Civic Record",
    "Eastern Courier",
    "Metro Bulletin",
    "The Observer Desk",
    "Radio Free Plain",
    "Capital Herald",
    "Valley Gazette",
    "World Briefing",
]
SOURCES = [
    "officials said",
    "the ministry said",
    "a military spokesman said",
    "local authorities said",
    "the UN said",
    "aid workers said",
    "police said",
]
SPEAKERS = [
    "General Ana Petrova",
    "Minister Tomas Brel",
    "Mayor Ilse Varga",
    "Colonel Jan Hesk",
    "President Mara Lund",
    "spokeswoman Dina Ost",
    "Commander Piet Aro",
    "Senator Ruth Calder",
]
QUOTES = [
    "We will hold the bridge until the spring",
    "Not a single village will be abandoned",
    "The convoy reached the city before dawn",
    "Our forces have withdrawn as agreed",
    "The talks produced nothing of substance",
    "Every family will receive support",
    "The port will reopen within a month",
    "We did not fire first",
]
STATEMENTS = [
    "{p} is the largest port on the northern coast.",
    "{p} has had no electricity since the dam was destroyed.",
    "The only road into {p} was closed by the army last year.",
    "{p} was the site of the first ceasefire talks.",
    "Unemployment in {p} is the highest in the country.",
    "The hospital in {p} is the last one still operating in the region.",
]
FILLER = [
    "Residents described long queues for water and fuel.",
    "The situation remained tense into the evening.",
    "Reporters were not allowed to visit the area independently.",
    "Talks between the two sides are expected to resume next week.",
    "Witnesses said the streets were largely empty.",
    "The claim could not be independently verified.",
    "Schools in the area have been closed since the start of the month.",
    "Several international organisations have called for restraint.",
    "Prices of basic goods have risen sharply in recent weeks.",
    "The statement gave no further details.",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EVIDENCE_SITES = [
    ("https://data.example.org/reports/", "Open Data Office"),
    ("https://un.example.int/ocha/", "UN OCHA"),
    ("https://archive.example.net/wire/", "Wire archive"),
    ("https://stats.example.gov/tables/", "Statistics bureau"),
]


@dataclass
class ClaimPlan:
    """One claim to write, with what its status needs (events, evidence, verdicts)."""

    claim: Claim
    # ClaimEvents without claim; `data` may be a function called once the rows have ids.
    events: list = field(default_factory=list)
    evidence: list = field(default_factory=list)  # Evidence objects without claim
    verdicts: list = field(default_factory=list)  # Verdict objects without claim


def real_article_count() -> int:
    return Article.objects.exclude(source_name__startswith=BENCH_PREFIX).count()


def _sentence(rng: random.Random, kind: str, published: date):
    """A sentence carrying one claim of this kind: (sentence, span, place, claim fields)."""
    place = rng.choice(PLACES)
    source = rng.choice(SOURCES)
    if kind == Claim.Kind.TROOPS:
        n = rng.randrange(100, 60000, 50)
        qualifier, lead = rng.choice(
            [("exact", ""), ("about", "about "), ("more_than", "more than ")]
        )
        span = f"{lead}{n:,} soldiers"
        sentence = f"{source.capitalize()} that {span} had been deployed near {place}."
        fields = {"low": n, "high": n, "qualifier": qualifier, "unit": "soldiers"}
    elif kind == Claim.Kind.CASUALTIES:
        low = rng.randrange(2, 900)
        if rng.random() < 0.3:
            high = low + rng.randrange(5, 200)
            span = f"between {low} and {high} people were killed"
            fields = {"low": low, "high": high, "qualifier": "range"}
        else:
            high = low
            span = f"at least {low} people were killed"
            fields = {"low": low, "high": low, "qualifier": "at_least"}
        fields["unit"] = "people killed"
        sentence = f"In shelling around {place}, {span}, {source}."
    elif kind == Claim.Kind.DATE:
        day = published - timedelta(days=rng.randrange(1, 400))
        span = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        sentence = f"The ceasefire around {place} took effect on {span}, {source}."
        fields = {"date": day.isoformat(), "granularity": "day"}
    elif kind == Claim.Kind.QUANTITY:
        n = rng.randrange(2, 950)
        span = f"${n} million"
        sentence = f"The government pledged {span} for reconstruction in {place}."
        fields = {"low": n * 1_000_000, "high": n * 1_000_000, "qualifier": "exact", "unit": "USD"}
    elif kind == Claim.Kind.QUOTE:
        quote, speaker = rng.choice(QUOTES), rng.choice(SPEAKERS)
        span = f"\u201c{quote}\u201d"
        sentence = f"{span}, said {speaker} in {place}."
        fields = {"speaker": speaker}
    else:
        sentence = rng.choice(STATEMENTS).format(p=place)
        sentence = sentence[0].upper() + sentence[1:]
        span = sentence[:-1]
        fields = {}
    return sentence, span, place, fields


def _article(rng: random.Random, index: int, n_claims: int, run_tag: str, now):
    """An Article (unsaved) and the claims (unsaved, without article) its body carries."""
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 700))
    kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=n_claims)
    paragraphs, claims, offset = [], [], 0
    per_paragraph = 3
    for start in range(0, n_claims, per_paragraph):
        sentences = []
        for kind in kinds[start : start + per_paragraph]:
            sentences.append(("claim", kind))
            if rng.random() < 0.6:
                sentences.append(("filler", rng.choice(FILLER)))
        paragraph = ""
        for what, value in sentences:
            if paragraph:
                paragraph += " "
            if what == "filler":
                paragraph += value
                continue
            sentence, span, place, fields = _sentence(rng, value, published)
            sentence_start = offset + len(paragraph)
            span_start = sentence_start + sentence.index(span)
            paragraph += sentence
            claims.append(
                Claim(
                    kind=value,
                    text=sentence,
                    span=span,
                    start=span_start,
                    end=span_start + len(span),
                    low=_dec(fields.get("low")),
                    high=_dec(fields.get("high")),
                    qualifier=fields.get("qualifier", ""),
                    unit=fields.get("unit", ""),
                    date=fields.get("date", ""),
                    granularity=fields.get("granularity", ""),
                    speaker=fields.get("speaker", ""),
                    entities=[place],
                    checkworthiness=round(rng.uniform(0.05, 0.99), 3),
                    extractor_version=EXTRACTOR_VERSION,
                )
            )
        paragraphs.append(paragraph)
        offset += len(paragraph) + 2  # the blank line between paragraphs
    if not paragraphs:
        paragraphs.append(rng.choice(FILLER))
    body = "\n\n".join(paragraphs)
    place = rng.choice(PLACES)
    title = (
        f"{rng.choice(['Fighting', 'Talks', 'Aid', 'Evacuation', 'Ceasefire'])} "
        f"near {place}: report {index + 1}"
    )
    outlet = rng.choice(OUTLETS)
    source_line = f"{rng.randrange(1000, 9999)} 0 {len(body)}"
    imported = now - timedelta(days=rng.uniform(1, 120))
    article = Article(
        title=title,
        body=body,
        raw_text=f"{title}\n\n{source_line}\n\n{body}\n",
        source_line=source_line,
        outlet=outlet,
        url=f"https://news.example.com/{outlet.lower().replace(' ', '-')}/{index + 1}",
        published=published,
        content_hash=content_hash(body, title + run_tag),
        source_name=f"{BENCH_PREFIX}{run_tag}/{index + 1:06d}.txt",
        imported_at=imported,
        extracted_at=imported + timedelta(seconds=rng.uniform(1, 60)),
        extractor_version=EXTRACTOR_VERSION,
    )
    for claim in claims:
        claim.created_at = article.extracted_at
    return article, claims


def _dec(value):
    return None if value is None else Decimal(value)


class Planner:
    """Gives each claim a status and the history, evidence and verdicts that status needs."""

    def __init__(self, rng, reviewers, editors, ratings, usernames, now):
        self.rng, self.reviewers, self.editors = rng, reviewers, editors
        self.ratings, self.usernames, self.now = ratings, usernames, now  # ids -> slugs, names
        self.lease = timedelta(minutes=settings.CLAIM_LEASE_MINUTES)

    def plan(self, claim: Claim, status: str) -> ClaimPlan:
        """Walk the claim through the workflow's transitions up to `status`.

        Each step's rules come from workflow.ACTIONS (from which statuses, to which, who,
        whether the version moves), so the generated history is one the workflow allows.
        """
        rng, S = self.rng, Claim.Status
        p = ClaimPlan(claim)
        at = claim.created_at
        version, current = 1, S.NEW
        p.events.append(
            ClaimEvent(
                action="extracted",
                to_status=S.NEW,
                created_at=at,
                data={"extractor_version": EXTRACTOR_VERSION},
            )
        )
        # Steps come some minutes apart, never in the future.
        gap = max(timedelta(minutes=5), (self.now - at) / 10)

        def step(actor, name, note="", data=None):
            """One workflow step, ruled by workflow.ACTIONS: where it may start, where it
            leads, who may take it and whether it bumps the version."""
            nonlocal at, version, current
            action = workflow.ACTIONS[workflow.EVENT_ACTION.get(name, name)]
            if current not in action.from_statuses:
                raise CommandError(f"bench_data planned {name} from {current}: not a workflow step")
            if action.role == workflow.EDITOR and actor not in self.editors:
                raise CommandError(f"bench_data planned {name} by a non-editor")
            at = min(self.now - timedelta(seconds=1), at + rng.uniform(0.1, 1.0) * gap)
            frm, current = current, action.to_status or current
            if action.bumps_version:
                version += 1
            p.events.append(
                ClaimEvent(
                    actor_id=actor,
                    action=name,
                    from_status=frm,
                    to_status=current,
                    note=note,
                    data=data or {},
                    created_at=at,
                )
            )
            return at

        editor = rng.choice(self.editors)
        if status == S.DISMISSED:
            if rng.random() < 0.5:
                step(editor, "queue")
            reason = rng.choice(
                ["Not check-worthy", "Opinion, not a factual claim", "Duplicate of another claim"]
            )
            step(editor, "dismiss", reason, {"reason": reason})
            claim.dismissal_reason = reason
        elif status != S.NEW:
            step(editor, "queue")
        if status in (S.IN_REVIEW, S.PROPOSED, S.PUBLISHED):
            reviewer = rng.choice(self.reviewers)
            if rng.random() < 0.2:  # someone took it before and gave it back
                other = rng.choice(self.reviewers)
                step(other, "take", data={"next_claim": True})
                step(other, "release")
            taken = step(reviewer, "take", data={"next_claim": True})
            claim.assignee_id = reviewer
            claim.lease_expires_at = max(taken, self.now) + self.lease
        if status in (S.PROPOSED, S.PUBLISHED):
            for _ in range(rng.randint(1, 3)):
                self._evidence(p, reviewer, step)
            revision = 1
            if status == S.PUBLISHED and rng.random() < 0.25:  # an editor sent it back once
                self._propose(p, reviewer, revision, step)
                note = "Please add a primary source."
                returned = p.verdicts[-1]
                returned.state, returned.review_note = Verdict.State.RETURNED, note
                step(
                    editor,
                    "return",
                    note,
                    lambda v=returned: {"verdict": v.pk, "revision": v.revision},
                )
                self._evidence(p, reviewer, step)
                revision += 1
            verdict = self._propose(p, reviewer, revision, step)
            claim.lease_expires_at = None  # the proposer keeps the claim, without a lease
            if status == S.PUBLISHED:
                approved = step(
                    editor,
                    "approve",
                    "",
                    lambda v=verdict: {
                        "verdict": v.pk,
                        "revision": v.revision,
                        "rating": self.ratings[v.rating_id],
                        "proposer": self.usernames[v.author_id],
                    },
                )
                verdict.state = Verdict.State.PUBLISHED
                verdict.approved_by_id, verdict.approved_at = editor, approved
                claim.assignee_id, claim.lease_expires_at = None, None
        if current != status:
            raise CommandError(f"bench_data planned {status} but its steps lead to {current}")
        claim.status = status
        claim.version = version
        return p

    def _evidence(self, p: ClaimPlan, reviewer, step):
        url, publisher = self.rng.choice(EVIDENCE_SITES)
        evidence = Evidence(
            url=f"{url}{self.rng.randrange(10**6)}",
            publisher=publisher,
            title=f"Source on {p.claim.entities[0]}",
            excerpt="The figures were confirmed in the report.",
            stance=self.rng.choice(list(Evidence.Stance.values)),
            added_by_id=reviewer,
        )
        when = step(
            reviewer,
            "evidence_added",
            "",
            lambda e=evidence: {"evidence": e.pk, "url": e.url, "stance": e.stance},
        )
        evidence.created_at, evidence.accessed = when, when.date()
        p.evidence.append(evidence)

    def _propose(self, p: ClaimPlan, reviewer, revision, step) -> Verdict:
        verdict = Verdict(
            revision=revision,
            rating_id=self.rng.choice(list(self.ratings)),
            state=Verdict.State.PROPOSED,
            author_id=reviewer,
            rationale="Checked against the primary sources listed as evidence.",
        )
        # A proposal cites the evidence the claim has at that moment.
        verdict.cites = list(p.evidence)
        verdict.created_at = step(
            reviewer,
            "propose",
            "",
            lambda v=verdict: {
                "verdict": v.pk,
                "revision": v.revision,
                "rating": self.ratings[v.rating_id],
            },
        )
        p.verdicts.append(verdict)
        return verdict


class CopyWriter:
    """Writes model instances with PostgreSQL's COPY, the same columns bulk_create writes.

    Rows other rows point at get their ids from the table's sequence first (`assign_ids`),
    in list order as bulk_create would; the others take the column default.
    """

    def __init__(self, cursor):
        self.cursor = cursor  # a psycopg 3 cursor (connection.cursor().cursor)
        self.columns = {}

    def assign_ids(self, model, objs):
        if not objs:
            return
        table = model._meta.db_table
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, len(objs)],
        )
        ids = sorted(row[0] for row in self.cursor.fetchall())
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk

    def _getters(self, model, with_pk):
        key = (model, with_pk)
        if key not in self.columns:
            columns, getters = [], []
            for f in model._meta.concrete_fields:
                if (f.primary_key and not with_pk) or f.generated:  # the database fills those
                    continue
                columns.append(f.column)
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    getters.append(lambda obj, f=f: f.pre_save(obj, True))
                elif f.get_internal_type() == "JSONField":
                    getters.append(
                        lambda obj, f=f: json.dumps(getattr(obj, f.attname), cls=f.encoder)
                    )
                else:
                    getters.append(operator.attrgetter(f.attname))
            self.columns[key] = (columns, getters)
        return self.columns[key]

    def write(self, model, objs):
        if not objs:
            return
        with_pk = objs[0].pk is not None
        columns, getters = self._getters(model, with_pk)
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        with self.cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row([get(obj) for get in getters])
        if hasattr(objs[0], "_state"):
            for obj in objs:
                obj._state.adding, obj._state.db = False, "default"


class Command(BaseCommand):
    help = (
        "Fill the database with generated articles, claims, verdicts and events for "
        "benchmarks (COPY on PostgreSQL, bulk inserts elsewhere). Refuses if real articles "
        "exist unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=10000,
            help="articles to write; each carries --claims-per-article claims "
            "(100000 articles: about 1,000,000 claims)",
        )
        parser.add_argument("--claims-per-article", type=int, default=10)
        parser.add_argument(
            "--long-article-claims",
            type=int,
            default=LONG_ARTICLE_CLAIMS,
            help="claims on the first article (the 'long article'); 0: none",
        )
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even though the database holds real (non-bench) articles",
        )
        parser.add_argument(
            "--orm",
            action="store_true",
            help="write with bulk_create even on PostgreSQL (slower; the COPY path's reference)",
        )

    def handle(self, *args, **options):
        n_articles, per_article = options["articles"], options["claims_per_article"]
        if n_articles < 1:
            raise CommandError("--articles must be at least 1.")
        if not 0 <= per_article <= 1000:
            raise CommandError("--claims-per-article must be between 0 and 1000.")
        real = real_article_count()
        if real and not options["force"]:
            raise CommandError(
                f"This database holds {real} real (non-bench) article(s); bench_data adds "
                f"thousands of generated ones beside them. Use a separate database, or "
                f"--force if you really mean it."
            )
        use_copy = connection.vendor == "postgresql" and not options["orm"]
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        now = timezone.now()
        reviewers, editors = self._users()
        ratings = dict(Rating.objects.filter(active=True).values_list("id", "slug"))
        if not ratings:
            raise CommandError("No active ratings: run migrate first (it seeds the scale).")
        usernames = dict(
            get_user_model()
            .objects.filter(pk__in=reviewers + editors)
            .values_list("pk", "username")
        )
        planner = Planner(rng, reviewers, editors, ratings, usernames, now)
        # A tag per run keeps content hashes unique when bench data is added twice.
        run_tag = hashlib.sha256(f"{options['seed']}:{now.isoformat()}".encode()).hexdigest()[:8]
        totals = dict.fromkeys(["articles", "claims", "events", "evidence", "verdicts"], 0)
        bar = tqdm(
            total=n_articles,
            unit="article",
            desc="bench data" + (" (COPY)" if use_copy else ""),
            file=getattr(self.stderr, "_out", sys.stderr),
            dynamic_ncols=True,
            mininterval=1,
        )
        with bar:
            for chunk_start in range(0, n_articles, CHUNK_ARTICLES):
                chunk = range(chunk_start, min(n_articles, chunk_start + CHUNK_ARTICLES))
                counts = self._write_chunk(
                    rng,
                    planner,
                    chunk,
                    per_article,
                    options["long_article_claims"],
                    run_tag,
                    now,
                    use_copy=use_copy,
                )
                for key, value in counts.items():
                    totals[key] += value
                bar.set_postfix_str(f"{totals['claims']:,} claims", refresh=False)
                bar.update(len(chunk))
        loaded = time.perf_counter() - started
        if connection.vendor == "postgresql":
            self._analyze()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"bench data: {totals['articles']} articles, {totals['claims']} claims, "
                f"{totals['verdicts']} verdicts, {totals['evidence']} evidence, "
                f"{totals['events']} events, {len(reviewers)} reviewers, {len(editors)} editors "
                f"in {elapsed:.1f} s ({loaded:.1f} s writing"
                f"{' with COPY' if use_copy else ''}, {elapsed - loaded:.1f} s analyzing)"
            )
        )

    def _analyze(self):
        """What autovacuum would do soon after a bulk load: planner statistics, and (outside
        a transaction) a visibility map so counts can use index-only scans."""
        verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        tables = [m._meta.db_table for m in (Article, Claim, ClaimEvent, Evidence, Verdict)]
        tables.append(Verdict.evidence.through._meta.db_table)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{verb} {table}")

    def _users(self):
        """The bench reviewers and editors (one shared password, hashed once)."""
        User = get_user_model()
        password = make_password(BENCH_PASSWORD)
        ids = {}
        for names, group_name, is_staff in (
            (REVIEWERS, "Reviewers", False),
            (EDITORS, "Editors", True),
        ):
            group = Group.objects.get(name=group_name)
            existing = set(
                User.objects.filter(username__in=names).values_list("username", flat=True)
            )
            User.objects.bulk_create(
                [
                    User(
                        username=name,
                        password=password,
                        is_staff=is_staff,
                        email=f"{name}@bench.example.org",
                    )
                    for name in names
                    if name not in existing
                ]
            )
            users = list(User.objects.filter(username__in=names))
            group.user_set.add(*users)
            ids[group_name] = [u.pk for u in users]
        return ids["Reviewers"], ids["Editors"]

    @transaction.atomic
    def _write_chunk(
        self, rng, planner, chunk, per_article, long_claims, run_tag, now, *, use_copy
    ):
        """Generate a chunk of articles with their claims' histories and write them.

        The same random draws, in the same order, whichever way the rows are written."""
        if use_copy:
            with connection.cursor() as cursor:
                return self._generate_and_write(
                    rng,
                    planner,
                    chunk,
                    per_article,
                    long_claims,
                    run_tag,
                    now,
                    CopyWriter(cursor.cursor),
                )
        return self._generate_and_write(
            rng, planner, chunk, per_article, long_claims, run_tag, now, None
        )

    def _generate_and_write(
        self, rng, planner, chunk, per_article, long_claims, run_tag, now, copy
    ):
        def write(model, objs, *, ids=True):
            if copy is None:
                model.objects.bulk_create(objs, batch_size=BATCH)
                return
            if ids:
                copy.assign_ids(model, objs)
            if model is Claim:
                Claim.prepare_new(objs)  # what ClaimQuerySet.bulk_create does
            copy.write(model, objs)

        articles, claim_lists = [], []
        for index in chunk:
            n = max(per_article, long_claims) if index == 0 and long_claims else per_article
            article, claims = _article(rng, index, n, run_tag, now)
            articles.append(article)
            claim_lists.append(claims)
        write(Article, articles)
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        plans = []
        for article, claims in zip(articles, claim_lists, strict=True):
            for claim in claims:
                claim.article = article
                plans.append(planner.plan(claim, rng.choices(statuses, weights)[0]))
        write(Claim, [p.claim for p in plans])
        evidence, verdicts, events = [], [], []
        for p in plans:
            for item in p.evidence:
                item.claim_id = p.claim.pk
                evidence.append(item)
            for verdict in p.verdicts:
                verdict.claim_id = p.claim.pk
                verdicts.append(verdict)
        write(Evidence, evidence)
        write(Verdict, verdicts)
        Through = Verdict.evidence.through
        write(
            Through,
            [Through(verdict_id=v.pk, evidence_id=e.pk) for v in verdicts for e in v.cites],
            ids=False,
        )
        for p in plans:
            for event in p.events:
                event.claim_id = p.claim.pk
                if callable(event.data):
                    event.data = event.data()
                events.append(event)
        write(ClaimEvent, events, ids=False)
        return {
            "articles": len(articles),
            "claims": len(plans),
            "events": len(events),
            "evidence": len(evidence),
            "verdicts": len(verdicts),
        }
