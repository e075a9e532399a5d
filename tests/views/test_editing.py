"""Adding, editing, merging and rejecting claims over HTTP, and the report card page."""

import re

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent
from tests.factories import ClaimFactory, drive

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def new_url(article, **params):
    from urllib.parse import urlencode

    return reverse("claim_new", args=[article.pk]) + ("?" + urlencode(params) if params else "")


def where(article, words):
    start = article.body.index(words)
    return start, start + len(words)


def nothing_written():
    return Claim.objects.count(), ClaimEvent.objects.count()


# --- the add page -------------------------------------------------------------------------


def test_selection_opens_a_prefilled_form_and_writes_nothing(client_for, reviewer, article):
    before = nothing_written()
    start, end = where(article, "1,200 soldiers")
    response = client_for(reviewer).get(new_url(article, start=start, end=end))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="troops" selected>' in html
    assert 'name="low" value="1200"' in html and 'name="unit" value="soldiers"' in html
    assert f'name="start" value="{start}"' in html and f'name="end" value="{end}"' in html
    assert "<mark class='claim current'>1,200 soldiers</mark>" in html
    assert nothing_written() == before


def test_a_selection_across_paragraphs_is_refused_in_words(client_for, reviewer, article):
    start = article.body.index("Karsk")
    end = article.body.index("We will")
    response = client_for(reviewer).get(new_url(article, start=start, end=end))
    assert response.status_code == 400
    assert "crosses paragraphs" in response.content.decode()
    outside = client_for(reviewer).get(new_url(article, start=5, end=10_000))
    assert outside.status_code == 400 and "does not lie in the article" in outside.text
    junk = client_for(reviewer).get(new_url(article, start="x", end="<b>"))
    assert junk.status_code == 200 and "Type or paste the words" in junk.text


def test_typed_words_pick_their_occurrence(client_for, reviewer, article):
    client = client_for(reviewer)
    choose = client.get(new_url(article, words="said"))
    html = choose.content.decode()
    assert "stand in the text 3 times" in html
    assert html.count('name="occurrence"') == 3
    second = article.body.index("said General")
    picked = client.get(new_url(article, words="said", occurrence=2))
    assert f'name="start" value="{second}"' in picked.text
    missing = client.get(new_url(article, words="2,000 tanks"))
    assert missing.status_code == 400 and "is not in the article" in missing.text


def test_adding_a_claim_puts_it_in_the_text_and_the_queue(client_for, reviewer, article):
    client = client_for(reviewer)
    start, end = where(article, "people were killed in shelling")
    response = client.post(
        new_url(article),
        {
            "start": start,
            "end": end,
            "kind": "casualties",
            "low": "14",
            "qualifier": "at_least",
            "unit": "people killed",
        },
    )
    claim = Claim.objects.get(origin="person")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#mark-{claim.pk}"
    assert article.body[claim.start : claim.end] == claim.span
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(rf'id="mark-{claim.pk}"[^>]*>people were killed in shelling</mark>', page)
    queue = client.get(reverse("queue")).content.decode()
    assert f'id="claim-row-{claim.pk}"' in queue


def test_a_refused_add_keeps_the_form_and_says_why(client_for, reviewer, article):
    before = nothing_written()
    start, end = where(article, "We will hold the bridge")
    response = client_for(reviewer).post(
        new_url(article), {"start": start, "end": end, "kind": "quote", "speaker": ""}
    )
    assert response.status_code == 400
    assert "The speaker is required" in response.text
    assert 'value="quote" selected' in response.text
    assert nothing_written() == before


def test_only_reviewers_add_claims(client_for, outsider, article):
    start, end = where(article, "1,200 soldiers")
    client = client_for(outsider)
    assert client.get(new_url(article, start=start, end=end)).status_code == 403
    response = client.post(new_url(article), {"start": start, "end": end, "kind": "statement"})
    assert response.status_code == 403 and not Claim.objects.exists()


# --- edit, merge, reject on the claim page ----------------------------------------------


def test_holder_sees_the_editing_forms_others_do_not(
    client_for, reviewer, reviewer2, editor, claim
):
    drive(claim, "in_review", reviewer=reviewer, editor=editor)
    mine = client_for(reviewer).get(claim.get_absolute_url()).text
    assert 'id="edit-form"' in mine and "Reject: not a claim" in mine and 'id="merge-form"' in mine
    theirs = client_for(reviewer2).get(claim.get_absolute_url()).text
    assert 'id="edit-form"' not in theirs and "Reject: not a claim" not in theirs


def test_edit_saves_values_and_words(client_for, reviewer, editor, claim, article):
    drive(claim, "in_review", reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    response = client_for(reviewer).post(
        reverse("claim_action", args=[claim.pk, "edit"]),
        {
            "version": claim.version,
            "words": "1,200 soldiers crossed the river",
            "kind": "troops",
            "low": "1,200",
            "high": "1200",
            "qualifier": "about",
            "unit": "soldiers",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.span == "1,200 soldiers crossed the river" == article.body[claim.start : claim.end]
    assert claim.qualifier == "about" and claim.corrections == "span qualifier"
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert event.action == "edit" and event.data["before"]["qualifier"] == "exact"
    page = client_for(reviewer).get(claim.get_absolute_url()).text
    assert "What the extractor said" in page and "Saved: words, qualifier changed." in page


def test_stale_edit_is_told_and_changes_nothing(client_for, reviewer, editor, claim):
    drive(claim, "in_review", reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    stale = claim.version
    workflow.claim_edit(claim=claim, actor=editor, unit="troops")
    response = client_for(reviewer).post(
        reverse("claim_action", args=[claim.pk, "edit"]),
        {"version": stale, "words": "1,200 soldiers", "kind": "troops", "unit": "men"},
        headers=HX,
    )
    assert response.status_code == 409
    assert "changed while you had it open" in response.text
    claim.refresh_from_db()
    assert claim.unit == "troops"


def test_edit_with_words_not_in_the_text(client_for, reviewer, editor, claim):
    drive(claim, "in_review", reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    response = client_for(reviewer).post(
        reverse("claim_action", args=[claim.pk, "edit"]),
        {"version": claim.version, "words": "2,000 tanks", "kind": "troops", "unit": "tanks"},
    )
    assert response.status_code == 400
    assert "is not in the article&#x27;s text" in response.text
    assert Claim.objects.get(pk=claim.pk).span == "1,200 soldiers"


def test_merge_and_reject_in_place(client_for, editor, claim, article):
    duplicate = ClaimFactory(article=article, span="1,200 soldiers crossed")
    statement = ClaimFactory(article=article, kind="statement", span="crossed the river near Karsk")
    client = client_for(editor)
    merged = client.post(
        reverse("claim_action", args=[claim.pk, "merge"]),
        {"version": claim.version, "other": duplicate.pk},
        headers=HX,
    )
    assert merged.status_code == 200
    assert f"claim #{duplicate.pk} is dismissed as a duplicate" in merged.text
    assert f"(on #{duplicate.pk}, merged into this claim)" in merged.text
    duplicate.refresh_from_db()
    assert duplicate.dismissal_reason == f"duplicate of #{claim.pk}"
    rejected = client.post(
        reverse("claim_action", args=[statement.pk, "reject"]), {"note": "scene-setting"}
    )
    assert rejected.status_code == 302
    assert Claim.objects.get(pk=statement.pk).dismissal_reason == workflow.NOT_A_CLAIM
    page = client.get(statement.get_absolute_url()).text
    assert "Dismissed: not a claim" in page


# --- the report card page -----------------------------------------------------------------


def test_report_card_page_is_for_editors(client_for, reviewer, editor, claim, article):
    kept = ClaimFactory(
        article=article, kind="quote", span="We will hold the bridge", speaker="Petrova"
    )
    workflow.claim_reject(claim=claim, actor=editor)
    assert client_for(reviewer).get(reverse("extraction_report")).status_code == 403
    page = client_for(editor).get(reverse("extraction_report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "By kind of claim" in html and "Not a claim" in html
    row = re.search(r'<th scope="row">Troops</th>(.*?)</tr>', html, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
    ]
    # precision, recall, F1, kept, corrected, not a claim, duplicates, added, not yet, fields
    assert cells == ["0.00", "–", "–", "0", "0", "1", "0", "0", "0", "–"]
    rejected = re.search(
        r'id="rejected-link" href="([^"]+)"|href="([^"]+)" id="rejected-link"', html
    )
    listing = client_for(editor).get(rejected.group(2).replace("&amp;", "&"))
    assert listing.status_code == 200 and claim.span in listing.content.decode()
    assert kept.span not in listing.content.decode()  # the filter keeps only the rejected
    bad = client_for(editor).get(reverse("extraction_report") + "?since=yesterday")
    assert bad.status_code == 400 and "is not a date" in bad.text
