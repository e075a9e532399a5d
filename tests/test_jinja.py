"""The pages drawn with Jinja2 (factcheck/jinja.py) escape, link and fail soft as the
pages in Django's template language do."""

import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.translation import gettext_lazy
from markupsafe import Markup

from factcheck import jinja

pytestmark = pytest.mark.django_db

TRICKY = """<script>alert('x')</script> & "quotes" """


def _render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_values_are_escaped_as_django_escapes_them():
    assert _render("{{ v }}", v=TRICKY) == str(escape(TRICKY))
    assert "&#x27;" in _render("{{ v }}", v="it's")  # Django's form, not markupsafe's &#39;


@pytest.mark.parametrize(
    "value",
    [TRICKY, "", "plain", 12, 1.5, None, ["<x>"], gettext_lazy("Claims"), Markup("<b>m</b>")],
)
def test_escape_value_is_djangos_conditional_escape(value):
    assert jinja.escape_value(value) == conditional_escape(value)
    assert type(jinja.escape_value(value)) is type(conditional_escape(value))


def test_safe_strings_stay_safe_and_filters_escape():
    from django.utils.safestring import mark_safe

    assert _render("{{ v }}", v=mark_safe("<b>ok</b>")) == "<b>ok</b>"
    assert _render("{{ v|linebreaksbr }}", v="<i>\nx") == "&lt;i&gt;<br>x"
    assert _render("{{ v|truncatechars(5) }}", v="<abcdefgh>") == "&lt;abc…"


def test_a_missing_name_or_attribute_is_empty_as_in_django_templates():
    assert (
        _render("[{{ nothing }}][{{ nothing.at.all }}][{% if forms.edit %}x{% endif %}]")
        == "[][][]"
    )


def test_url_reverses_each_route_once_and_follows_the_routes():
    jinja._reverse.cache_clear()
    assert jinja.url("claim", 5) == "/claims/5/"
    assert jinja.url("claim", 5) == "/claims/5/"
    assert jinja._reverse.cache_info().hits == 1
    with override_settings(FORCE_SCRIPT_NAME="/desk/"):
        from django.urls import set_script_prefix

        set_script_prefix("/desk/")
        try:
            assert jinja.url("claim", 5) == "/desk/claims/5/"
        finally:
            set_script_prefix("/")


def test_one_csrf_token_per_page():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = (
        engines["jinja2"]
        .from_string("{{ csrf_input }}|{{ csrf_input }}|{{ csrf_token }}")
        .render({}, request)
    )
    first, second, token = html.split("|")
    assert first == second and f'value="{token}"' in first


def test_a_django_template_draws_a_jinja_part_with_its_context():
    request = RequestFactory().get("/")
    html = Template('{% load jinja_parts %}{% jinja "claims/_find_words.jinja" %}').render(
        Context({"article": type("A", (), {"pk": 3})(), "words": '<"x">', "request": request})
    )
    assert f'action="{reverse("claim_new", args=[3])}"' in html
    assert 'value="&lt;&quot;x&quot;&gt;"' in html
