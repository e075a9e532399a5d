"""The admin's "Export verdicts" actions write what the download view writes."""

import csv
import io
import json
import re

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse


def claim_id_of(review) -> int:
    """The claim id in a ClaimReview's public URL (/fact-checks/<id>-<slug>/)."""
    return int(re.search(r"/fact-checks/(\d+)-", review["url"]).group(1))


def content(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_article_action_exports_the_selected_articles_claims(checked, article, client_for, editor):
    response = client_for(editor).post(
        reverse("admin:factcheck_article_changelist"),
        {"action": "export_verdicts_csv", ACTION_CHECKBOX_NAME: [checked.article.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="factcheck-verdicts-')
    rows = list(csv.DictReader(io.StringIO(content(response).lstrip("\ufeff"), newline="")))
    assert {int(r["article_id"]) for r in rows} == {checked.article.pk}
    assert len(rows) == 5
    assert rows[0]["rationale"].startswith("'=cmd")


def test_claim_action_exports_the_selected_claims(checked, client_for, editor):
    response = client_for(editor).post(
        reverse("admin:factcheck_claim_changelist"),
        {
            "action": "export_verdicts_claimreview",
            ACTION_CHECKBOX_NAME: [checked.quote.pk, checked.arabic.pk],
        },
    )
    reviews = json.loads(content(response))
    assert [claim_id_of(r) for r in reviews] == [checked.quote.pk]

    response = client_for(editor).post(
        reverse("admin:factcheck_claim_changelist"),
        {"action": "export_verdicts_json", ACTION_CHECKBOX_NAME: [checked.arabic.pk]},
    )
    doc = json.loads(content(response))
    assert [c["id"] for c in doc["articles"][0]["claims"]] == [checked.arabic.pk]


def test_actions_are_listed_for_editors(checked, client_for, editor):
    page = client_for(editor).get(reverse("admin:factcheck_article_changelist")).content.decode()
    for label in (
        "Export verdicts (CSV)",
        "Export verdicts (JSON)",
        "Export verdicts (ClaimReview)",
    ):
        assert label in page
