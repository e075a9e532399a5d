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


def _form_data(html: str) -> dict:
    """The change form's fields as the browser would send them."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.select, self.textarea = {}, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
                self.data[name] = attrs.get("value") or ""
            elif tag == "select" and name:
                self.select = name
                self.data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in attrs:
                self.data[self.select] = attrs.get("value") or ""
            elif tag == "textarea" and name:
                self.textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.data[self.textarea] += data

    parser = Fields()
    parser.feed(html)
    return parser.data


def test_admin_claim_edits_go_through_the_edit_service(client_for, editor, full_record):
    from factcheck.models import ClaimEvent

    client = client_for(editor)
    published = reverse("admin:factcheck_claim_change", args=[full_record.pk])
    data = _form_data(client.get(published).content.decode())
    refused = client.post(published, {**data, "unit": "troops"}).content.decode()
    assert "a change now goes through a correction" in refused
    body = full_record.article.body
    claim = Claim.objects.create(
        article=full_record.article,
        kind="troops",
        text=body[: body.index("\n")],
        span="1,200 soldiers",
        start=body.index("1,200 soldiers"),
        end=body.index("1,200 soldiers") + 14,
        low=1200,
        high=1200,
        qualifier="exact",
    )
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    data = _form_data(client.get(url).content.decode())
    bad = client.post(url, {**data, "low": "900", "high": "100", "qualifier": "range"})
    assert bad.status_code == 200 and "Low (900) is more than high (100)" in bad.content.decode()
    assert Claim.objects.get(pk=claim.pk).version == 1
    response = client.post(url, {**data, "unit": "troops", "low": "1100", "high": "1100"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.unit, claim.low, claim.version) == ("troops", 1100, 2)
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.action, event.actor, event.data["fields"]) == (
        "edit",
        editor,
        ["low", "high", "unit"],
    )
    assert client.get(reverse("admin:factcheck_claim_add")).status_code == 403
