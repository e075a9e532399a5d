"""The JSON export: articles -> claims -> verdict revisions -> evidence -> history -> comments."""

import json

from factcheck.exports import FORMATS, ExportFilters, export_chunks
from factcheck.exports.json import FORMAT_NAME
from factcheck.importing import import_article
from factcheck.models import Claim

from .conftest import INJECTION, OUTLET, SCRIPT, SHOIGU


def export_json(filters=None):
    filters = filters or ExportFilters()
    chunks = export_chunks(FORMATS["json"], filters.claims(), filters=filters)
    return json.loads("".join(chunks))


def by_id(items):
    return {item["id"]: item for item in items}


def test_document_head_records_the_filters_and_the_scale(checked):
    doc = export_json(ExportFilters.parse(status="published", date_from="2024-01-01"))
    assert doc["format"] == FORMAT_NAME
    assert doc["version"] == 1
    assert doc["site"] == "http://127.0.0.1:8000"
    assert doc["filters"] == {
        "article": [],
        "status": "published",
        "rating": "",
        "outlet": "",
        "date_from": "2024-01-01",
        "date_to": "",
    }
    scale = {r["slug"]: r for r in doc["rating_scale"]}
    assert scale["unverifiable"]["value"] is None
    assert scale["true"] == {
        "slug": "true",
        "label": "True",
        "value": 5,
        "colour": "#1a7f37",
        "order": 0,
        "active": True,
    }


def test_article_record(checked):
    doc = export_json()
    [article] = doc["articles"]
    a = checked.article
    assert article["id"] == a.pk
    assert article["title"] == a.title
    assert article["outlet"] == OUTLET
    assert article["url"] == "https://news.example.com/karsk?a=1&b=2"
    assert article["published"] == "2024-03-11"
    assert article["source_line"] == "src wire"
    assert article["body"] == a.body
    assert article["raw_text"] == a.raw_text
    assert article["content_hash"] == a.content_hash
    assert article["report_url"] == f"http://127.0.0.1:8000/articles/{a.pk}/report/"
    assert [c["id"] for c in article["claims"]] == [
        checked.troops.pk,
        checked.quote.pk,
        checked.arabic.pk,
        checked.casualties.pk,
        checked.curfew.pk,
    ]


def test_claim_with_three_sources_history_and_comment(checked):
    claims = by_id(export_json()["articles"][0]["claims"])
    troops = claims[checked.troops.pk]
    assert troops["kind"] == "troops"
    assert troops["span"] == "1,200 soldiers"
    assert (troops["start"], troops["end"]) == (checked.troops.start, checked.troops.end)
    assert (troops["low"], troops["high"], troops["qualifier"], troops["unit"]) == (
        1200,
        1200,
        "exact",
        "soldiers",
    )
    assert troops["status"] == "published"
    assert troops["checkworthiness"] == 0.9
    assert troops["version"] == checked.troops.version

    [verdict] = troops["verdicts"]
    assert verdict["revision"] == 1
    assert verdict["state"] == "published"
    assert verdict["rating"] == {"slug": "unverifiable", "label": "Unverifiable", "value": None}
    assert verdict["rationale"] == INJECTION  # JSON is not a spreadsheet: kept as written
    assert verdict["author"] == {"username": "rita", "name": ""}
    assert verdict["approved_by"] == {"username": "erin", "name": "Erin Editor"}
    assert verdict["approved_at"].endswith("+00:00")
    assert [e["url"] for e in verdict["evidence"]] == [
        "https://example.org/source-1",
        "https://example.org/source-2",
        "https://example.org/source-3",
    ]
    first, second, third = verdict["evidence"]
    assert first == {
        "id": first["id"],
        "url": "https://example.org/source-1",
        "title": 'UN "situation" report',
        "publisher": "UN, Geneva",
        "stance": "supports",
        "excerpt": "Line one, with comma\nLine two",
        "accessed": first["accessed"],
        "created_at": first["created_at"],
        "removed_at": None,
    }
    assert (second["publisher"], second["stance"]) == ("Министерство обороны", "contradicts")
    assert (third["title"], third["stance"]) == (SCRIPT, "context")
    assert [e["added_by"]["username"] for e in troops["evidence"]] == ["rita"] * 3

    actions = [(e["action"], e["from_status"], e["to_status"]) for e in troops["history"]]
    assert actions == [
        ("queue", "new", "queued"),
        ("take", "queued", "in_review"),
        ("evidence_added", "in_review", "in_review"),
        ("evidence_added", "in_review", "in_review"),
        ("evidence_added", "in_review", "in_review"),
        ("comment", "in_review", "in_review"),
        ("propose", "in_review", "proposed"),
        ("approve", "proposed", "published"),
    ]
    assert troops["history"][0]["actor"]["username"] == "erin"
    assert troops["history"][-1]["data"]["rating"] == "unverifiable"
    assert troops["comments"] == [
        {
            "author": {"username": "rita", "name": ""},
            "body": "Asked the UN, no reply yet.",
            "created_at": troops["comments"][0]["created_at"],
        }
    ]


def test_corrected_claim_keeps_every_revision(checked):
    quote = by_id(export_json()["articles"][0]["claims"])[checked.quote.pk]
    assert quote["speaker"] == SHOIGU
    first, current = quote["verdicts"]
    assert (first["revision"], first["state"], first["rating"]["slug"]) == (
        1,
        "superseded",
        "false",
    )
    assert first["rationale"] == "He never said it,\nthe transcript shows."
    assert first["author"]["username"] == "rob"
    assert first["approved_by"]["username"] == "erin"
    assert (current["revision"], current["state"], current["rating"]["slug"]) == (
        2,
        "published",
        "mostly-false",
    )
    assert current["correction_note"] == f'The transcript was mistranslated, "sorry". {SCRIPT}'
    assert current["author"]["username"] == "ed"
    assert current["approved_by"]["username"] == "erin"
    assert [e["excerpt"] for e in current["evidence"]] == [f"{SHOIGU}: «мы удержим мост»"]
    correct, approve = quote["history"][-2:]
    assert (correct["action"], correct["actor"]["username"]) == ("correct", "ed")
    assert (approve["action"], approve["actor"]["username"]) == ("approve_correction", "erin")
    assert correct["note"] == approve["note"] == current["correction_note"]
    assert correct["data"]["revision"] == approve["data"]["revision"] == 2


def test_unpublished_and_dismissed_claims(checked):
    claims = by_id(export_json()["articles"][0]["claims"])
    arabic = claims[checked.arabic.pk]
    assert arabic["text"] == "قال المتحدث إن 300 جندي عبروا الحدود."
    assert arabic["verdicts"][0]["state"] == "proposed"
    assert arabic["verdicts"][0]["approved_by"] is None
    assert arabic["assignee"]["username"] == "rita"
    new = claims[checked.casualties.pk]
    assert (new["verdicts"], new["evidence"], new["history"], new["comments"]) == ([], [], [], [])
    assert (new["low"], new["high"]) == (14, None)
    assert claims[checked.curfew.pk]["dismissal_reason"] == "Not a checkable claim"


def test_several_articles_and_an_empty_export(checked, article):
    Claim.objects.create(article=article, kind="troops", text="x", span="x", start=0, end=1)
    other = import_article(b"Other\n\nText.", "other.txt", extract=False).article  # no claims
    doc = export_json()
    assert [a["id"] for a in doc["articles"]] == sorted([checked.article.pk, article.pk])
    assert other.pk not in [a["id"] for a in doc["articles"]]
    assert export_json(ExportFilters.parse(outlet="nobody"))["articles"] == []
