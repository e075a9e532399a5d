"""bench_data on PostgreSQL: the COPY path writes what the ORM path writes, row for row."""

import datetime

import pytest
from benchsite.management.commands.bench_data import Command
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from factcheck.models import Article, Claim, ClaimEvent, Evidence, Verdict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
Through = Verdict.evidence.through
MODELS = (Article, Claim, Evidence, Verdict, Through, ClaimEvent)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")


@pytest.fixture
def frozen(monkeypatch):
    """One moment for both runs: the run tag, timestamps and auto_now all derive from it."""
    moment = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def snapshot() -> dict:
    """Every bench row, ids replaced by the row's place in its table (ids differ between
    runs; order does not) and users by their names."""
    users = dict(get_user_model().objects.values_list("id", "username"))
    place = {
        m: {pk: i for i, pk in enumerate(m.objects.order_by("id").values_list("id", flat=True))}
        for m in MODELS
    }
    refs = {
        "article_id": place[Article],
        "claim_id": place[Claim],
        "merged_into_id": place[Claim],
        "verdict_id": place[Verdict],
        "evidence_id": place[Evidence],
    }
    out = {}
    for model in MODELS:
        rows = []
        for row in model.objects.order_by("id").values():
            row.pop("id")
            for name, value in row.items():
                if value is None:
                    continue
                if name in refs:
                    row[name] = refs[name][value]
                elif name.endswith("_id") and name != "rating_id":
                    row[name] = users[value]
            if model is ClaimEvent:
                data = dict(row["data"])
                if "verdict" in data:
                    data["verdict"] = place[Verdict][data["verdict"]]
                if "evidence" in data:
                    data["evidence"] = place[Evidence][data["evidence"]]
                row["data"] = data
            rows.append(row)
        out[model.__name__] = rows
    return out


def wipe():
    for model in reversed(MODELS):
        model.objects.all().delete()


def test_copy_writes_what_the_orm_writes(frozen):
    sizes = {"articles": 7, "claims_per_article": 9, "long_article_claims": 30, "seed": 11}
    call_command(Command(), orm=True, **sizes)
    by_orm = snapshot()
    wipe()
    call_command(Command(), **sizes)
    by_copy = snapshot()
    assert len(by_copy["Claim"]) == 30 + 6 * 9
    assert by_copy["ClaimEvent"] and by_copy["Evidence"] and by_copy["Verdict_evidence"]
    for table in by_orm:
        assert by_copy[table] == by_orm[table], table
    # Ids came from the sequences: the ORM can go on inserting after a COPY run.
    claim = Claim.objects.order_by("id").first()
    event = ClaimEvent.objects.create(claim=claim, action="note", data={})
    assert event.pk > ClaimEvent.objects.exclude(pk=event.pk).order_by("-id").first().pk
    assert Article.objects.create(title="t", body="b", content_hash="x" * 64).pk
