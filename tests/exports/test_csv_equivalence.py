"""The fast CSV writer gives, byte for byte, what a plain claim-by-claim writer gives.

The reference below is the straightforward export: every claim through the ORM, its
verdicts and cited evidence read one claim at a time, every cell checked for a formula
start with str.startswith. It is slow and obviously right; the real writer (pages, plain
rows, per-article cells, one regex per row) must produce exactly the same text, over data
that covers every branch: several articles, claims with and without verdicts, corrected and
pending verdicts, several sources, and text that looks like a formula, has commas, quotes,
newlines or non-Latin script.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.exports import FORMATS, ExportFilters, common, export_chunks
from factcheck.exports import csv as csv_export
from factcheck.models import Article, Claim, Evidence, Rating, Verdict
from factcheck.site import fact_check_url

# What a spreadsheet would run as a formula (tab and CR too), checked the plain way.
STARTS = ("=", "+", "-", "@", "\t", "\r")

TRICKY = [
    "=1+1",
    "+x",
    "@x",
    "-2",
    "\t=tab",
    "\r=cr",
    "a, b, and c",
    'He said "no", twice',
    "line one\nline two",
    "line one\r\nline two",
    "Сергей Шойгу: «мы удержим мост»",
    "قال المتحدث إن 300 جندي عبروا الحدود",
    "emoji 🚀 and ü",
    "",
    " =leading space is fine",
]


def plain_cell(value):
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(STARTS) else text


def reference_csv(claims) -> str:
    """The export written the slow, obvious way: one claim at a time through the ORM."""
    people = common.People()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_export.COLUMNS)
    for claim in claims.select_related("article").order_by("article_id", "start", "id"):
        article = claim.article
        verdicts = list(claim.verdicts.select_related("rating").order_by("revision"))
        current = None
        for verdict in verdicts:
            if verdict.state in ("published", "proposed"):
                current = verdict
        if current is None:
            judged = [""] * 11
        else:
            first = [
                v.approved_at
                for v in verdicts
                if v.state in ("published", "superseded") and v.approved_at
            ]
            urls = current.evidence.order_by("created_at", "id").values_list("url", flat=True)
            judged = [
                current.rating.label,
                current.rating.value,
                current.rationale,
                "\n".join(urls),
                people.name(current.author_id),
                people.name(current.approved_by_id),
                current.revision,
                common.iso_datetime(current.created_at),
                common.iso_datetime(current.approved_at),
                common.iso_datetime(min(first) if first else None),
                current.correction_note,
            ]
        url = (
            fact_check_url(claim.pk, claim.text)
            if claim.status == "published"
            else common.report_url(article.pk, claim.pk)
        )
        row = [
            article.pk,
            article.title,
            article.outlet,
            article.url,
            article.published.isoformat() if article.published else "",
            claim.pk,
            url,
            claim.kind,
            claim.text,
            claim.span,
            common.plain_number(claim.low),
            common.plain_number(claim.high),
            claim.qualifier,
            claim.unit,
            claim.date,
            claim.granularity,
            claim.speaker,
            claim.status,
            *judged,
            claim.dismissal_reason,
        ]
        writer.writerow([plain_cell(v) for v in row])
    return csv_export.BOM + out.getvalue()


def fast_csv(claims, on_claim=None) -> str:
    return "".join(export_chunks(FORMATS["csv"], claims, on_claim=on_claim))


def text(i: int) -> str:
    return TRICKY[i % len(TRICKY)]


@pytest.fixture
def varied(db, reviewer, reviewer2, editor, editor2):
    """Five articles, 60 claims in scrambled insertion order, every kind of verdict history."""
    editor.first_name, editor.last_name = "Erin", "Editor"
    editor.save()
    reviewer2.first_name = "=Rob"  # a name that looks like a formula
    reviewer2.save()
    unrated = Rating.objects.create(label='@Odd, "scale"', slug="odd", value=None, order=99)
    ratings = [*Rating.objects.filter(active=True).order_by("order"), unrated]
    base = datetime.datetime(2024, 3, 11, 9, 30, tzinfo=datetime.UTC)
    articles = [
        Article.objects.create(
            title=title,
            body="body",
            raw_text="raw",
            outlet=outlet,
            url=url,
            published=published,
            content_hash=f"{n:064d}",
        )
        for n, (title, outlet, url, published) in enumerate(
            [
                (
                    "=1+1 title",
                    "+x outlet",
                    "https://a.example/1?a=1&b=2",
                    datetime.date(2024, 1, 2),
                ),
                ('Comma, "quotes"\nand a newline', "@x", "", None),
                ("Сводка: «мост»", 'Wire, "Daily" & Co', "-2", datetime.date(2023, 12, 31)),
                ("Plain", "", "https://a.example/4", datetime.date(2024, 2, 29)),
                ("No claims here", "x", "https://a.example/5", datetime.date(2024, 3, 1)),
            ]
        )
    ]
    users = [reviewer, reviewer2, editor, editor2]
    claims = []
    # Inserted out of export order: the export sorts by article, start, id.
    for n in range(60):
        article = articles[(n * 7) % 4]
        claims.append(
            Claim.objects.create(
                article=article,
                kind=["troops", "casualties", "quote", "statement", "date"][n % 5],
                text=text(n) + f" claim {n}" if n % 4 else text(n),
                span=text(n + 3),
                start=(n * 37) % 11,  # ties on start: then by id
                end=20,
                low=[None, Decimal("1200.000000"), Decimal("2.500000"), Decimal("-2")][n % 4],
                high=[None, Decimal("1300"), None, Decimal("0.000100")][n % 4],
                qualifier=["", "exact", "about", "range"][n % 4],
                unit=text(n + 5) if n % 3 else "",
                date=["", "2024-03-01", "-2", "=1"][n % 4],
                granularity=["", "day", "month", "year"][n % 4],
                speaker=text(n + 7) if n % 5 == 2 else "",
                status=["new", "published", "proposed", "published", "dismissed", "queued"][n % 6],
                dismissal_reason=text(n + 9) if n % 6 == 4 else "",
            )
        )
    for n, claim in enumerate(claims):
        sources = [
            Evidence.objects.create(
                claim=claim,
                url=f"https://src.example/{claim.pk}/{k}?q=a,b" if k != 1 else f"=src{k}",
                title=text(n + k),
                stance="supports",
                added_by=users[k % 4],
                # Out of id order: the export lists sources by created_at, then id.
                created_at=base + datetime.timedelta(minutes=(3 - k) % 3),
            )
            for k in range(n % 4)
        ]
        history = n % 6
        when = base + datetime.timedelta(days=n)
        verdicts = []
        if history == 1:  # published, then corrected: first published is the first approval
            verdicts = [
                {"state": "superseded", "approved_by": editor, "approved_at": when},
                {
                    "state": "published",
                    "approved_by": editor2,
                    "approved_at": when + datetime.timedelta(hours=5),
                    "correction_note": text(n + 2),
                },
            ]
        elif history == 2:  # proposed, waiting
            verdicts = [{"state": "proposed"}]
        elif history == 3:  # published once
            verdicts = [{"state": "published", "approved_by": editor, "approved_at": when}]
        elif history == 5:  # returned: no current verdict
            verdicts = [{"state": "returned"}]
        elif history == 0 and n % 4 == 0:  # published, and a correction proposed on top
            verdicts = [
                {"state": "published", "approved_by": editor, "approved_at": when},
                {"state": "proposed", "correction_note": "pending fix"},
            ]
        for revision, fields in enumerate(verdicts, start=1):
            verdict = Verdict.objects.create(
                claim=claim,
                revision=revision,
                rating=ratings[(n + revision) % len(ratings)],
                rationale=text(n + revision),
                author=users[(n + revision) % 2],
                created_at=when - datetime.timedelta(hours=revision),
                **fields,
            )
            verdict.evidence.set(sources[revision - 1 :])
    return claims


def test_the_same_bytes_as_the_plain_writer(varied):
    claims = ExportFilters().claims()
    expected = reference_csv(claims)
    got = fast_csv(claims)
    assert got.encode("utf-8") == expected.encode("utf-8")
    # The data covers what the test means to cover.
    rows = list(csv.reader(io.StringIO(got[1:], newline="")))[1:]
    assert len(rows) == 60
    assert any(cell.startswith("'=") for row in rows for cell in row)
    assert any(row[21].count("\n") >= 1 for row in rows)  # several evidence urls
    assert any(row[18] == "" for row in rows) and any(row[18] for row in rows)


# Not called `page`: that is pytest-playwright's fixture, and the name would pull this test
# into the browser parametrization (and its test ordering).
@pytest.mark.parametrize("page_size", [1, 2, 7, 500])
def test_the_same_bytes_whatever_the_page_size(varied, monkeypatch, page_size):
    """Page edges fall inside an article's claims: per-article cells must carry over."""
    monkeypatch.setattr(common, "CHUNK_SIZE", page_size)
    claims = ExportFilters().claims()
    seen = []
    got = fast_csv(claims, on_claim=seen.append)
    assert got == reference_csv(claims)
    rows = list(csv.reader(io.StringIO(got[1:], newline="")))[1:]
    assert seen == [int(row[5]) for row in rows]


def test_the_same_bytes_for_a_filtered_selection(varied):
    filters = ExportFilters(status="published")
    claims = filters.claims()
    assert fast_csv(claims) == reference_csv(claims)
    filters = ExportFilters(outlet="@x")
    assert fast_csv(filters.claims()) == reference_csv(filters.claims())


@given(st.text(max_size=8))
def test_the_formula_guard_matches_startswith(value):
    assert csv_export.neutralise(value) == plain_cell(value)
