"""The quick stand-ins give what Django's own filters give (factcheck/templatetags/quick.py,
newsroom.when)."""

import datetime
import unicodedata

import pytest
from django.template import engines
from django.template.defaultfilters import truncatechars as django_truncatechars
from django.utils.dateformat import format as date_format

from factcheck.templatetags import newsroom, quick

TEXTS = [
    "",
    "abc",
    "exactly ten",
    "1,200 soldiers crossed the river at dawn",
    "Café in Kyiv",  # composed
    unicodedata.normalize("NFD", "Café in Kyiv"),  # decomposed: Django's composes it
    "a" * 119 + "é",
    "<b>bold</b> & more",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("limit", [0, 1, 5, 11, 12, 120, "x", -3])
def test_truncatechars_as_django(text, limit):
    assert quick.truncatechars(text, limit) == django_truncatechars(text, limit)


def test_templates_use_it_and_still_escape():
    template = engines["django"].from_string(
        "{{ text|truncatechars:8 }}|{{ long|truncatechars:8 }}"
    )
    assert template.render({"text": "<b>x</b>", "long": "<b>x</b> and more"}) == (
        "&lt;b&gt;x&lt;/b&gt;|&lt;b&gt;x&lt;/b…"
    )


@pytest.mark.parametrize("fmt", list(newsroom._QUICK_FORMATS))
@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 1, 5, 3, 7),
        datetime.datetime(2024, 12, 31, 23, 59),
        datetime.datetime(987, 6, 1, 0, 0),
    ],
)
def test_quick_dates_as_django(fmt, moment):
    assert newsroom._QUICK_FORMATS[fmt](moment) == date_format(moment, fmt)
