"""Login, the article list and the article page: login required, text escaped."""

import pytest
from django.urls import reverse

from factcheck.models import Article

pytestmark = pytest.mark.django_db


def test_pages_require_login(client, article):
    for url in ("/", article.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_htmx_request_without_session_gets_hx_redirect(client, article):
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_login_then_home_lists_articles(client, editor, article):
    response = client.post(reverse("login"), {"username": "erin", "password": "erin-pw-12345"})
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert article.title.encode() in page.content
    assert b"Test Wire" in page.content


def test_article_page_escapes_text(client_for, reviewer):
    article = Article.objects.create(
        title="<script>alert(1)</script>",
        body="<img src=x onerror=alert(2)>",
        raw_text="x",
        content_hash="x" * 64,
    )
    content = client_for(reviewer).get(article.get_absolute_url()).content
    assert b"<script>alert(1)" not in content and b"<img src=x" not in content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_home_query_count_does_not_grow_with_articles(
    client_for, reviewer, django_assert_max_num_queries
):
    for i in range(30):
        Article.objects.create(title=f"T{i}", body="b", raw_text="b", content_hash=f"{i:064d}")
    client = client_for(reviewer)
    with django_assert_max_num_queries(7):  # session, user, perms x2, nav counts, count, page
        assert client.get("/").status_code == 200


def test_logout_is_a_post(client_for, reviewer):
    client = client_for(reviewer)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("debug", [True, False])
def test_htmx_errors_render_in_place_in_every_mode(client_for, reviewer, settings, debug):
    # {% htmx_script %} adds django-htmx's debug handler when DEBUG is on; it replaces the
    # whole page with a 400/403 fragment, unstyled, instead of letting app.js show it in
    # place. The page loads htmx itself, so DEBUG changes nothing.
    settings.DEBUG = debug
    html = client_for(reviewer).get("/").content.decode()
    assert "django_htmx/htmx-2.min.js" in html
    assert "django-htmx.js" not in html
    assert 'src="/static/js/app.js"' in html
