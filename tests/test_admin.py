"""The admin: every model's list, search and change pages load; the audit log is read-only."""

import pytest
from django.urls import reverse

from factcheck.models import Claim, ClaimEvent, Comment, Evidence, Rating, Verdict

pytestmark = pytest.mark.django_db

MODELS = ["article", "claim", "rating", "verdict", "evidence", "comment", "claimevent"]


@pytest.fixture
def full_record(article, reviewer, editor):
    claim = Claim.objects.create(
        article=article,
        kind="troops",
        text="1,200 soldiers crossed.",
        span="1,200 soldiers",
        start=0,
        end=14,
        low=1200,
        high=1200,
        qualifier="exact",
        status="published",
    )
    evidence = Evidence.objects.create(
        claim=claim, url="https://example.org", title="Report", stance="supports", added_by=reviewer
    )
    verdict = Verdict.objects.create(
        claim=claim,
        revision=1,
        rating=Rating.objects.first(),
        rationale="Checked.",
        author=reviewer,
        state="published",
        approved_by=editor,
    )
    verdict.evidence.add(evidence)
    Comment.objects.create(claim=claim, author=reviewer, body="Looks right")
    ClaimEvent.objects.create(
        claim=claim, actor=editor, action="publish", from_status="proposed", to_status="published"
    )
    return claim


@pytest.mark.parametrize("model", MODELS)
def test_admin_list_and_search_pages_load(client_for, admin_user, full_record, model):
    client = client_for(admin_user)
    url = reverse(f"admin:factcheck_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "soldiers"}).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_admin_change_pages_load(client_for, admin_user, full_record, model):
    from django.apps import apps

    obj = apps.get_model("factcheck", model).objects.first()
    response = client_for(admin_user).get(reverse(f"admin:factcheck_{model}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_claim_page_shows_related_rows_inline(client_for, admin_user, full_record):
    response = client_for(admin_user).get(
        reverse("admin:factcheck_claim_change", args=[full_record.pk])
    )
    content = response.content.decode()
    assert "Looks right" in content and "Report" in content and "publish" in content


def test_admin_list_pages_do_not_query_per_row(
    client_for, admin_user, full_record, django_assert_max_num_queries
):
    for i in range(20):
        Claim.objects.create(
            article=full_record.article,
            kind="date",
            text=f"On day {i}.",
            span=f"day {i}",
            start=0,
            end=5,
            assignee=admin_user,
        )
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("admin:factcheck_claim_changelist"))


def test_audit_log_cannot_be_changed(client_for, admin_user, full_record):
    event = ClaimEvent.objects.get()
    client = client_for(admin_user)
    assert client.get(reverse("admin:factcheck_claimevent_add")).status_code == 403
    client.post(reverse("admin:factcheck_claimevent_change", args=[event.pk]), {"note": "x"})
    event.refresh_from_db()
    assert event.note == ""
    with pytest.raises(ValueError):
        event.save()


def test_editor_can_use_admin(client_for, editor, full_record):
    assert client_for(editor).get(reverse("admin:factcheck_claim_changelist")).status_code == 200


def test_default_rating_scale_is_seeded():
    assert list(Rating.objects.values_list("slug", flat=True))[:5] == [
        "true",
        "mostly-true",
        "half-true",
        "mostly-false",
        "false",
    ]
