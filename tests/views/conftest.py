"""Fixtures for the view tests: claims on the shared article, driven through the workflow."""

import pytest

from factcheck.models import Rating
from tests.factories import ClaimFactory, drive


@pytest.fixture
def claim(article):
    return ClaimFactory(
        article=article,
        low=1200,
        high=1200,
        qualifier="exact",
        unit="soldiers",
        checkworthiness=0.9,
    )


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="false")


@pytest.fixture
def claim_in(claim, reviewer, editor):
    def make(status):
        return drive(claim, status, reviewer=reviewer, editor=editor)

    return make
