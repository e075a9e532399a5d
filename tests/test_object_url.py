"""object_url: a model's page address, the same as reverse() gives, under any script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from factcheck.models import Article, Claim, Story, object_url


@pytest.mark.parametrize("name", ["claim", "article", "story"])
@pytest.mark.parametrize("pk", [1, 7, 42, 987654, 2**40])
def test_same_as_reverse(name, pk):
    assert object_url(name, pk) == reverse(name, args=[pk])


def test_follows_the_script_prefix():
    try:
        set_script_prefix("/desk/")
        assert object_url("claim", 5) == reverse("claim", args=[5]) == "/desk/claims/5/"
    finally:
        set_script_prefix("/")
    assert object_url("claim", 5) == "/claims/5/"


def test_models_use_it():
    assert Claim(pk=3).get_absolute_url() == reverse("claim", args=[3])
    assert Article(pk=4).get_absolute_url() == reverse("article", args=[4])
    assert Story(pk=5).get_absolute_url() == reverse("story", args=[5])


def test_kind_and_status_in_words():
    claim = Claim(kind="casualties", status="in_review")
    assert (claim.get_kind_display(), claim.get_status_display()) == ("Casualties", "In review")
    assert Claim(kind="unknown-kind").get_kind_display() == "unknown-kind"
