"""An article whose claims were checked through the workflow, with awkward text throughout."""

import json
from dataclasses import dataclass

import pytest

from factcheck import workflow
from factcheck.importing import import_article
from factcheck.models import Article, Claim, Verdict
from tests.factories import ClaimFactory

INJECTION = "=cmd|' /C calc'!A0"
SCRIPT = "</script><script>alert('x')</script>"
SHOIGU = "Сергей Шойгу"
ARABIC = "قال المتحدث إن 300 جندي عبروا الحدود"

ARTICLE_TEXT = f"""Troops, "tanks" & <b>bridges</b>: the week in Karsk

src wire

The army said on Monday that 1,200 soldiers crossed the river near Karsk, "quietly".

"We will hold the bridge until the spring," said {SHOIGU} at a briefing.

{ARABIC}.

At least 14 people were killed in shelling since March 3, officials said.

Officials said the <script>alert(1)</script> curfew starts at 9 pm.
"""

OUTLET = 'Wire, "Daily" & Co'


@dataclass
class Checked:
    article: Article
    troops: Claim  # published, Unverifiable, three sources, formula-like rationale
    quote: Claim  # published, then corrected by another editor
    arabic: Claim  # proposed, awaiting approval
    casualties: Claim  # new, untouched
    curfew: Claim  # dismissed
    quote_first: Verdict
    quote_current: Verdict
    troops_verdict: Verdict


def add_evidence(claim, actor, n, **extra):
    values = {
        "url": f"https://example.org/source-{n}",
        "title": f"Source {n}",
        "stance": "supports",
        "publisher": "",
        "excerpt": "",
    }
    values.update(extra)
    return workflow.evidence_add(claim=claim, actor=actor, **values)


@pytest.fixture
def checked(db, reviewer, reviewer2, editor, editor2):
    result = import_article(
        ARTICLE_TEXT.encode(),
        "karsk-week.txt",
        sidecar=json.dumps(
            {
                "outlet": OUTLET,
                "published": "2024-03-11",
                "url": "https://news.example.com/karsk?a=1&b=2",
            }
        ).encode(),
        extract=False,
    )
    assert result.ok, result.error
    article = result.article
    editor.first_name, editor.last_name = "Erin", "Editor"
    editor.save()

    troops = ClaimFactory(
        article=article,
        kind="troops",
        span="1,200 soldiers",
        low=1200,
        high=1200,
        qualifier="exact",
        unit="soldiers",
        checkworthiness=0.9,
    )
    quote = ClaimFactory(
        article=article,
        kind="quote",
        span="We will hold the bridge until the spring",
        speaker=SHOIGU,
        checkworthiness=0.7,
    )
    arabic = ClaimFactory(article=article, kind="statement", span=ARABIC, checkworthiness=0.6)
    casualties = ClaimFactory(
        article=article,
        kind="casualties",
        span="At least 14 people were killed",
        low=14,
        qualifier="at_least",
        unit="people",
    )
    curfew = ClaimFactory(
        article=article,
        kind="statement",
        span="the <script>alert(1)</script> curfew",
        checkworthiness=0.2,
    )

    # Troops: three sources, rated Unverifiable with a rationale that looks like a formula.
    workflow.claim_queue(claim=troops, actor=editor)
    workflow.claim_take(claim=troops, actor=reviewer)
    add_evidence(
        troops,
        reviewer,
        1,
        stance="supports",
        publisher="UN, Geneva",
        title='UN "situation" report',
        excerpt="Line one, with comma\nLine two",
    )
    add_evidence(
        troops,
        reviewer,
        2,
        stance="contradicts",
        publisher="Министерство обороны",
        title="Брифинг",
        excerpt='They said "800".',
    )
    add_evidence(
        troops, reviewer, 3, stance="context", publisher=SCRIPT, title=SCRIPT, excerpt=SCRIPT
    )
    workflow.comment_add(claim=troops, actor=reviewer, body="Asked the UN, no reply yet.")
    troops_verdict = workflow.verdict_propose(
        claim=troops, actor=reviewer, rating="unverifiable", rationale=INJECTION
    )
    workflow.verdict_approve(claim=troops, actor=editor)

    # Quote: rated False by rob, approved by erin, then corrected by ed.
    workflow.claim_queue(claim=quote, actor=editor)
    workflow.claim_take(claim=quote, actor=reviewer2)
    add_evidence(
        quote,
        reviewer2,
        4,
        stance="contradicts",
        title="Transcript",
        excerpt=f"{SHOIGU}: «мы удержим мост»",
    )
    workflow.verdict_propose(
        claim=quote,
        actor=reviewer2,
        rating="false",
        rationale="He never said it,\nthe transcript shows.",
    )
    quote_first = workflow.verdict_approve(claim=quote, actor=editor)
    workflow.verdict_correct(
        claim=quote,
        actor=editor2,
        rating="mostly-false",
        rationale=f"He said something close; see the transcript. {SCRIPT}",
        correction_note=f'The transcript was mistranslated, "sorry". {SCRIPT}',
    )
    # Four eyes: the correction ed wrote is published by erin.
    quote_current = workflow.correction_approve(claim=quote, actor=editor)

    # Arabic statement: proposed, waiting for an editor.
    workflow.claim_queue(claim=arabic, actor=editor)
    workflow.claim_take(claim=arabic, actor=reviewer)
    add_evidence(arabic, reviewer, 5, stance="supports", title="بيان رسمي")
    workflow.verdict_propose(
        claim=arabic, actor=reviewer, rating="true", rationale="مؤكد من البيان الرسمي"
    )

    workflow.claim_dismiss(claim=curfew, actor=editor, reason="Not a checkable claim")

    for claim in (troops, quote, arabic, casualties, curfew):
        claim.refresh_from_db()
    quote_first.refresh_from_db()
    return Checked(
        article=article,
        troops=troops,
        quote=quote,
        arabic=arabic,
        casualties=casualties,
        curfew=curfew,
        quote_first=quote_first,
        quote_current=quote_current,
        troops_verdict=troops_verdict,
    )
