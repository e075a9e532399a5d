"""The admin cannot rewrite history: verdicts, evidence, comments and events are read-only,
claims change only through workflow.py, and articles with history are archived, not deleted.
"""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Article, Claim, ClaimEvent
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    ReviewerFactory,
    drive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    reviewer, editor, editor2 = ReviewerFactory(), EditorFactory(), EditorFactory()
    claim = drive(ClaimFactory(), "published", reviewer=reviewer, editor=editor, editor2=editor2)
    workflow.comment_add(claim=claim, actor=reviewer, body="Checked twice.")
    return claim


def _url(name, *args):
    return reverse(f"admin:factcheck_{name}", args=args)


@pytest.mark.parametrize("model", ["verdict", "evidence", "comment", "claimevent"])
def test_history_is_read_only_even_for_superusers(client, admin_user, published, model):
    client.force_login(admin_user)
    obj = {
        "verdict": published.verdicts.first(),
        "evidence": published.evidence.first(),
        "comment": published.comments.first(),
        "claimevent": published.events.first(),
    }[model]
    assert client.get(_url(f"{model}_add")).status_code == 403  # no "Add verdict" (was a 500)
    assert client.get(_url(f"{model}_delete", obj.pk)).status_code == 403
    page = client.get(_url(f"{model}_change", obj.pk))
    assert page.status_code == 200 and b'name="_save"' not in page.content  # view only
    before = [(f.name, getattr(obj, f.attname)) for f in obj._meta.fields]
    client.post(_url(f"{model}_change", obj.pk), {"rationale": "rewritten", "body": "x"})
    obj.refresh_from_db()
    assert [(f.name, getattr(obj, f.attname)) for f in obj._meta.fields] == before


def test_claim_fields_cannot_be_changed_in_the_admin(client, admin_user, published):
    client.force_login(admin_user)
    text, version = published.text, published.version
    page = client.get(_url("claim_change", published.pk))
    assert b'name="text"' not in page.content
    client.post(_url("claim_change", published.pk), {"text": "Rewritten", "span": "x"})
    published.refresh_from_db()
    assert (published.text, published.version) == (text, version)
    assert client.get(_url("claim_add")).status_code == 403
    assert client.get(_url("claim_delete", published.pk)).status_code == 403


def test_article_with_history_is_protected_and_can_be_archived(client, admin_user, published):
    editor = EditorFactory()
    article = published.article
    client.force_login(admin_user)
    page = client.get(_url("article_delete", article.pk))
    assert "archive it instead" in page.content.decode()
    client.post(_url("article_delete", article.pk), {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()
    with pytest.raises(workflow.InvalidAction, match="Archive it instead"):
        workflow.article_delete(article=article, actor=editor)
    events = ClaimEvent.objects.filter(claim__article=article).count()
    client.post(
        _url("article_changelist"),
        {"action": "archive_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.archived_at is not None and article.archived_by == admin_user
    assert ClaimEvent.objects.filter(claim__article=article).count() == events + 1  # audited
    # Archived claims leave the queue and "Next claim".
    claim = ClaimFactory(article=article, span="14 people")
    workflow.claim_queue(claim=claim, actor=editor)
    assert workflow.take_next_claim(actor=ReviewerFactory()) is None


def test_article_nobody_worked_on_can_still_be_deleted(client, admin_user):
    article = ArticleFactory()
    workflow.claims_extracted(
        article=article,
        claims=[Claim(kind="troops", text="t", span="1,200 soldiers", start=29, end=43)],
        extractor_version="test",
    )
    client.force_login(admin_user)
    response = client.post(_url("article_delete", article.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not ClaimEvent.objects.filter(claim__article_id=article.pk).exists()


def test_deleting_a_claim_cannot_cascade_into_its_history(published):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        published.delete()
