"""bench_queue: times the queue's own queries on whatever data the database holds."""

from io import StringIO

import pytest
from benchsite.management.commands import bench_data, bench_queue
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_times_every_case_and_explains(db):
    call_command(bench_data.Command(), articles=20, claims_per_article=10, long_article_claims=0)
    out = StringIO()
    call_command(bench_queue.Command(), repeat=2, depth=[30], explain=True, stdout=out)
    text = out.getvalue()
    assert "200 claims, 20 articles" in text
    for case in (
        "rows default (rank)",
        "rows kind+outlet",
        "rows assignee=mine",
        "rows default after 30",
        "rows kind after 30",
        "counts default",
        "counts kind+outlet",
    ):
        assert case in text, case
        assert f"=== {case}" in text  # its plan
    assert " ms " in text


def test_only_filters_the_cases(db):
    call_command(bench_data.Command(), articles=3, claims_per_article=5, long_article_claims=0)
    out = StringIO()
    call_command(bench_queue.Command(), repeat=1, depth=[2], only="counts", stdout=out)
    assert "counts default" in out.getvalue() and "rows default" not in out.getvalue()


def test_refuses_an_empty_database(db):
    with pytest.raises(CommandError, match="bench_data"):
        call_command(bench_queue.Command())
