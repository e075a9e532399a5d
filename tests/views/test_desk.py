"""The desk, notification and settings pages: who sees them, what POST does, nothing on GET."""

import pytest
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Notification, NotificationPreference
from tests.factories import ClaimFactory, CommentOnClaim, EditorFactory, ReviewerFactory, drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita():
    return ReviewerFactory(username="rita")


@pytest.fixture
def erin():
    return EditorFactory(username="erin")


@pytest.fixture
def assigned(rita, erin, django_capture_on_commit_callbacks):
    claim = drive(ClaimFactory(), "queued", reviewer=rita, editor=erin)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=erin, assignee=rita)
    return claim


def test_login_lands_on_the_desk(client, rita):
    response = client.post(reverse("login"), {"username": "rita", "password": "pw-12345-factcheck"})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk")


def test_desk_shows_counts_in_the_nav(client, rita, assigned):
    client.force_login(rita)
    page = client.get(reverse("desk")).content.decode()
    assert 'id="desk-count"' in page and ">1<" in page
    assert 'id="unread-count"' in page
    assert "Claims in your hands (1)" in page


def test_bell_fragment_and_marking_read(client, rita, assigned):
    client.force_login(rita)
    bell = client.get(reverse("notification_bell"), headers={"HX-Request": "true"})
    assert bell.status_code == 200
    assert 'id="unread-count"' in bell.content.decode()
    assert Notification.objects.get().read_at is None  # reading writes nothing
    [note] = Notification.objects.all()
    assert client.get(reverse("notification_read", args=[note.pk])).status_code == 405
    response = client.post(
        reverse("notification_read", args=[note.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="notification-list"' in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is not None
    bell = client.get(reverse("notification_bell")).content.decode()
    assert 'id="unread-count"' not in bell


def test_open_marks_read_and_goes_to_the_claim(client, rita, assigned):
    client.force_login(rita)
    note = Notification.objects.get()
    response = client.post(reverse("notification_open", args=[note.pk]))
    assert response["Location"] == reverse("claim", args=[assigned.pk])
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_opens_anothers_notification(client, assigned):
    client.force_login(ReviewerFactory(username="rob"))
    note = Notification.objects.get()
    assert client.post(reverse("notification_open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notification_read", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.read_at is None


def test_settings_page_saves_the_choice(client, rita):
    client.force_login(rita)
    page = client.get(reverse("notification_settings")).content.decode()
    assert "A claim was assigned to me" in page
    response = client.post(reverse("notification_settings"), {"email_kinds": ["publish", "lease"]})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=rita).email_kinds == ["publish", "lease"]
    bad = client.post(reverse("notification_settings"), {"email_kinds": ["spam"]})
    assert bad.status_code == 200
    assert "spam is not one of the available choices" in bad.content.decode()


def test_outsiders_have_no_desk(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("olga"))
    assert client.get(reverse("desk")).status_code == 302
    assert client.get(reverse("notifications")).status_code == 403
    assert client.post(reverse("notification_settings"), {}).status_code == 403


def test_comment_mentions_are_links_on_the_claim_page(client, rita, erin):
    claim = drive(ClaimFactory(), "queued", reviewer=rita, editor=erin)
    CommentOnClaim.create(claim=claim, author=erin, body="@rita <script>x</script> @ghost")
    client.force_login(rita)
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert '<a class="mention" href="/people/rita/">@rita</a>' in page
    assert "&lt;script&gt;x&lt;/script&gt; @ghost" in page
    person = client.get(reverse("person", args=["rita"]))
    assert person.status_code == 200
