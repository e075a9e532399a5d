"""The review queue page: filters in the URL, counts, keyset pages, HTMX fragments, a fixed
number of queries, "Next claim" and editors' triage."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import workflow
from factcheck.models import Claim, ClaimEvent
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

QUEUE = "/queue/"


def make_claims(article, n, *, editor=None, status="new"):
    claims = [
        ClaimFactory(
            article=article,
            checkworthiness=round(0.2 + 0.7 * i / max(n, 1), 3),
            text=f"Claim number {i} about the river",
            span="1,200 soldiers",
        )
        for i in range(n)
    ]
    if status == "queued":
        workflow.claims_queue_many(claim_ids=[c.pk for c in claims], actor=editor)
    return claims


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="claim-row-(\d+)"', html)]


def test_queue_requires_login_and_a_role(client, client_for, outsider, article):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client_for(outsider).get(QUEUE).status_code == 403


def test_queue_lists_claims_with_their_columns(client_for, reviewer, editor, article):
    claim = ClaimFactory(
        article=article,
        low=1200,
        high=1200,
        qualifier="about",
        unit="soldiers",
        checkworthiness=0.87,
        text="The army said 1,200 soldiers crossed.",
    )
    workflow.claim_queue(claim=claim, actor=editor)
    html = client_for(reviewer).get(QUEUE).content.decode()
    row = html[html.index(f'id="claim-row-{claim.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Troops" in row
    assert "about 1,200 soldiers" in row
    assert article.title in row and "Test Wire" in row
    assert "0.87" in row
    assert "Queued" in row
    assert ">Take</button>" in row
    # Everyone ticks claims for bulk steps; reviewers are offered only release and export.
    assert 'name="claims"' in html and 'value="assign"' not in html
    assert 'value="release"' in html
    assert 'value="assign"' in client_for(editor).get(QUEUE).content.decode()


def test_filters_live_in_the_url_and_counts_follow_the_other_filters(
    client_for, reviewer, editor, article
):
    queued = make_claims(article, 3, editor=editor, status="queued")
    make_claims(article, 2)  # new
    quote = ClaimFactory(
        article=article, kind="quote", span="We will hold the bridge", speaker="Ana Petrova"
    )
    workflow.claim_take(claim=queued[0], actor=reviewer)
    client = client_for(reviewer)

    html = client.get(QUEUE, {"status": "queued"}).content.decode()
    assert sorted(row_ids(html)) == sorted(c.pk for c in queued[1:])
    assert re.search(r'id="count-queued">2<', html)
    assert re.search(r'id="count-new">3<', html)  # counts ignore the status filter
    assert re.search(r'id="count-in_review">1<', html)
    assert '<option value="queued" selected>' in html

    assert row_ids(client.get(QUEUE, {"assignee": "mine"}).content.decode()) == [queued[0].pk]
    assert row_ids(client.get(QUEUE, {"q": "petrova"}).content.decode()) == [quote.pk]
    assert row_ids(client.get(QUEUE, {"kind": "quote"}).content.decode()) == [quote.pk]
    assert row_ids(client.get(QUEUE, {"outlet": "nowhere"}).content.decode()) == []
    html = client.get(QUEUE, {"article": article.pk, "kind": "quote"}).content.decode()
    # The counts link to the same filters with that status.
    assert f'href="/queue/?status=new&amp;kind=quote&amp;article={article.pk}"' in html


def test_a_search_with_too_many_matches_to_count_says_so(
    client_for, reviewer, editor, article, monkeypatch
):
    """A text search counts up to SEARCH_COUNT_LIMIT matches: past it the page says how
    many it counted, leaves the statuses uncounted and says how to narrow the search; the
    rows are the matches' first page all the same."""
    from factcheck import queue

    monkeypatch.setattr(queue, "SEARCH_COUNT_LIMIT", 3)
    make_claims(article, 3, editor=editor, status="queued")  # "... about the river"
    make_claims(article, 2)
    ClaimFactory(article=article, text="Nothing of the kind here")
    client = client_for(reviewer)

    html = client.get(QUEUE, {"q": "river"}).content.decode()
    assert len(row_ids(html)) == 5
    assert 'All <span class="count">3+</span>' in html
    assert 'id="count-queued"' not in html
    assert "More than 3 claims match this search, too many to count by status." in html
    assert "Add words or filters to narrow it." in html

    html = client.get(QUEUE, {"q": "river", "status": "new"}).content.decode()
    assert len(row_ids(html)) == 2 and "3+" in html  # the counts ignore the status filter

    html = client.get(QUEUE, {"q": "number 1 about"}).content.decode()  # 2 claims
    assert re.search(r'id="count-queued">1<', html) and re.search(r'id="count-new">1<', html)
    assert "too many to count" not in html


def test_bad_filter_values_are_named_not_crashed_on(client_for, reviewer, article):
    html = (
        client_for(reviewer)
        .get(QUEUE, {"status": "lost", "article": "abc", "after": "garbage"})
        .content.decode()
    )
    assert "Unknown status &#x27;lost&#x27;" in html
    assert "is not an article number" in html
    assert "That page link is broken" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "bridge\x00"}, "The search text &#x27;bridge\\x00&#x27; contains a control"),
        ({"outlet": "\x00"}, "The outlet &#x27;\\x00&#x27; contains a control character"),
        ({"article": "\u00b2"}, "Article &#x27;\u00b2&#x27; is not an article number"),
        ({"article": "\u0663"}, "Article &#x27;\u0663&#x27; is not an article number"),
        ({"article": "9" * 30}, "is not an article number"),
    ],
)
def test_values_the_database_cannot_take_are_named_not_a_500(
    client_for, reviewer, article, params, message
):
    # On PostgreSQL a NUL in a query was a 500; "²".isdigit() is True but int("²") fails.
    response = client_for(reviewer).get(QUEUE, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_keyset_pagination_walks_every_claim_once(client_for, reviewer, editor, article):
    claims = make_claims(article, 60, editor=editor, status="queued")
    client = client_for(reviewer)
    html = client.get(QUEUE, {"status": "queued"}).content.decode()
    first = row_ids(html)
    assert len(first) == 50
    link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    second_html = client.get(link).content.decode()
    second = row_ids(second_html)
    assert len(second) == 10 and 'rel="next"' not in second_html
    assert sorted(first + second) == sorted(c.pk for c in claims)
    ranked = sorted(claims, key=lambda c: (-c.checkworthiness, c.pk))
    assert first + second == [c.pk for c in ranked]


def test_htmx_request_gets_the_results_fragment_that_polls_with_the_same_filters(
    client_for, reviewer, article
):
    make_claims(article, 2)
    client = client_for(reviewer)
    response = client.get(QUEUE, {"status": "new", "sort": "age"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "queue-filters" not in html
    assert html.strip().startswith('<div id="queue-results"')
    assert 'hx-get="/queue/?status=new&amp;sort=age"' in html
    assert 'hx-trigger="every 20s"' in html
    assert "HX-Request" in response["Vary"]
    # A history restore (back button, empty htmx cache) wants the whole page.
    restore = client.get(
        QUEUE,
        {"status": "new"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert b"<html" in restore.content


def test_export_links_carry_the_filters(client_for, reviewer, article):
    html = (
        client_for(reviewer)
        .get(QUEUE, {"status": "published", "article": article.pk, "outlet": "Test Wire"})
        .content.decode()
    )
    export = reverse("export")
    for fmt in ("csv", "json", "claimreview"):
        assert (
            f'href="{export}?format={fmt}&amp;status=published&amp;article={article.pk}'
            f'&amp;outlet=Test+Wire"'
        ) in html


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_queue_runs_a_fixed_number_of_queries(
    request, client_for, role, reviewer, editor, article, django_assert_num_queries
):
    """5 claims or 60 claims (some held, some published): the same number of queries."""
    user = request.getfixturevalue(role)
    client = client_for(user)
    claims = make_claims(article, 5, editor=editor, status="queued")
    workflow.claim_take(claim=claims[0], actor=reviewer)
    client.get(QUEUE)  # session and permission caches warm like any later page
    fragment = {"status": "queued", "q": "river"}, {"HX-Request": "true"}
    with CaptureQueriesContext(connection) as small:
        assert client.get(QUEUE).status_code == 200
    with CaptureQueriesContext(connection) as small_fragment:
        client.get(QUEUE, fragment[0], headers=fragment[1])
    more = make_claims(article, 55, editor=editor, status="queued")
    for claim in more[:5]:
        workflow.claim_take(claim=claim, actor=reviewer)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(QUEUE).content.decode()
    assert len(row_ids(html)) == 50
    with django_assert_num_queries(len(small_fragment.captured_queries)):
        html = client.get(QUEUE, fragment[0], headers=fragment[1]).content.decode()
    assert len(row_ids(html)) == 50
    assert len(small.captured_queries) <= 10


def test_next_claim_takes_the_best_ranked_free_claim(client_for, reviewer, editor, article):
    claims = make_claims(article, 3, editor=editor, status="queued")
    best = max(claims, key=lambda c: c.checkworthiness)
    response = client_for(reviewer).post(reverse("queue_next"))
    assert response.status_code == 302 and response["Location"] == best.get_absolute_url()
    best.refresh_from_db()
    assert best.status == Claim.Status.IN_REVIEW and best.assignee == reviewer


def test_next_claim_on_an_empty_queue_says_so(client_for, reviewer):
    client = client_for(reviewer)
    response = client.post(reverse("queue_next"), {"next": "/queue/?kind=quote"}, follow=True)
    assert response.redirect_chain[-1][0] == "/queue/?kind=quote"
    assert b"No free claims in the queue right now." in response.content


def test_next_claim_over_htmx_redirects_the_page(client_for, reviewer, editor, article):
    (claim,) = make_claims(article, 1, editor=editor, status="queued")
    response = client_for(reviewer).post(reverse("queue_next"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == claim.get_absolute_url()


def test_next_claim_next_parameter_cannot_leave_the_site(client_for, reviewer):
    response = client_for(reviewer).post(reverse("queue_next"), {"next": "https://evil.example/"})
    assert response["Location"] == "/queue/"


def test_outsider_cannot_take_the_next_claim(client_for, outsider, editor, article):
    (claim,) = make_claims(article, 1, editor=editor, status="queued")
    response = client_for(outsider).post(reverse("queue_next"))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.QUEUED


def test_take_button_in_a_row_takes_that_claim(client_for, reviewer, editor, article):
    claims = make_claims(article, 2, editor=editor, status="queued")
    target = min(claims, key=lambda c: c.checkworthiness)
    target.refresh_from_db()
    client = client_for(reviewer)
    html = client.get(QUEUE).content.decode()
    assert f'formaction="/claims/{target.pk}/take/" name="version" value="{target.version}"' in html
    response = client.post(
        reverse("claim_action", args=[target.pk, "take"]), {"version": target.version}
    )
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    target.refresh_from_db()
    assert target.assignee == reviewer


def test_editor_triages_many_claims(client_for, editor, article):
    claims = make_claims(article, 4)
    client = client_for(editor)
    response = client.post(
        reverse("queue_triage"),
        {"claims": [claims[0].pk, claims[1].pk], "action": "queue", "next": "/queue/?status=new"},
    )
    assert response.status_code == 302 and response["Location"] == "/queue/?status=new"
    response = client.post(
        reverse("queue_triage"),
        {
            "claims": [claims[1].pk, claims[2].pk, claims[3].pk],
            "action": "dismiss",
            "reason": "Opinion, not a fact",
        },
        follow=True,
    )
    assert b"Dismissed 3 claims." in response.content
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses == {
        claims[0].pk: "queued",
        claims[1].pk: "dismissed",
        claims[2].pk: "dismissed",
        claims[3].pk: "dismissed",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "queue"}, b"Select at least one claim."),
        (
            {"claims": ["1"], "action": "dismiss", "reason": " "},
            b"Give a reason for dismissing the selected claims.",
        ),
        ({"claims": ["1"], "action": "explode"}, b"Unknown triage action"),
        ({"claims": ["x"], "action": "queue"}, b"Claim ids are numbers"),
    ],
)
def test_triage_bad_input_is_named(client_for, editor, article, data, message):
    make_claims(article, 1)
    before = ClaimEvent.objects.count()
    response = client_for(editor).post(
        reverse("queue_triage"), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert message in response.content
    assert response["HX-Retarget"] == "#flash"
    assert ClaimEvent.objects.count() == before


def test_reviewers_cannot_triage(client_for, reviewer, article):
    claims = make_claims(article, 2)
    response = client_for(reviewer).post(
        reverse("queue_triage"), {"claims": [c.pk for c in claims], "action": "queue"}
    )
    assert response.status_code == 403
    assert b"Only editors may triage claims." in response.content
    assert set(Claim.objects.values_list("status", flat=True)) == {"new"}
    assert ClaimEvent.objects.count() == 0


def test_nav_links_to_the_queue_for_reviewers_only(client_for, reviewer, outsider):
    assert b'href="/queue/">Queue</a>' in client_for(reviewer).get("/").content
    assert b'href="/queue/">Queue</a>' not in client_for(outsider).get("/").content


def test_article_filter_offers_the_articles_in_view_not_every_article(
    client_for, reviewer, article
):
    from factcheck.models import Article

    for i in range(30):
        Article.objects.create(
            title=f"Unrelated {i}", body="b", raw_text="b", content_hash=f"{i:064d}"
        )
    claim = ClaimFactory(article=article)
    client = client_for(reviewer)
    html = client.get(QUEUE, {"kind": "troops"}).content.decode()
    select = html[
        html.index('id="filter-article"') : html.index(
            "</select>", html.index('id="filter-article"')
        )
    ]
    assert f'<option value="{article.pk}">' in select and "Unrelated" not in select
    row = html[html.index(f'id="claim-row-{claim.pk}"') :]
    assert f'href="/queue/?kind=troops&amp;article={article.pk}"' in row  # "only this article"
    filtered = client.get(QUEUE, {"article": article.pk, "status": "dismissed"}).content.decode()
    assert f'<option value="{article.pk}" selected>' in filtered  # even with no rows shown
