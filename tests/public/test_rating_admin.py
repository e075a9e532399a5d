"""Editors manage the scale in the admin; an unreadable badge colour is refused with its ratio."""

from django.urls import reverse

from factcheck.models import Rating


def form_data(rating, **changes):
    data = {
        "label": rating.label,
        "slug": rating.slug,
        "value": rating.value or "",
        "colour": rating.colour,
        "description": rating.description,
        "order": rating.order,
        "active": "on",
    }
    data.update(changes)
    return data


def test_low_contrast_colour_is_refused_with_the_ratio(client_for, editor):
    rating = Rating.objects.get(slug="half-true")
    url = reverse("admin:factcheck_rating_change", args=[rating.pk])
    response = client_for(editor).post(url, form_data(rating, colour="#bf8700"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "contrast of 3.1:1" in html and "at least 4.5:1" in html
    rating.refresh_from_db()
    assert rating.colour == "#9a6700"


def test_readable_colour_is_saved(client_for, editor):
    rating = Rating.objects.get(slug="half-true")
    url = reverse("admin:factcheck_rating_change", args=[rating.pk])
    response = client_for(editor).post(url, form_data(rating, colour="#8A6100"))
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.colour == "#8a6100"


def test_list_and_form_show_the_measured_contrast(client_for, editor):
    client = client_for(editor)
    listing = client.get(reverse("admin:factcheck_rating_changelist")).content.decode()
    assert "4.9:1, readable" in listing
    rating = Rating.objects.get(slug="half-true")
    form = client.get(reverse("admin:factcheck_rating_change", args=[rating.pk])).content.decode()
    assert "4.9:1, readable" in form
