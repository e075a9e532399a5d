"""The admin's claim actions go through workflow.py: same checks, same audit."""

import pytest
from django.urls import reverse

from factcheck.models import Claim, ClaimEvent

from .conftest import new_claim

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:factcheck_claim_changelist")


def post_action(client, action, claims, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in claims], **extra},
        follow=True,
    )


def test_editor_queues_from_the_admin(client_for, editor, article):
    claims = [new_claim(article) for _ in range(3)]
    response = post_action(client_for(editor), "queue_selected", claims)
    assert "3 claim(s) queued" in response.text
    assert set(Claim.objects.values_list("status", flat=True)) == {"queued"}
    assert ClaimEvent.objects.filter(action="queue", actor=editor).count() == 3


def test_dismiss_asks_for_a_reason_then_dismisses(client_for, editor, article):
    claims = [new_claim(article) for _ in range(2)]
    client = client_for(editor)
    page = post_action(client, "dismiss_selected", claims)
    assert "Reason" in page.text and Claim.objects.filter(status="new").count() == 2
    again = post_action(client, "dismiss_selected", claims, apply="Dismiss", reason="")
    assert "A reason is required." in again.text
    done = post_action(
        client, "dismiss_selected", claims, apply="Dismiss", reason="opinion, not fact"
    )
    assert "2 claim(s) dismissed" in done.text
    assert set(Claim.objects.values_list("dismissal_reason", flat=True)) == {"opinion, not fact"}
    reopened = post_action(client, "reopen_selected", claims)
    assert "2 claim(s) reopened" in reopened.text


def test_refusals_are_reported_not_hidden(client_for, editor, article):
    claim = new_claim(article)
    response = post_action(client_for(editor), "release_selected", [claim])
    assert "0 claim(s) released" in response.text and "Not changed" in response.text


def test_reviewers_do_not_get_triage_actions(client_for, reviewer, django_user_model, article):
    reviewer.is_staff = True
    reviewer.save()
    claim = new_claim(article)
    client = client_for(reviewer)
    page = client.get(CHANGELIST)
    if page.status_code == 200:
        assert "queue_selected" not in page.text
    post_action(client, "queue_selected", [claim])
    assert Claim.objects.get(pk=claim.pk).status == "new"
