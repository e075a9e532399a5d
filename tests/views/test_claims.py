"""The claim page and its actions over HTTP: HTMX fragments, races, stale edits, CSRF,
escaping, lease renewal, evidence and comments in place, and the whole review cycle."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent, Comment, Evidence, Rating, Verdict
from tests.factories import ClaimFactory, drive

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def action_url(claim, action):
    return reverse("claim_action", args=[claim.pk, action])


def test_claim_page_shows_the_claim_in_its_paragraph(client_for, reviewer, claim, article):
    quote = ClaimFactory(
        article=article,
        kind="quote",
        span="We will hold the bridge",
        speaker="Ana Petrova",
        entities=[{"text": "Ana Petrova", "label": "PERSON"}],
    )
    html = client_for(reviewer).get(claim.get_absolute_url()).content.decode()
    assert re.search(
        r'The army said on Monday that <mark class="claim status-new current" '
        rf'id="mark-{claim.pk}"[^>]*>1,200 soldiers</mark>',
        html,
    )
    assert (
        "We will hold the bridge"
        not in html.split('class="claim-context"')[1].split("</section>")[0]
    )  # only the claim's own paragraph
    assert "<dt>Figure</dt><dd>1,200 soldiers</dd>" in html  # as a reader writes it
    assert f'href="{quote.get_absolute_url()}"' in html  # the article's other claims
    quote_html = client_for(reviewer).get(quote.get_absolute_url()).content.decode()
    assert "<dd>Ana Petrova</dd>" in quote_html and "(person)" in quote_html
    assert "PERSON" not in quote_html  # entity labels in words


def test_claim_page_requires_a_role(client, client_for, outsider, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 302
    response = client_for(outsider).get(claim.get_absolute_url())
    assert response.status_code == 403 and claim.span.encode() not in response.content


def test_unknown_claim_is_404(client_for, reviewer, db):
    assert client_for(reviewer).get("/claims/999999/").status_code == 404
    # A release is not loaded before the step (workflow.BY_ID): still a 404, not a 400.
    assert client_for(reviewer).post("/claims/999999/release/").status_code == 404


def test_releasing_anothers_claim_says_who_holds_it(client_for, reviewer2, claim_in):
    claim = claim_in("in_review")  # held by rita
    response = client_for(reviewer2).post(f"/claims/{claim.pk}/release/")
    assert response.status_code == 403
    assert "Only the reviewer holding this claim (rita)" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.assignee.username) == ("in_review", "rita")


def test_every_action_form_carries_the_version(client_for, editor, claim_in):
    claim = claim_in("queued")
    html = client_for(editor).get(claim.get_absolute_url()).content.decode()
    forms = re.findall(r'<form[^>]*action="/claims/\d+/(\w+)/"[^>]*>(.*?)</form>', html, re.S)
    assert {name for name, _ in forms} >= {"take", "dismiss", "assign", "comment"}
    for name, body in forms:
        if name != "comment":
            assert f'name="version" value="{claim.version}"' in body, name
        assert "csrfmiddlewaretoken" in body


def test_viewing_a_claim_writes_nothing_the_keep_alive_post_renews(
    client_for, reviewer, reviewer2, claim_in
):
    claim = claim_in("in_review")
    version, events = claim.version, claim.events.count()
    soon = timezone.now() + datetime.timedelta(minutes=2)
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=soon)  # time has passed
    page = client_for(reviewer).get(claim.get_absolute_url())  # GET reads, never writes
    claim.refresh_from_db()
    assert claim.lease_expires_at == soon and claim.events.count() == events
    keep_alive = action_url(claim, "keep_alive")
    assert f'hx-post="{keep_alive}"' in page.content.decode()  # the page keeps it alive
    refused = client_for(reviewer2).post(keep_alive, headers=HX)  # not rob's lease
    assert refused.status_code == 403
    claim.refresh_from_db()
    assert claim.lease_expires_at == soon
    assert client_for(reviewer).post(keep_alive, headers=HX).status_code == 204
    claim.refresh_from_db()
    assert claim.lease_expires_at > timezone.now() + datetime.timedelta(minutes=20)
    assert claim.version == version  # renewing is not an edit


def test_a_loser_from_a_queue_row_stays_on_the_queue(client_for, reviewer, reviewer2, claim_in):
    claim = claim_in("queued")
    workflow.claim_take(claim=claim, actor=reviewer)
    response = client_for(reviewer2).post(
        action_url(claim, "take"),
        {"version": claim.version - 1, "back": "/queue/?status=queued"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/queue/?status=queued"
    assert "rita took it" in response.content.decode()


def test_htmx_take_swaps_the_main_panel(client_for, reviewer, claim_in):
    claim = claim_in("queued")
    response = client_for(reviewer).post(
        action_url(claim, "take"), {"version": claim.version}, headers=HX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<div id="claim-main"') and "<html" not in html
    assert "You took this claim" in html
    assert 'id="claim-assignee">rita<' in html
    assert "Release claim" in html and "Take claim" not in html


def test_non_htmx_action_redirects_back_with_a_message(client_for, reviewer, claim_in):
    claim = claim_in("queued")
    client = client_for(reviewer)
    response = client.post(action_url(claim, "take"), {"version": claim.version})
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "You took this claim" in page


def test_losing_a_race_shows_who_won_and_the_current_state(
    client_for, reviewer, reviewer2, claim_in
):
    claim = claim_in("queued")
    loaded_version = claim.version  # both reviewers loaded the page at this version
    workflow.claim_take(claim=claim, actor=reviewer)  # rita is faster
    response = client_for(reviewer2).post(
        action_url(claim, "take"), {"version": loaded_version}, headers=HX
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#claim-main" and response["HX-Reswap"] == "outerHTML"
    assert 'role="alert"' in html and "rita took it. It is now in review" in html
    assert "Next claim" in html  # the next useful step
    assert 'id="claim-status">In review<' in html and 'id="claim-assignee">rita<' in html
    assert "Take claim" not in html  # the fresh state offers only what rob may do now
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_two_editors_approving_one_wins(client_for, reviewer, editor, editor2, claim_in):
    claim = claim_in("proposed")
    version = claim.version
    first = client_for(editor).post(action_url(claim, "approve"), {"version": version}, headers=HX)
    assert first.status_code == 200
    second = Client()
    second.force_login(editor2)
    response = second.post(action_url(claim, "approve"), {"version": version}, headers=HX)
    assert response.status_code == 409
    assert b"erin" in response.content and b"Published" in response.content
    assert Verdict.objects.filter(claim=claim, state="published").count() == 1


def test_stale_version_is_refused_and_nothing_changes(client_for, editor, claim_in):
    claim = claim_in("queued")
    events = ClaimEvent.objects.filter(claim=claim).count()
    response = client_for(editor).post(
        action_url(claim, "dismiss"), {"version": claim.version - 1, "reason": "old"}, headers=HX
    )
    assert response.status_code == 409
    assert b"changed while you had it open: erin queued it" in response.content
    claim.refresh_from_db()
    assert claim.status == "queued" and ClaimEvent.objects.filter(claim=claim).count() == events


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("dismiss", {"reason": ""}, "Dismissal reason: Give a reason for dismissing the claim."),
        ("assign", {"assignee": "999999"}, "Assign to: That user is not a reviewer."),
        ("take", {"version": "seven"}, "The claim version must be a whole number."),
        ("nonsense", {}, "Unknown action &#x27;nonsense&#x27;"),
    ],
)
def test_bad_input_is_a_400_that_names_the_problem(
    client_for, editor, claim_in, action, data, message
):
    claim = claim_in("queued")
    events = ClaimEvent.objects.filter(claim=claim).count()
    response = client_for(editor).post(
        action_url(claim, action), {"version": claim.version, **data}, headers=HX
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ClaimEvent.objects.filter(claim=claim).count() == events


def test_return_without_a_note_keeps_the_form_and_says_why(client_for, editor, claim_in):
    claim = claim_in("proposed")
    response = client_for(editor).post(
        action_url(claim, "return"), {"version": claim.version, "note": "   "}, headers=HX
    )
    assert response.status_code == 400
    assert b"What to fix: Say what the reviewer should fix." in response.content
    claim.refresh_from_db()
    assert claim.status == "proposed"


def test_propose_without_evidence_is_refused_by_the_workflow(client_for, reviewer, claim_in):
    claim = claim_in("in_review")
    Evidence.objects.filter(claim=claim).update(removed_at=timezone.now())
    rating = Rating.objects.get(slug="true")
    response = client_for(reviewer).post(
        action_url(claim, "propose"),
        {"version": claim.version, "rating": rating.pk, "rationale": "Checked it."},
        headers=HX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Add at least one evidence source before proposing a verdict." in html
    assert "Checked it." in html  # what the reviewer typed is still there


def test_expired_session_during_htmx_sends_the_user_to_login(client, claim):
    response = client.post(
        action_url(claim, "take"),
        {"version": 1},
        headers={**HX, "HX-Current-URL": f"http://testserver{claim.get_absolute_url()}"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={claim.get_absolute_url()}"
    polled = client.get("/queue/?status=queued", headers=HX)
    assert polled["HX-Redirect"].startswith(reverse("login"))


def test_csrf_is_enforced_on_htmx_posts(reviewer, claim_in):
    claim = claim_in("queued")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    refused = client.post(action_url(claim, "take"), {"version": claim.version}, headers=HX)
    assert refused.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "queued"
    # The page hands htmx the token through hx-headers on <body>; with it the POST works.
    page = client.get(claim.get_absolute_url()).content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page).group(1)
    accepted = client.post(
        action_url(claim, "take"), {"version": claim.version}, headers={**HX, "X-CSRFToken": token}
    )
    assert accepted.status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_user_text_is_escaped_everywhere(client_for, reviewer, editor, article):
    evil = "<script>alert(1)</script>"
    claim = ClaimFactory(
        article=article,
        text=f"{evil} said 1,200 soldiers",
        speaker=evil,
        entities=[{"text": evil, "label": evil}],
    )
    drive(claim, "in_review", reviewer=reviewer, editor=editor)
    client = client_for(reviewer)
    workflow.comment_add(claim=claim, actor=reviewer, body=f"{evil} <b>bold</b>")
    response = client.post(
        reverse("evidence_add", args=[claim.pk]),
        {
            "url": "https://example.org/?q=<script>",
            "title": evil,
            "publisher": evil,
            "excerpt": evil,
            "stance": "supports",
        },
        headers=HX,
    )
    assert response.status_code == 200
    for html in (
        response.content.decode(),
        client.get(claim.get_absolute_url()).content.decode(),
        client.get("/queue/").content.decode(),
    ):
        assert "<script>alert" not in html and "<b>bold" not in html
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_evidence_is_added_and_removed_in_place(client_for, reviewer, claim_in):
    claim = claim_in("in_review")
    client = client_for(reviewer)
    response = client.post(
        reverse("evidence_add", args=[claim.pk]),
        {
            "url": "https://stats.example.org/table",
            "title": "Statistics office table",
            "publisher": "Stats office",
            "excerpt": "1,180 personnel",
            "stance": "supports",
            "accessed": "2024-03-12",
        },
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="evidence"')
    assert "Statistics office table" in html and "Evidence added." in html
    assert '<section id="history"' in html and 'hx-swap-oob="true"' in html  # timeline too
    assert "Rita added evidence to it" in html
    evidence = Evidence.objects.get(title="Statistics office table")
    assert evidence.accessed == datetime.date(2024, 3, 12) and evidence.added_by == reviewer

    response = client.post(reverse("evidence_remove", args=[claim.pk, evidence.pk]), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Removed “Statistics office table” from the evidence." in html
    assert f'id="evidence-{evidence.pk}"' not in html and "Ministry figures" in html
    evidence.refresh_from_db()
    assert evidence.removed_at is not None


def test_bad_evidence_keeps_what_was_typed(client_for, reviewer, claim_in):
    claim = claim_in("in_review")
    response = client_for(reviewer).post(
        reverse("evidence_add", args=[claim.pk]),
        {"url": "not a url at all", "title": "Some title", "stance": "supports"},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.strip().startswith('<section id="evidence"')
    assert "Source URL: The source URL is not a web address" in html
    assert 'value="Some title"' in html
    assert not Evidence.objects.filter(title="Some title").exists()


def test_other_reviewer_cannot_add_evidence(client_for, reviewer2, claim_in):
    claim = claim_in("in_review")
    response = client_for(reviewer2).post(
        reverse("evidence_add", args=[claim.pk]),
        {"url": "https://example.org/x", "title": "X", "stance": "supports"},
        headers=HX,
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#claim-main"
    assert b"Only the reviewer holding this claim (rita)" in response.content
    assert not Evidence.objects.filter(title="X").exists()


def test_evidence_of_another_claim_is_404(client_for, reviewer, editor, article, claim_in):
    claim = claim_in("in_review")
    other = ClaimFactory(article=article, span="14 people")
    evidence = Evidence.objects.get(claim=claim)
    url = reverse("evidence_remove", args=[other.pk, evidence.pk])
    assert client_for(reviewer).post(url).status_code == 404


def test_comments_are_added_in_place(client_for, reviewer2, claim_in):
    claim = claim_in("proposed")
    client = client_for(reviewer2)
    response = client.post(
        action_url(claim, "comment"), {"body": "The ministry says 900."}, headers=HX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="comments"')
    assert "The ministry says 900." in html and "rob" in html
    empty = client.post(action_url(claim, "comment"), {"body": ""}, headers=HX)
    assert empty.status_code == 400
    assert b"Write something before adding a comment." in empty.content
    assert Comment.objects.filter(claim=claim).count() == 1


def test_the_whole_review_cycle_through_the_pages(client_for, reviewer, editor, editor2, claim_in):
    """Take, add evidence, propose; returned with a note; fixed; published; corrected."""
    claim = claim_in("queued")
    rita, erin = client_for(reviewer), Client()
    erin.force_login(editor)

    def post(client, action, **data):
        claim.refresh_from_db()
        response = client.post(
            action_url(claim, action), {"version": claim.version, **data}, headers=HX
        )
        assert response.status_code == 200, response.content.decode()[:400]
        return response.content.decode()

    post(rita, "take")
    rita.post(
        reverse("evidence_add", args=[claim.pk]),
        {"url": "https://example.org/a", "title": "Source A", "stance": "contradicts"},
    )
    false = Rating.objects.get(slug="false")
    post(rita, "propose", rating=false.pk, rationale="Only 900 crossed.")
    html = post(erin, "return", note="Cite the ministry directly.")
    assert "Cite the ministry directly." in html and "Returned" in html
    html = rita.get(claim.get_absolute_url()).content.decode()
    assert "Propose verdict" in html and "Cite the ministry directly." in html
    post(rita, "propose", rating=false.pk, rationale="Ministry: only 900 crossed.")
    html = post(erin, "approve")
    assert 'id="claim-status">Published<' in html

    corrector = Client()
    corrector.force_login(editor2)
    mostly = Rating.objects.get(slug="mostly-false")
    html = post(
        corrector,
        "correct",
        rating=mostly.pk,
        rationale="The count was revised.",
        correction_note="The ministry revised its count to 1,050.",
    )
    assert "Correction waiting for a second editor" in html
    assert "Approve and publish the correction" not in html  # not by the one who wrote it
    html = post(erin, "approve_correction")
    assert "Superseded" in html and "(superseded by a later correction)" in html
    assert "The ministry revised its count to 1,050." in html
    assert list(
        Verdict.objects.filter(claim=claim).order_by("revision").values_list("state", flat=True)
    ) == ["returned", "superseded", "published"]
    history = html.split('id="history"')[1]
    for step in (
        "Rita took it",
        "Rita added evidence to it",
        "Rita proposed a verdict on it",
        "Erin returned it to rita",
        "Erin approved and published it",
        "Ed proposed a correction to it",
        "Erin approved the correction of it",
    ):
        assert step in history


@pytest.mark.parametrize("status", ["new", "in_review", "proposed", "published"])
def test_pages_work_without_javascript(client_for, editor2, reviewer, editor, claim, status):
    """Every htmx request has a plain-HTML twin: forms post to an action, links have an
    href, and every button says what it does."""
    drive(claim, status, reviewer=reviewer, editor=editor)
    client = client_for(editor2)
    for url in (claim.get_absolute_url(), "/queue/", claim.article.get_absolute_url()):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<(?:form|a|button|div)\b[^>]*\bhx-(?:get|post)=[^>]*>", html):
            if tag.startswith("<form"):
                assert 'method="post"' in tag or 'method="get"' in tag, tag
                assert ' action="' in tag, tag
            elif tag.startswith("<a"):
                assert ' href="' in tag, tag
            elif ' formaction="' not in tag:  # a button with formaction posts without JS
                # only the poll and the lease keep-alive have no twin
                assert 'id="queue-results"' in tag or 'id="keep-alive"' in tag, tag
        for label in re.findall(r"<button\b[^>]*>(.*?)</button>", html, re.S):
            assert label.strip(), f"a button without text on {url}"
        assert "<label" in html or url != claim.get_absolute_url()


def test_claim_page_runs_a_fixed_number_of_queries(
    client_for, reviewer, editor, article, claim_in, django_assert_num_queries
):
    """However long the history, the comments, the evidence and the other claims."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = claim_in("in_review")
    client = client_for(editor)
    # A section with nothing in it costs no query: the small page has one of each.
    workflow.comment_add(claim=claim, actor=reviewer, body="Note")
    workflow.evidence_add(
        claim=claim, actor=reviewer, url="https://example.org/", title="Source", stance="context"
    )
    client.get(claim.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        assert client.get(claim.get_absolute_url()).status_code == 200
    for i in range(14):
        workflow.comment_add(claim=claim, actor=reviewer, body=f"Note {i}")
        workflow.evidence_add(
            claim=claim,
            actor=reviewer,
            url=f"https://example.org/{i}",
            title=f"Source {i}",
            stance="context",
        )
        ClaimFactory(article=article, span="14 people")
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(claim.get_absolute_url()).content.decode()
    assert html.count('class="comment-body"') == 15 and "Source 13" in html
    # +1 since the desk: the navigation bar's counts of what waits (one query).
    assert len(small.captured_queries) <= 17


def test_verdict_revisions_are_numbered_by_their_revision(client_for, reviewer, editor, claim_in):
    # A reversed <ol> numbered the list by counting every <li>, the cited evidence inside
    # each revision too: "6. Revision 3".
    claim = claim_in("in_review")
    workflow.verdict_propose(claim=claim, actor=reviewer, rating="false", rationale="First.")
    workflow.verdict_return(claim=claim, actor=editor, note="Add a primary source.")
    workflow.verdict_propose(claim=claim, actor=reviewer, rating="false", rationale="Second.")
    workflow.verdict_approve(claim=claim, actor=editor)
    workflow.verdict_correct(
        claim=claim, actor=editor, rating="true", rationale="Third.", correction_note="Fixed."
    )
    html = client_for(reviewer).get(claim.get_absolute_url()).content.decode()
    verdicts = html.split('class="verdict-list"', 1)[1].split("</section>", 1)[0]
    assert "reversed" not in verdicts.split(">", 1)[0]
    numbered = re.findall(r'<li [^>]*value="(\d+)"[^>]*>\s*<p><strong>Revision (\d+)<', verdicts)
    assert numbered == [("3", "3"), ("2", "2"), ("1", "1")]


def test_each_revision_lists_the_sources_it_cited_removed_ones_too(
    client_for, reviewer, editor, claim_in
):
    claim = claim_in("proposed")  # revision 1 cites "Ministry figures"
    first = Evidence.objects.get(claim=claim)
    workflow.verdict_return(claim=claim, actor=editor, note="Find a second source.")
    workflow.evidence_add(
        claim=claim, actor=reviewer, url="https://b.example.org/", title="Census", stance="supports"
    )
    workflow.evidence_remove(evidence=first, actor=reviewer)
    workflow.verdict_propose(claim=claim, actor=reviewer, rating="false", rationale="Census.")

    html = client_for(reviewer).get(reverse("claim", args=[claim.pk])).content.decode()
    listed = html.split('id="evidence"', 1)[1].split("</section>", 1)[0]
    assert "Census" in listed and "Ministry figures" not in listed  # removed from the list
    revisions = html.split('class="verdict-list"', 1)[1]
    second, first_revision = revisions.split('id="verdict-1"', 1)
    assert "Evidence cited (1)" in second and "Census" in second
    assert "Evidence cited (1)" in first_revision and "Ministry figures" in first_revision
