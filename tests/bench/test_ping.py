"""The minimal logged-in page the benchmarks measure every page against."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bench_site")]


def test_ping_requires_login(client):
    response = client.get(reverse("ping"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_ping_greets_the_logged_in_user_with_escaping(
    client, django_user_model, django_assert_max_num_queries
):
    user = django_user_model.objects.create_user(username="<b>x</b>", password="pw-12345-xyz")
    client.force_login(user)
    # The session and the user, nothing more: it is the floor the other pages are held to.
    with django_assert_max_num_queries(2):
        response = client.get(reverse("ping"))
    assert response.status_code == 200
    assert b"pong &lt;b&gt;x&lt;/b&gt;" in response.content


def test_ping_is_get_only(client_for, reviewer):
    assert client_for(reviewer).post(reverse("ping")).status_code == 405


def test_the_product_has_no_ping_page(client_for, reviewer, settings):
    settings.ROOT_URLCONF = "factcheck.urls"
    assert client_for(reviewer).get("/ping/").status_code == 404
