"""The one highlighter (article page, claim page, report): nested and crossing spans, claims
across paragraphs, escaping, numbering and links, and the three pages that use it."""

import re
from dataclasses import dataclass

import pytest
from django.template import Context, Template

from factcheck.templatetags.highlight import highlight_text, paragraph_spans
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory, drive


@dataclass
class C:
    """A claim as the highlighter reads it (no database)."""

    pk: int
    start: int
    end: int
    status: str = "new"
    rating_label: str = ""
    rating_colour: str = ""

    def get_status_display(self):
        return self.status.replace("_", " ").capitalize()

    def get_kind_display(self):
        return "Troops"

    def get_absolute_url(self):
        return f"/claims/{self.pk}/"


def text_of(html: str) -> str:
    """What a reader sees: the tags and the claim numbers taken out."""
    html = re.sub(r"<sup .*?</sup>", "", html)
    return re.sub(r"<[^>]+>", "", html)


def marks(html: str) -> list[str]:
    return re.findall(r"<mark [^>]*>|</mark>", html)


def test_paragraph_spans_skip_blank_lines_and_whitespace():
    body = "  First line\nstill first.\n\n\n  Second.\n \nThird"
    spans = paragraph_spans(body)
    assert [body[s:e] for s, e in spans] == ["First line\nstill first.", "Second.", "Third"]


def test_nested_spans_nest_and_identical_spans_both_show():
    body = "Exactly 1,200 soldiers crossed."
    outer, inner, twin = C(1, 0, 22), C(2, 8, 22), C(3, 8, 22)
    marked = highlight_text(body, [outer, inner, twin])
    html = marked.paragraphs[0]
    assert not marked.unplaced
    assert html.count("<mark") == 3 and html.count("</mark>") == 3
    # The outer mark opens first and closes last; the text reads as it was written.
    assert html.index('id="mark-1"') < html.index('id="mark-2"') < html.index('id="mark-3"')
    assert html.endswith("</sup> crossed.")
    assert text_of(html) == body
    assert re.findall(r">(\d+)</a></sup>", html) == ["3", "2", "1"]


def test_crossing_spans_are_both_marked_the_later_one_in_two_parts():
    body = "alpha beta gamma delta"
    first, crossing = C(1, 0, 10), C(2, 6, 16)  # "alpha beta" and "beta gamma"
    marked = highlight_text(body, [first, crossing])
    html = marked.paragraphs[0]
    assert not marked.unplaced
    assert text_of(html) == body
    # Well-formed: every mark closes in the order it opened.
    depth = 0
    for tag in marks(html):
        depth += -1 if tag == "</mark>" else 1
        assert depth >= 0
    assert depth == 0
    # The crossing claim: its first part carries its id, the second is a continuation.
    assert html.count('id="mark-2"') == 1
    assert re.search(r'<mark class="claim status-new continued"[^>]*>gamma</mark>', html) is None
    assert ' continued" title="Troops (New)"> gamma</mark>' in html
    # Each claim's number comes once, after its last part.
    assert html.count(">1</a></sup>") == 1 and html.count(">2</a></sup>") == 1
    assert html.index(">2</a></sup>") > html.index(" gamma")


def test_a_claim_across_a_paragraph_break_is_marked_in_both_paragraphs():
    body = "One two.\n\nThree four."
    marked = highlight_text(body, [C(1, 4, 15)])
    first, second = marked.paragraphs
    assert 'id="mark-1"' in first and "continued" in second
    assert ">1</a></sup>" in second and "</sup>" not in first


def test_claims_outside_the_text_are_listed_not_marked():
    body = "Short text."
    marked = highlight_text(body, [C(1, 0, 5), C(2, 5, 99), C(3, 4, 4)])
    assert {c.pk for c in marked.unplaced} == {2, 3}
    assert marks(marked.paragraphs[0]).count("</mark>") == 1


def test_body_and_claim_text_are_escaped_inside_and_outside_marks():
    body = 'He wrote <script>alert("x")</script> & said 5 < 7.\nNext line'
    start = body.index("<script>")
    marked = highlight_text(body, [C(1, start, body.index(" said"))])
    html = marked.paragraphs[0]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;</mark>" in html
    assert "5 &lt; 7.<br>Next line" in html


def test_rating_colour_goes_out_as_data_not_style_and_only_if_hex():
    body = "one two"
    rated = C(1, 0, 3, "published", "False", "#cf222e")
    forged = C(2, 4, 7, "published", "True", 'red" onmouseover="x')
    html = highlight_text(body, [rated, forged]).paragraphs[0]
    assert "style=" not in html
    assert 'class="claim status-published rated" id="mark-1" data-colour="#cf222e"' in html
    assert "onmouseover" not in html and 'id="mark-2" title=' in html


def test_current_claim_and_its_paragraph_only():
    body = "First paragraph.\n\nSecond has the claim.\n\nThird."
    sibling, current = C(1, 0, 5), C(2, 18 + 11, 18 + 20)
    marked = highlight_text(body, [sibling], current=current, paragraph=current)
    assert len(marked.paragraphs) == 1
    assert 'class="claim status-new current" id="mark-2"' in marked.paragraphs[0]
    assert marked.numbers == {1: 1, 2: 2}


def test_report_links_go_to_the_verdict_and_name_the_rating():
    body = "one two"
    html = highlight_text(
        body, [C(7, 0, 3, "published", "False", "#cf222e"), C(8, 4, 7)], link="report"
    ).paragraphs[0]
    assert '<a href="#claim-7" aria-label="Claim 1: Published: False">1 False</a>' in html
    assert '<a href="#claim-8" aria-label="Claim 2: not yet published">2</a>' in html


@pytest.mark.django_db
def test_the_tag_renders_for_templates():
    article = ArticleFactory()
    claim = ClaimFactory(article=article)
    out = Template(
        "{% load highlight %}{% highlight article.body claims as marked %}"
        "{% for p in marked.paragraphs %}<p>{{ p }}</p>{% endfor %}"
    ).render(Context({"article": article, "claims": [claim]}))
    assert f'<mark class="claim status-new" id="mark-{claim.pk}"' in out
    assert out.count("<p>") == 3


@pytest.mark.django_db
def test_article_claim_and_report_pages_share_the_highlighter(client):
    article = ArticleFactory()
    reviewer, editor, editor2 = ReviewerFactory(), EditorFactory(), EditorFactory()
    outer = ClaimFactory(article=article, span="army said on Monday that 1,200 soldiers")
    inner = ClaimFactory(article=article, span="1,200 soldiers")
    crossing = ClaimFactory(article=article, span="soldiers crossed the river")
    drive(inner, "published", reviewer=reviewer, editor=editor, editor2=editor2)
    client.force_login(editor)
    pages = {
        "article": client.get(article.get_absolute_url()).content.decode(),
        "claim": client.get(inner.get_absolute_url()).content.decode(),
        "report": client.get(f"/articles/{article.pk}/report/").content.decode(),
    }
    for name, html in pages.items():
        for claim in (outer, inner, crossing):
            assert f'id="mark-{claim.pk}"' in html, (name, claim.span)
        assert f'id="mark-{crossing.pk}"' in html and " continued" in html, name
        assert 'style="--mark-colour' not in html and 'data-colour="#' in html, name
    for name in ("article", "report"):
        assert 'class="claim status-published rated"' in pages[name], name
    # The claim page's other claims come without ratings (views/claims.py), by status.
    assert 'class="claim status-published current"' in pages["claim"]
    assert f'href="#claim-{inner.pk}"' in pages["report"]
