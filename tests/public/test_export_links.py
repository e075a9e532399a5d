"""CSV and JSON exports point published claims at their public page, others stay internal."""

import csv
import io
import json

from factcheck import site
from factcheck.exports import FORMATS, ExportFilters, export_chunks


def export(name):
    filters = ExportFilters()
    return "".join(export_chunks(FORMATS[name], filters.claims(), filters=filters))


def test_csv_claim_url(desk):
    rows = {
        int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(export("csv").lstrip("\ufeff")))
    }
    assert rows[desk.troops.pk]["claim_url"] == site.fact_check_url(
        desk.troops.pk, desk.troops.text
    )
    assert rows[desk.quote.pk]["claim_url"].endswith(
        f"/articles/{desk.article.pk}/report/#claim-{desk.quote.pk}"
    )


def test_json_public_url(desk):
    data = json.loads(export("json"))
    claims = {c["id"]: c for a in data["articles"] for c in a["claims"]}
    assert claims[desk.casualties.pk]["public_url"] == site.fact_check_url(
        desk.casualties.pk, desk.casualties.text
    )
    assert claims[desk.quote.pk]["public_url"] is None
    assert claims[desk.new.pk]["public_url"] is None
