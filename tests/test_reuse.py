"""What pages reuse between requests, and that a change shows at once all the same:
roles (factcheck/backends.py), the navigation bar's counts (desk.NavCounts), queue rows
(review_queue.queue_rows) and the claim page's history, cut to its newest steps.

The suite turns these caches off (tests/conftest.py: ids are reused after rollback); the
tests here turn them on and clear the cache first. Generations move when a transaction
commits, so the changes below run inside django_capture_on_commit_callbacks(execute=True).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import desk, notifications, workflow
from factcheck.models import Claim, ClaimEvent, Notification
from factcheck.views.claims import HISTORY_SHOWN
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reuse(settings):
    cache.clear()
    settings.PERMISSIONS_CACHE_SECONDS = 60
    settings.NAV_COUNTS_SECONDS = 60
    settings.QUEUE_ROW_CACHE_SECONDS = 60
    yield settings
    cache.clear()


def _permission_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("auth_permission" in q["sql"] for q in queries.captured_queries)


# --- roles ----------------------------------------------------------------------------------


def test_roles_are_read_once_then_reused(reuse, client_for, reviewer, article):
    client = client_for(reviewer)
    assert _permission_queries(client, "/queue/") == 2  # the user's and their groups'
    assert _permission_queries(client, "/queue/") == 0


def test_a_reviewer_removed_from_the_group_is_refused_on_the_next_request(
    reuse, client_for, reviewer, django_capture_on_commit_callbacks, article
):
    client = client_for(reviewer)
    assert client.get("/queue/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.groups.remove(Group.objects.get(name="Reviewers"))
    assert client.get("/queue/").status_code == 403


def test_a_user_added_to_a_group_gains_its_role_on_the_next_request(
    reuse, client_for, outsider, django_capture_on_commit_callbacks, article
):
    client = client_for(outsider)
    assert client.get("/queue/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        outsider.groups.add(Group.objects.get(name="Reviewers"))
    assert client.get("/queue/").status_code == 200


def test_a_group_losing_a_permission_shows_on_the_next_request(
    reuse, client_for, reviewer, django_capture_on_commit_callbacks, article
):
    client = client_for(reviewer)
    assert client.get("/queue/").status_code == 200
    group = Group.objects.get(name="Reviewers")
    with django_capture_on_commit_callbacks(execute=True):
        group.permissions.remove(group.permissions.get(codename="review_claim"))
    assert client.get("/queue/").status_code == 403


def test_a_deactivated_user_is_never_served_from_the_cache(reuse, client_for, reviewer, article):
    client = client_for(reviewer)
    assert client.get("/queue/").status_code == 200
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    assert not workflow.is_reviewer(reviewer)
    response = client.get("/queue/")
    assert response.status_code in (302, 403)  # logged out (inactive) or refused


def _assign_menu(client) -> list[str]:
    html = client.get("/queue/").content.decode()
    menu = html[html.index('id="bulk-assignee"') :]
    return re.findall(r'<option value="\d+">([^<]+)</option>', menu[: menu.index("</select>")])


def test_the_reviewer_menu_is_reused_and_follows_users_at_once(
    reuse, client_for, editor, reviewer, django_user_model, django_capture_on_commit_callbacks
):
    client = client_for(editor)
    assert _assign_menu(client) == ["erin", "rita"]
    with CaptureQueriesContext(connection) as queries:
        assert _assign_menu(client) == ["erin", "rita"]
    assert not [q for q in queries.captured_queries if "auth_user_groups" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = django_user_model.objects.create_user(username="nina", password="x-12345-y")
        newcomer.groups.add(Group.objects.get(name="Reviewers"))
    assert _assign_menu(client) == ["erin", "nina", "rita"]
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.is_active = False
        reviewer.save(update_fields=["is_active"])
    assert _assign_menu(client) == ["erin", "nina"]
    with django_capture_on_commit_callbacks(execute=True):
        newcomer.username = "nina.b"
        newcomer.save()
    assert _assign_menu(client) == ["erin", "nina.b"]


def test_a_login_does_not_throw_the_roles_away(reuse, client, reviewer):
    from factcheck import caching

    before = caching.generation(caching.PERMISSIONS)
    response = client.post("/login/", {"username": "rita", "password": "rita-pw-12345"})
    assert response.status_code == 302
    assert caching.generation(caching.PERMISSIONS) == before


# --- the navigation bar's counts ------------------------------------------------------------


def _nav(user) -> tuple[int, int]:
    counts = desk.NavCounts(user)
    return counts.desk, counts.unread


def test_nav_counts_follow_notifications_and_steps(
    reuse, reviewer, editor, article, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(article=article)
    assert _nav(reviewer) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        Notification.objects.create(
            recipient=reviewer, kind=Notification.Kind.ASSIGN, message="Look", key="k1"
        )
    assert _nav(reviewer) == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.mark_read(user=reviewer)
    assert _nav(reviewer) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claims_queue_many(claim_ids=[claim.pk], actor=editor)
        workflow.claim_take(claim=Claim.objects.get(pk=claim.pk), actor=reviewer)
    assert _nav(reviewer)[0] == 1


def test_nav_counts_are_reused_while_nothing_changes(reuse, reviewer, article):
    _nav(reviewer)
    with CaptureQueriesContext(connection) as queries:
        _nav(reviewer)
    assert not queries.captured_queries


# --- queue rows -----------------------------------------------------------------------------


def _rows(html: str) -> str:
    return html[html.index("<tbody>") : html.index("</tbody>")]


def test_cached_rows_are_the_rows_rendered_afresh(
    reuse, client_for, reviewer, editor, article, django_capture_on_commit_callbacks
):
    claims = [ClaimFactory(article=article, checkworthiness=0.9 - i / 10) for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claims_queue_many(claim_ids=[c.pk for c in claims], actor=editor)
    client = client_for(reviewer)
    first = _rows(client.get("/queue/").content.decode())
    again = _rows(client.get("/queue/").content.decode())  # every row from the cache
    reuse.QUEUE_ROW_CACHE_SECONDS = 0
    fresh = _rows(client.get("/queue/").content.decode())
    assert first == again == fresh
    assert re.findall(r'id="claim-row-(\d+)"', fresh) == [str(c.pk) for c in claims]


def test_a_step_shows_in_the_cached_row_at_once(
    reuse, client_for, reviewer, editor, article, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claims_queue_many(claim_ids=[claim.pk], actor=editor)
    client = client_for(reviewer)
    row = _rows(client.get("/queue/").content.decode())
    assert "Queued" in row and ">Take<" in row
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_take(claim=Claim.objects.get(pk=claim.pk), actor=editor)
    row = _rows(client.get("/queue/").content.decode())
    assert "In review" in row and "erin" in row and ">Take<" not in row


def test_rows_come_from_the_cache_in_one_call(
    reuse, client_for, reviewer, editor, article, monkeypatch
):
    for i in range(5):
        ClaimFactory(article=article, checkworthiness=0.5 + i / 100)
    client = client_for(editor)
    client.get("/queue/")
    calls = []
    real = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real(keys))
    html = client.get("/queue/").content.decode()
    row_calls = [keys for keys in calls if any(str(k).startswith("queue-row:") for k in keys)]
    assert len(row_calls) == 1 and len(row_calls[0]) == 5
    assert len(re.findall(r'id="claim-row-\d+"', html)) == 5


def test_cached_rows_are_not_read_whole(
    reuse, client_for, reviewer, editor, article, django_capture_on_commit_callbacks
):
    """With every row's HTML in the cache the page reads the rows' keys only; a step
    reads back the one row it changed; held rows name their holder without a query each."""
    claims = [ClaimFactory(article=article, checkworthiness=0.9 - i / 100) for i in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claims_queue_many(claim_ids=[c.pk for c in claims], actor=editor)
        for claim in claims[:10]:
            workflow.claim_take(claim=claim.pk, actor=editor)
    client = client_for(reviewer)
    client.get("/queue/")

    def whole_rows(queries) -> list:
        # A whole row joins the article's title; a key query selects no article column.
        return [q for q in queries if '"factcheck_article"."title"' in q["sql"]]

    with CaptureQueriesContext(connection) as warm:
        html = client.get("/queue/").content.decode()
    assert whole_rows(warm.captured_queries) == []
    assert len(re.findall(r'id="claim-row-\d+"', html)) == 30
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_release(claim=claims[0].pk, actor=editor)
    with CaptureQueriesContext(connection) as after:
        html = client.get("/queue/").content.decode()
    redrawn = whole_rows(after.captured_queries)
    assert len(redrawn) == 1 and f"IN ({claims[0].pk})" in redrawn[0]["sql"]
    # The step moved the claims generation: the row, and the navigation bar's count.
    assert len(after.captured_queries) == len(warm.captured_queries) + 2
    assert html.count(">erin<") >= 9


def _filter_form(client, query="") -> str:
    html = client.get(f"/queue/{query}").content.decode()
    start = html.index('<form id="queue-filters"')
    return html[start : html.index("</form>", start)]


def test_the_filter_form_is_reused_and_follows_filters_and_titles(
    reuse, client_for, editor, article, django_capture_on_commit_callbacks, monkeypatch
):
    ClaimFactory(article=article, checkworthiness=0.9)
    client = client_for(editor)
    first = _filter_form(client)
    assert article.title[:20] in first
    from factcheck.templatetags import review_queue

    # The article menu shortens each title (article_choices): not called when reused.
    monkeypatch.setattr(
        review_queue, "_shortened", lambda *a: pytest.fail("the form was drawn again")
    )
    assert _filter_form(client) == first  # reused: the article menu is not built again
    monkeypatch.undo()
    kind = _filter_form(client, "?kind=troops")
    assert '<option value="troops" selected>' in kind and kind != first
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "A <b>renamed</b> article"
        article.save()
    renamed = _filter_form(client)
    assert "A &lt;b&gt;renamed&lt;/b&gt; article" in renamed and "<b>" not in renamed


# --- the claim page's history ---------------------------------------------------------------


def test_the_claim_page_lists_the_newest_steps_and_offers_the_rest(
    client_for, reviewer, editor, article
):
    claim = ClaimFactory(article=article)
    workflow.claims_queue_many(claim_ids=[claim.pk], actor=editor)
    for _ in range(30):  # 60 steps more: take and release, as a busy queue does
        claim = workflow.claim_take(claim=Claim.objects.get(pk=claim.pk), actor=reviewer)
        claim = workflow.claim_release(claim=claim, actor=reviewer)
    total = ClaimEvent.objects.filter(claim=claim).count()
    assert total > HISTORY_SHOWN
    client = client_for(reviewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    history = html[html.index('id="history"') :]
    history = history[: history.index("</section>")]
    assert history.count("<li>") == HISTORY_SHOWN
    hidden = total - HISTORY_SHOWN
    assert f"The {hidden} earlier steps are not shown." in history
    assert f"/claims/{claim.pk}/?history=all#history" in history
    # The steps keep their numbers in the whole history: the first shown is hidden + 1.
    assert f'<ol class="timeline" start="{hidden + 1}">' in history
    last = ClaimEvent.objects.filter(claim=claim).order_by("-created_at", "-id").first()
    assert history.rstrip().endswith("</ol>")
    assert "released" in history.split("<li>")[-1].lower() or last.action in history

    everything = client.get(f"/claims/{claim.pk}/?history=all").content.decode()
    everything = everything[everything.index('id="history"') :]
    everything = everything[: everything.index("</section>")]
    assert everything.count("<li>") == total
    assert "not shown" not in everything
    assert '<ol class="timeline">' in everything
