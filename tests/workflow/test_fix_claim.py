"""Data fixes go through a command that calls the edit service and writes an event."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_fix_claim_is_audited_with_before_and_after():
    editor = EditorFactory(username="erin")
    claim = ClaimFactory(unit="soldiers", low=1200, high=1200, qualifier="exact")
    call_command("fix_claim", str(claim.pk), "unit=troops", "--as", "erin", "--note", "typo")
    claim.refresh_from_db()
    assert claim.unit == "troops" and claim.version == 2
    event = claim.events.get(action="edit")
    assert event.actor == editor and event.note == "typo"
    assert "soldiers" in str(event.data) and "troops" in str(event.data)


def test_fix_claim_is_refused_for_a_reviewer_who_does_not_hold_it():
    ReviewerFactory(username="rob")
    claim = ClaimFactory()
    with pytest.raises(CommandError):
        call_command("fix_claim", str(claim.pk), "unit=x", "--as", "rob", "--note", "n")
    claim.refresh_from_db()
    assert claim.version == 1 and not claim.events.filter(action="edit").exists()
