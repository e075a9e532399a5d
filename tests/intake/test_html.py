"""factcheck.intake.html on five saved pages in the styles of different outlets.

Each page has the furniture real pages carry (menus, bylines, captions, related lists,
cookie notices, comments, ads, newsletters); none of it may reach the article body.
"""

import datetime

import pytest

from factcheck.importing import read_article
from factcheck.intake import IntakeError
from factcheck.intake.html import extract_page, looks_like_html
from tests.intake.conftest import FIXTURES

PAGES = {
    "ledger_broadsheet.html": {
        "title": "Army says 1,200 soldiers crossed the river near Karsk",
        "outlet": "The Daily Ledger",
        "published": datetime.date(2024, 3, 11),
        "url": "https://ledger.example/world/2024/03/11/karsk-river-crossing",
        "kept": [
            "1,200 soldiers had crossed the river near Karsk",
            '"We will hold the bridge until the spring," said General Ana Petrova',
            "Aid groups estimated that 3,500 people remained in the area.",
        ],
        "dropped": [
            "We use cookies",  # cookie notice
            "Subscribe from",  # menu
            "Europe correspondent",  # byline
            "Photograph: Ivan Sorel",  # caption
            "Ceasefire talks stall",  # related stories
            "Karsk: a town on the front line",  # inline "read more"
            "The numbers never add up",  # comments
            "Registered in England",  # footer
            "Share on Facebook",
        ],
    },
    "northwire_wire.html": {
        "title": "Ministry puts flood damage at $2.4 billion after week of rain",
        "outlet": "Northwire",
        "published": datetime.date(2023, 11, 2),
        "kept": [
            "VALDORA, Nov 2 (Northwire) - The finance ministry",
            "About 12,000 homes were flooded",
            "less than a fifth of the damaged property was insured.",
        ],
        "dropped": [
            "By Tomas Reyes and Lena Aho",  # byline
            "Reporting by Tomas Reyes",  # closing credit line
            "BRENT 84.12",  # market ticker
            "Trust Principles",
            "Oil steadies",  # more from
            "quotes delayed",
        ],
    },
    "flash_tabloid.html": {
        "title": "SHOCK AS COUNCIL SPENDS £3.2M ON NEW HQ WHILE LIBRARIES SHUT",
        "outlet": "The Evening Flash",
        "published": datetime.date(2022, 6, 14),
        "kept": [
            "A cash-strapped council has spent £3.2 million",
            "The five libraries cost about £410,000 a year",
            "Opposition councillors have called for an inquiry",
        ],
        "dropped": [
            "843 partners",  # consent overlay
            "ADVERTISEMENT",
            "By Danny Price",  # byline
            "(Image: Harbourside Council)",  # caption
            "Absolute scandal",  # embedded post
            "Sign up for our daily newsletter",
            "Star's secret wedding",  # most read
            "Typical. They always find money",  # comments
            "WhatsApp",
        ],
    },
    "meridian_broadcaster_cp1252.html": {
        "title": "Hospital waiting lists reach record 7.6 million",
        "outlet": "Radio Meridian",
        "published": datetime.date(2023, 9, 14),
        "kept": [
            "has risen to a record 7.6 million",
            "had “made a difficult situation harder”.",  # Windows-1252 quotes read right
            "The health service’s chief executive, Amanda Reilly",
        ],
        "dropped": [
            "Let us know you agree to cookies",
            "Listen to this article",
            "Health correspondent",
            "Image caption",
            "Related topics",
            "Hospitals\n",
            "Junior doctors announce new strike dates",
            "Live: storms",
        ],
    },
    "longform_magazine.html": {
        "title": "The grain that never left port: inside the export deal",
        "outlet": "Longform Review",
        "published": datetime.date(2021, 8, 30),
        "kept": [
            "20 million tonnes of grain would leave the southern ports",
            "61 ships were still waiting at anchor outside Port Selva",
            "speaking on condition of anonymity.",
        ],
        "dropped": [
            "Words by",
            "12 min read",
            "Photo: Jon Ekberg",  # caption
            "Become a member",  # membership appeal
            "contributing editor",  # author bio
            "How a port town learned",  # you might also like
            "Great reporting",  # comments
            "Leave a reply",
            "Proudly powered by WordPress",
        ],
    },
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_keeps_the_article_and_drops_the_furniture(name):
    expected = PAGES[name]
    draft = read_article((FIXTURES / name).read_bytes(), name)
    assert draft.title == expected["title"]
    assert draft.outlet == expected["outlet"]
    assert draft.published == expected["published"]
    if "url" in expected:
        assert draft.url == expected["url"]
    for text in expected["kept"]:
        assert text in draft.body, f"{name} lost: {text}"
    for text in expected["dropped"]:
        assert text not in draft.body, f"{name} kept furniture: {text}"
    assert not draft.body.startswith(expected["title"]), "headline repeated as text"
    assert "\n\n" in draft.body  # paragraphs, as the extractor expects them


def test_pull_quote_is_not_repeated():
    draft = read_article((FIXTURES / "longform_magazine.html").read_bytes(), "longform.html")
    assert draft.body.count("Every week the ships wait") == 1


def test_page_without_article_text_is_refused():
    html = (
        "<html><head><title>Front page</title></head><body><nav><a>World</a><a>Sport</a>"
        "</nav><div class='cookie'>We use cookies.</div></body></html>"
    )
    with pytest.raises(IntakeError, match="front.html: no article text found"):
        extract_page(html, "front.html")


def test_html_saved_as_txt_is_read_as_a_page_not_titled_html():
    data = (FIXTURES / "northwire_wire.html").read_bytes()
    draft = read_article(data, "saved.txt")
    assert draft.title.startswith("Ministry puts flood damage")
    assert "<" not in draft.title and "<html" not in draft.body


def test_very_long_page_title_is_shortened_with_a_note():
    long_title = "Breaking " + "news word " * 60
    html = (
        (FIXTURES / "northwire_wire.html")
        .read_text()
        .replace(
            "Ministry puts flood damage at $2.4 billion after week of rain - Northwire",
            long_title,
        )
    )
    html = html.replace(
        '<h1 class="headline">Ministry puts flood damage at $2.4 billion after week of rain</h1>',
        "",
    )
    draft = read_article(html.encode(), "long.html")
    assert len(draft.title) <= 500 and draft.title.endswith("…")
    assert any("shortened" in note for note in draft.notes)


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("<!DOCTYPE html><html>", True),
        ("  \n<html lang='en'>", True),
        ("<?xml version='1.0'?>\n<!-- saved --><html>", True),
        ("Title\n\n<html> is a tag, said the article.", False),
        ("Plain title\n\nBody", False),
    ],
)
def test_looks_like_html(text, is_html):
    assert looks_like_html(text) is is_html
