"""The newsroom's presentation rules: numbers, money, times, words for labels, mentions."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from factcheck.models import Claim, ClaimEvent
from factcheck.templatetags import newsroom
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("310000000"), "310 million"),
        (Decimal("1500000"), "1.5 million"),
        (Decimal("1250000000"), "1.25 billion"),
        (Decimal("1234567"), "1,234,567"),  # precise figures keep every digit
        (Decimal("2000"), "2,000"),
        (Decimal("3.500000"), "3.5"),
        (Decimal("0"), "0"),
        (None, ""),
    ],
)
def test_reader_number(value, expected):
    assert newsroom.reader_number(value) == expected


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (Decimal("310000000"), "$", "$310 million"),
        (Decimal("310000000"), "USD", "$310 million"),
        (Decimal("5000"), "£", "£5,000"),
        (Decimal("1200"), "soldiers", "1,200 soldiers"),
        (Decimal("14"), "per cent", "14 per cent"),
    ],
)
def test_amount_puts_currencies_first(value, unit, expected):
    assert newsroom.amount(value, unit) == expected


def test_values_line_reads_as_a_sentence():
    claim = Claim(low=Decimal("1200"), high=Decimal("1200"), qualifier="about", unit="soldiers")
    claim.date, claim.granularity, claim.speaker = "2024-03", "month", "General Petrova"
    assert (
        newsroom.values_line(claim) == "about 1,200 soldiers · March 2024 · said by General Petrova"
    )
    money = Claim(low=Decimal("300000000"), high=Decimal("310000000"), unit="$", qualifier="range")
    assert newsroom.values_line(money) == "$300 million–$310 million"


def test_claim_date_by_precision():
    assert (
        newsroom.claim_date(SimpleNamespace(date="2024-03-03", granularity="day")) == "3 March 2024"
    )
    assert newsroom.claim_date(SimpleNamespace(date="2024", granularity="year")) == "2024"
    assert newsroom.claim_date(SimpleNamespace(date="", granularity="")) == ""


def test_when_names_the_time_zone(settings):
    moment = datetime.datetime(2026, 12, 1, 14, 5, tzinfo=datetime.UTC)
    html = str(newsroom.when(moment))
    assert html == '<time datetime="2026-12-01T14:05:00+00:00">1 Dec 2026, 14:05 UTC</time>'


@pytest.mark.parametrize(
    "score, word", [(0.91, "high"), (0.7, "high"), (0.49, "medium"), (0.12, "low")]
)
def test_worthiness_in_words_with_the_number_on_hover(score, word):
    html = str(newsroom.worthiness(score))
    assert f">{word}</span>" in html
    assert f'title="Check-worthiness score {score:.2f}"' in html


def test_entity_labels_in_words():
    assert newsroom.entity_label("GPE") == "place"
    assert newsroom.entity_label("NORP") == "nationality or group"
    assert newsroom.entity_label("ORG") == "organisation"
    assert newsroom.entity_label("SOMETHING_NEW") == "something new"


@pytest.mark.django_db
def test_history_lines_are_sentences_with_the_rating_chosen():
    rita = ReviewerFactory(username="rita")
    erin = EditorFactory(username="erin")
    claim = ClaimFactory()

    def sentence(action, actor, **data):
        event = ClaimEvent(claim=claim, actor=actor, action=action, data=data)
        return newsroom.event_sentence(event)

    assert sentence("take", rita) == "Rita took it"
    assert sentence("approve", erin, rating="mostly-true") == (
        "Erin approved and published it: Mostly true"
    )
    assert sentence("assign", erin, assignee="rita") == "Erin assigned it to rita"
    assert sentence("queue", erin) == "Erin queued it"


@pytest.mark.django_db
def test_mentions_link_known_reviewers_and_escape_everything_else():
    ReviewerFactory(username="rita")
    EditorFactory(username="erin")
    out = Template("{% load newsroom %}{{ body|mentions|linebreaks }}").render(
        Context({"body": "<b>@rita</b> & @Erin: ask @nobody, or x@rita.org\nthanks"})
    )
    assert '&lt;b&gt;<a class="mention" href="/people/rita/">@rita</a>&lt;/b&gt;' in out
    assert '<a class="mention" href="/people/erin/">@Erin</a>' in out
    assert "&amp;" in out and "<b>" not in out
    assert "@nobody" in out and "/people/nobody/" not in out
    assert "x@rita.org" in out  # an email address is not a mention
    assert "<br>" in out


@pytest.mark.django_db
def test_people_outside_the_desk_are_not_mentionable(django_user_model):
    django_user_model.objects.create_user("olga")
    out = str(newsroom.mentions("hi @olga"))
    assert out == "hi @olga"
