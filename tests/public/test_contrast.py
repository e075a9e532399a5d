"""WCAG contrast of white badge text, and the seeded scale after the colour migration."""

import pytest

from factcheck.contrast import MIN_CONTRAST, contrast_ratio, darker_passing
from factcheck.models import Rating


def test_known_ratios():
    assert contrast_ratio("#000000") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff") == pytest.approx(1.0)
    assert round(contrast_ratio("#bf8700"), 1) == 3.1  # the old "Half true"


def test_darker_passing_keeps_passing_colours_and_darkens_the_rest():
    assert darker_passing("#1a7f37") == "#1a7f37"
    fixed = darker_passing("#bf8700")
    assert contrast_ratio(fixed) >= MIN_CONTRAST
    assert fixed != "#bf8700"


def test_every_seeded_rating_is_readable(db):
    for rating in Rating.objects.all():
        assert contrast_ratio(rating.colour) >= MIN_CONTRAST, rating.label
