"""Bulk steps on the queue: each claim through its own service, refused per role like a
single step, refusals shown on their rows, the selection kept; search by figures."""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory, drive

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def rita():
    return ReviewerFactory(username="rita")


@pytest.fixture
def erin():
    return EditorFactory(username="erin")


def post(client, data, **kw):
    return client.post(reverse("queue_bulk"), {"next": "/queue/", **data}, **kw)


def test_editor_assigns_many_and_sees_each_refusal_in_place(client, rita, erin):
    queued = [drive(ClaimFactory(), "queued", reviewer=rita, editor=erin) for _ in range(2)]
    published = drive(ClaimFactory(), "published", reviewer=rita, editor=EditorFactory())
    client.force_login(erin)
    ids = [c.pk for c in (*queued, published)]
    response = post(client, {"action": "assign", "assignee": rita.pk, "claims": ids}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Assigned to rita: 2 claims. 1 could not be" in html
    assert "autofocus" in html.split('id="bulk-result"')[1].split(">")[0]  # focus lands here
    error = html.split(f'id="bulk-error-{published.pk}"')[1].split("</tr>")[0]
    assert "Cannot assign it: this claim is published" in error
    # The refused claim stays ticked; the done ones are not.
    ticked = f'aria-label="Select claim {published.pk}" checked'
    assert ticked in html
    assert (
        f'id="select-{queued[0].pk}" aria-label="Select claim {queued[0].pk}" checked' not in html
    )
    for claim in queued:
        claim.refresh_from_db()
        assert claim.status == "in_review" and claim.assignee == rita
        assert ClaimEvent.objects.filter(claim=claim, action="assign", actor=erin).count() == 1


def test_reviewer_bulk_assign_is_refused_claim_by_claim_like_a_single_one(client, rita, erin):
    claim = drive(ClaimFactory(), "queued", reviewer=rita, editor=erin)
    client.force_login(rita)
    html = post(
        client, {"action": "assign", "assignee": rita.pk, "claims": [claim.pk]}, headers=HX
    ).content.decode()
    claim.refresh_from_db()
    assert claim.status == "queued"
    single = client.post(reverse("claim_action", args=[claim.pk, "assign"]), {"assignee": rita.pk})
    assert single.status_code == 403
    # The same words as the single step's refusal, shown on the claim's row.
    row_error = html.split(f'id="bulk-error-{claim.pk}"')[1].split("</tr>")[0]
    message = row_error.split("not done: ")[1].split("</div>")[0]
    assert message and message in single.content.decode()


def test_reviewer_releases_own_claims_but_not_anothers(client, rita, erin):
    mine = drive(ClaimFactory(), "in_review", reviewer=rita, editor=erin)
    robs = drive(ClaimFactory(), "in_review", reviewer=ReviewerFactory(), editor=erin)
    client.force_login(rita)
    html = post(client, {"action": "release", "claims": [mine.pk, robs.pk]}, headers=HX)
    html = html.content.decode()
    assert "Released: 1 claim. 1 could not be" in html
    assert "Only the reviewer holding this claim" in html
    assert Claim.objects.get(pk=mine.pk).status == "queued"
    assert Claim.objects.get(pk=robs.pk).status == "in_review"


def test_dismiss_needs_a_reason_and_keeps_the_selection(client, erin):
    claims = [ClaimFactory(), ClaimFactory()]
    client.force_login(erin)
    response = post(client, {"action": "dismiss", "claims": [c.pk for c in claims]}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give a reason for dismissing the selected claims." in html
    assert html.count(" checked") >= 2
    assert Claim.objects.filter(status="dismissed").count() == 0
    ok = post(
        client,
        {"action": "dismiss", "reason": "opinion", "claims": [c.pk for c in claims]},
        headers=HX,
    )
    assert "Dismissed: 2 claims." in ok.content.decode()
    assert set(Claim.objects.values_list("dismissal_reason", flat=True)) == {"opinion"}


def test_queue_many_and_without_javascript(client, erin):
    claims = [ClaimFactory(), ClaimFactory()]
    client.force_login(erin)
    response = post(
        client, {"action": "queue", "claims": [c.pk for c in claims], "next": "/queue/?kind=troops"}
    )
    assert response.status_code == 302 and response["Location"] == "/queue/?kind=troops"
    assert Claim.objects.filter(status="queued").count() == 2


def test_export_the_selection(client, erin):
    wanted, _other = ClaimFactory(), ClaimFactory(span="At least 14 people")
    client.force_login(erin)
    response = post(client, {"action": "export", "export_format": "csv", "claims": [wanted.pk]})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert f"{wanted.pk}," in body and "At least 14 people" not in body


def test_bad_bulk_input_is_named(client, erin):
    client.force_login(erin)
    html = post(client, {"action": "explode", "claims": ["x"]}, headers=HX).content.decode()
    assert "Unknown action" in html
    html = post(client, {"action": "queue"}, headers=HX).content.decode()
    assert "Select at least one claim" in html


def test_outsiders_cannot_bulk(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("olga"))
    assert post(client, {"action": "queue", "claims": [1]}).status_code == 403


def test_search_finds_figures_however_they_are_written(client, rita, erin):
    article = ArticleFactory(body="Officials said 2,000 soldiers moved.\n\nThen 350 tanks moved.")
    troops = ClaimFactory(article=article, span="2,000 soldiers", low=2000, high=2000)
    tanks = ClaimFactory(article=article, span="350 tanks")
    for claim in (troops, tanks):
        workflow.claim_queue(claim=claim, actor=erin)
    client.force_login(rita)
    for q in ("2000", "2,000", "2000 soldiers"):
        html = client.get(reverse("queue"), {"q": q}).content.decode()
        assert f'id="claim-row-{troops.pk}"' in html, q
        assert f'id="claim-row-{tanks.pk}"' not in html, q


def test_search_looks_in_sentence_words_and_speaker_in_any_case(client, rita, erin):
    """Claim.search (the database keeps it): the sentence, the claim's words and the
    speaker, one case; a term never matches across two of them, and it follows edits."""
    article = ArticleFactory(body="Petrova said the bridge held.\n\nKarsk fell.")
    quote = ClaimFactory(
        article=article, kind="quote", span="the bridge held", speaker="Ana Petrova"
    )
    other = ClaimFactory(article=article, text="Karsk fell.", span="Karsk fell")
    for claim in (quote, other):
        workflow.claim_queue(claim=claim, actor=erin)
    client.force_login(rita)

    def found(q):
        html = client.get(reverse("queue"), {"q": q}).content.decode()
        return {c.pk for c in (quote, other) if f'id="claim-row-{c.pk}"' in html}

    assert found("ana petrova") == {quote.pk}  # the speaker
    assert found("BRIDGE HELD") == {quote.pk}  # the words, whatever the case
    assert found("karsk") == {other.pk}  # the sentence
    assert found("fell\nkarsk") == set() and found("held ana") == set()  # not across parts
    Claim.objects.filter(pk=other.pk).update(speaker="Ana Petrova")  # kept by the database
    assert found("ana petrova") == {quote.pk, other.pk}


def test_article_title_once_per_run_of_its_claims(client, rita, erin):
    article = ArticleFactory(title="Karsk bridge report")
    for span in ("1,200 soldiers", "At least 14 people"):
        workflow.claim_queue(claim=ClaimFactory(article=article, span=span), actor=erin)
    client.force_login(rita)
    html = client.get(reverse("queue")).content.decode()
    assert html.count(">Karsk bridge report</a>") == 1
    assert "same article" in html
