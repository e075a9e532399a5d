"""The CSV export, field by field, for claims with corrections, sources and awkward text."""

import csv
import datetime
import io

import pytest

from factcheck.exports import FORMATS, ExportFilters, export_chunks
from factcheck.exports.csv import BOM, COLUMNS, neutralise

from .conftest import INJECTION, OUTLET, SCRIPT, SHOIGU


def export_csv(filters=None):
    filters = filters or ExportFilters()
    return "".join(export_chunks(FORMATS["csv"], filters.claims(), filters=filters))


def parse(text):
    assert text.startswith(BOM)
    # newline="" as the csv module wants: newlines inside quoted cells survive.
    return list(csv.DictReader(io.StringIO(text[len(BOM) :], newline="")))


@pytest.fixture
def rows(checked):
    return {int(row["claim_id"]): row for row in parse(export_csv())}


def iso(dt):
    return dt.astimezone(datetime.UTC).isoformat(timespec="seconds")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (INJECTION, "'" + INJECTION),
        ("a = b", "a = b"),
        ("", ""),
        (None, ""),
        (-5, -5),
    ],
)
def test_cells_that_start_a_formula_are_neutralised(value, cell):
    assert neutralise(value) == cell


def test_utf8_bom_header_and_one_row_per_claim(checked):
    text = export_csv()
    assert text.startswith("\ufeffarticle_id,article_title,")
    header = next(csv.reader(io.StringIO(text[1:])))
    assert header == COLUMNS
    assert len(parse(text)) == 5
    # Every row has every column, even with newlines and commas in the cells.
    assert all(len(r) == len(COLUMNS) and None not in r for r in parse(text))
    # Bytes on the wire are UTF-8: the BOM is EF BB BF.
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_published_row_with_three_sources_and_a_formula_rationale(checked, rows):
    c = checked
    row = rows[c.troops.pk]
    article = c.article
    assert row["article_id"] == str(article.pk)
    assert row["article_title"] == 'Troops, "tanks" & <b>bridges</b>: the week in Karsk'
    assert row["article_outlet"] == OUTLET
    assert row["article_url"] == "https://news.example.com/karsk?a=1&b=2"
    assert row["article_published"] == "2024-03-11"
    # Published: the public fact-check page.
    assert row["claim_url"] == (
        f"http://127.0.0.1:8000/fact-checks/{c.troops.pk}-"
        "the-army-said-on-monday-that-1200-soldiers-crossed-the/"
    )
    assert row["kind"] == "troops"
    assert row["claim_text"] == (
        'The army said on Monday that 1,200 soldiers crossed the river near Karsk, "quietly".'
    )
    assert row["claim_span"] == "1,200 soldiers"
    assert (row["low"], row["high"], row["qualifier"], row["unit"]) == (
        "1200",
        "1200",
        "exact",
        "soldiers",
    )
    assert (row["date"], row["granularity"], row["speaker"]) == ("", "", "")
    assert row["status"] == "published"
    assert row["rating"] == "Unverifiable"
    assert row["rating_value"] == ""
    assert row["rationale"] == "'" + INJECTION
    assert row["evidence_urls"].split("\n") == [
        "https://example.org/source-1",
        "https://example.org/source-2",
        "https://example.org/source-3",
    ]
    assert row["reviewer"] == "rita"
    assert row["editor"] == "Erin Editor"
    assert row["verdict_revision"] == "1"
    verdict = c.troops.verdicts.get()
    assert row["proposed_at"] == iso(verdict.created_at)
    assert row["approved_at"] == iso(verdict.approved_at)
    assert row["first_published_at"] == iso(verdict.approved_at)
    assert row["correction_note"] == ""
    assert row["dismissal_reason"] == ""


def test_corrected_row_shows_the_current_revision_and_the_first_publication(checked, rows):
    c = checked
    row = rows[c.quote.pk]
    assert row["claim_text"] == (
        f'"We will hold the bridge until the spring," said {SHOIGU} at a briefing.'
    )
    assert row["speaker"] == SHOIGU
    assert row["rating"] == "Mostly false"
    assert row["rating_value"] == "2"
    assert row["rationale"] == f"He said something close; see the transcript. {SCRIPT}"
    assert row["reviewer"] == "ed"
    assert row["editor"] == "Erin Editor"  # the second editor published the correction
    assert row["verdict_revision"] == "2"
    assert row["approved_at"] == iso(c.quote_current.approved_at)
    assert row["first_published_at"] == iso(c.quote_first.approved_at)
    assert row["correction_note"] == f'The transcript was mistranslated, "sorry". {SCRIPT}'
    assert row["evidence_urls"] == "https://example.org/source-4"


def test_unpublished_rows(checked, rows):
    c = checked
    proposed = rows[c.arabic.pk]
    assert proposed["status"] == "proposed"
    assert proposed["claim_span"] == "قال المتحدث إن 300 جندي عبروا الحدود"
    assert (proposed["rating"], proposed["rating_value"]) == ("True", "5")
    assert proposed["rationale"] == "مؤكد من البيان الرسمي"
    assert (proposed["reviewer"], proposed["editor"], proposed["approved_at"]) == ("rita", "", "")

    new = rows[c.casualties.pk]
    assert new["status"] == "new"
    assert (new["low"], new["high"], new["qualifier"]) == ("14", "", "at_least")
    assert all(
        new[k] == ""
        for k in (
            "rating",
            "rationale",
            "evidence_urls",
            "reviewer",
            "editor",
            "verdict_revision",
            "approved_at",
        )
    )

    dismissed = rows[c.curfew.pk]
    assert dismissed["status"] == "dismissed"
    assert dismissed["dismissal_reason"] == "Not a checkable claim"


def test_filters_apply(checked):
    rows = parse(export_csv(ExportFilters.parse(status="published")))
    assert {int(r["claim_id"]) for r in rows} == {checked.troops.pk, checked.quote.pk}
    assert parse(export_csv(ExportFilters.parse(outlet="nobody"))) == []
