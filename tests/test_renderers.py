"""Forms are drawn with Jinja2 (factcheck/renderers.py), the admin's own widgets with
Django's template language; both escape what people typed."""

import pytest
from django import forms

from factcheck.forms import rating_field
from factcheck.models import Rating
from factcheck.renderers import FormRenderer
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
