"""The verdict and correction forms show the scale as cards, each with what it means."""

from factcheck.forms import CorrectForm, VerdictForm
from factcheck.models import Rating


def test_verdict_form_renders_a_card_per_active_rating_with_its_description(db):
    Rating.objects.filter(slug="unverifiable").update(active=False)
    html = str(VerdictForm(auto_id="id_propose_%s")["rating"].as_field_group())
    assert "<select" not in html
    assert html.count('type="radio"') == Rating.objects.filter(active=True).count() == 5
    assert "<legend" in html  # a group of radios is a fieldset with its legend
    for rating in Rating.objects.filter(active=True):
        assert rating.description in html
        assert f"rating-swatch rating-{rating.slug}" in html
    assert "Unverifiable" not in html


def test_descriptions_are_escaped(db):
    Rating.objects.filter(slug="false").update(description="<b>not</b> accurate")
    html = str(CorrectForm()["rating"].as_field_group())
    assert "&lt;b&gt;not&lt;/b&gt; accurate" in html


def test_chosen_rating_stays_checked_after_an_error(db):
    rating = Rating.objects.get(slug="false")
    form = VerdictForm({"rating": rating.pk, "rationale": ""}, auto_id="id_propose_%s")
    assert not form.is_valid()
    html = str(form["rating"])
    assert f'value="{rating.pk}"' in html and "checked" in html
