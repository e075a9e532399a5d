"""Forms are drawn with Jinja2 (factcheck/renderers.py), the commonest templates written
out in Python, the admin's own widgets with Django's template language; all of them
escape what people typed."""

import pytest
from django import forms

from factcheck import renderers
from factcheck.forms import rating_field
from factcheck.models import Rating
from factcheck.renderers import DRAWN, FormRenderer
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


class RatingForm(forms.Form):
    rating = rating_field()
    note = forms.CharField(max_length=5)


def test_the_rating_cards_are_drawn_and_escape_the_scale():
    Rating.objects.update(active=False)
    rating = Rating.objects.create(
        label="<b>Bold</b>", slug="bold", value=3, description='Says "<script>x</script>"'
    )
    html = str(RatingForm()["rating"])
    assert 'class="rating-cards"' in html
    assert f'value="{rating.pk}"' in html and 'class="rating-swatch rating-bold"' in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_errors_and_values_are_escaped():
    form = RatingForm(data={"note": '<img src=x onerror="y">'})
    html = str(form["note"]) + str(form["note"].errors)
    assert "<img" not in html and "&lt;img" in html
    assert "Ensure this value has at most 5 characters" in html


def test_a_template_only_the_admin_has_falls_back_to_django_templates():
    renderer = FormRenderer()
    assert type(renderer.get_template("django/forms/widgets/text.html")).__module__.endswith(
        "jinja2"
    )
    admin_widget = renderer.get_template("admin/widgets/related_widget_wrapper.html")
    assert type(admin_widget).__module__.endswith("django")


def test_the_admin_claim_page_draws_its_widgets(admin_client, article):
    claim = ClaimFactory(article=article)
    response = admin_client.get(f"/admin/factcheck/claim/{claim.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="speaker"' in html and '<select name="kind"' in html
    assert 'class="vTextField"' in html


# --- the templates written out in Python (renderers.DRAWN) -----------------------------------


def _app_forms():
    """Every form class of the app (the admin's are drawn by the admin's templates)."""
    import inspect

    import factcheck.forms
    import factcheck.intake.forms
    import factcheck.stories.forms

    for module in (factcheck.forms, factcheck.intake.forms, factcheck.stories.forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.Form) and cls.__module__ == module.__name__:
                yield cls


class OddForm(forms.Form):
    """What the app's forms do not use yet: attributes that are False or True, groups of
    options, help text, a label without a tag, a field drawn in a fieldset."""

    flags = forms.CharField(
        help_text="Help <b>in bold</b>", widget=forms.TextInput(attrs={"off": False, "on": True})
    )
    grouped = forms.ChoiceField(
        choices=[("Near <east>", [("a", "A & a"), ("b", "B")]), ("c", '"C"')], required=False
    )
    picked = forms.MultipleChoiceField(choices=[("1", "One")], widget=forms.CheckboxSelectMultiple)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), label="Pass?")
    count = forms.IntegerField(label_suffix=":", initial=3)


def _drawn(form) -> str:
    """The form drawn every way a page draws it: whole, field by field, hidden fields,
    labels and error lists."""
    parts = [str(form), str(form.non_field_errors())]
    for field in form:
        parts += [field.as_field_group(), str(field), str(field.errors), field.label_tag()]
        parts.append(field.legend_tag())
    return "\n".join(parts)


def _both_ways(make, monkeypatch) -> tuple[str, str]:
    monkeypatch.setattr(FormRenderer, "draw_directly", True)
    written = _drawn(make())
    monkeypatch.setattr(FormRenderer, "draw_directly", False)
    templated = _drawn(make())
    return written, templated


@pytest.mark.parametrize("cls", [*_app_forms(), OddForm], ids=lambda cls: cls.__qualname__)
def test_the_written_out_templates_draw_every_form_as_the_templates_do(cls, monkeypatch):
    Rating.objects.create(
        label='<i>"Half"</i> true', slug="half", value=2, description="Part & parcel <b>"
    )
    Rating.objects.create(label="No description", slug="bare", value=1, description="")
    tricky = "<script>\"x\" & 'y'</script>"
    data = dict.fromkeys(cls.base_fields, tricky)
    states = {
        "blank": lambda: cls(),
        "initial": lambda: cls(initial=dict(data)),
        "errors": lambda: cls(data={}),
        "typed": lambda: cls(data=dict(data)),
        "prefixed": lambda: cls(data=dict(data), prefix="p", auto_id="x_%s"),
        "no ids": lambda: cls(auto_id=False),
    }
    for state, make in states.items():
        form = make()
        form.is_bound and form.is_valid()
        written, templated = _both_ways(make, monkeypatch)
        assert written == templated, f"{cls.__qualname__}, {state}"
        assert "<script>" not in written


def test_the_app_draws_every_written_out_template_directly():
    from django.forms.renderers import get_default_renderer

    assert get_default_renderer().drawn.keys() == DRAWN.keys()


def test_a_template_found_elsewhere_than_its_written_out_source_is_rendered(monkeypatch, tmp_path):
    monkeypatch.setattr(renderers, "WRITTEN_FROM", (tmp_path,))
    renderer = FormRenderer()
    assert renderer.drawn == {}
    html = forms.Textarea().render("note", "a < b", renderer=renderer)
    assert html == '<textarea name="note" cols="40" rows="10">\na &lt; b</textarea>'


def test_the_verdict_scale_is_read_with_one_plain_query_per_form():
    """A model choice field's options come from one ordinary query (Django's own iterator
    opens a server-side cursor on PostgreSQL: DECLARE, FETCH, CLOSE), and a form drawn
    twice asks once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    form = RatingForm()
    with CaptureQueriesContext(connection) as queries:
        first, second = str(form["rating"]), str(form["rating"])
    assert first == second and 'class="rating-cards"' in first
    assert len(queries) == 1
    assert "DECLARE" not in queries[0]["sql"] and "factcheck_rating" in queries[0]["sql"]
    assert len(form.fields["rating"].choices) == Rating.objects.filter(active=True).count()
