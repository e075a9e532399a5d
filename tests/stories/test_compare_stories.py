"""compare_stories on files written for the test: format of score_stories.py, no writes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from factcheck.models import Article

A = """Floods kill dozens in Valdora

src test

At least 40 people were killed and 120 injured when floods swept through Valdora
on Monday, officials in the Valdoran capital said.

The river rose about 3 metres overnight.
"""
B = """Valdora floods: death toll rises to 47

src test

Officials in Valdora said 47 people died in the floods that swept the country
on Monday, and 95 others were injured.
"""
C = """Marland counts votes after presidential election

src test

Votes were being counted in Marland on Sunday after an election that pitted
President Ana Corvel against Piet Damsen.
"""


@pytest.mark.django_db
def test_compare_stories_json(tmp_path):
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (tmp_path / name).write_text(text)
    (tmp_path / "a.meta.json").write_text('{"published": "2024-03-04"}')
    (tmp_path / "b.meta.json").write_text('{"published": "2024-03-05"}')
    (tmp_path / "c.meta.json").write_text('{"published": "2024-03-03"}')
    out = StringIO()
    call_command("compare_stories", str(tmp_path), "--json", stdout=out)
    got = json.loads(out.getvalue())
    files = sorted(s["files"] for s in got["stories"])
    assert files == [["a.txt", "b.txt"], ["c.txt"]]
    story = next(s for s in got["stories"] if len(s["files"]) == 2)
    by_span = {
        tuple(sorted(c["span"] for c in m["claims"])): m["values_agree"] for m in story["measures"]
    }

    # Spans are the extractor's ("120" or "120 injured"): find each measure by its figures.
    def agree(first, second):
        return next(
            v
            for spans, v in by_span.items()
            if any(first in x for x in spans) and any(second in x for x in spans)
        )

    assert agree("47", "40") is True
    assert agree("120", "95") is False
    for m in story["measures"]:
        assert all({"file", "span", "text"} <= set(c) for c in m["claims"])
    assert Article.objects.count() == 0


def test_compare_stories_without_files_is_an_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no article files"):
        call_command("compare_stories", str(tmp_path))
