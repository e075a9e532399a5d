"""How the newsroom reads things: one implementation of each presentation rule.

Numbers and money as a reader writes them ("$310 million"), times with their time zone,
check-worthiness in words, entity labels in words, history lines as sentences, and
@mentions linked to the people they name. Everything a user typed is escaped.
"""

import functools
from decimal import Decimal, InvalidOperation

from django import template
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS_3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# --- people -----------------------------------------------------------------------------------


@register.filter
def person(user) -> str:
    """A user as colleagues call them: the full name if there is one, else the username."""
    if user is None or user == "":
        return "the system"
    if isinstance(user, str):
        return user
    return (user.get_full_name() or "").strip() or user.get_username()


# --- numbers and money ------------------------------------------------------------------------

SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)
# Currencies written before the number; anything else is a unit written after it.
CURRENCY_PREFIX = {"$": "$", "us$": "US$", "usd": "$", "£": "£", "gbp": "£", "€": "€", "eur": "€"}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _plain(value: Decimal) -> str:
    """1,200 / 3.5 / 0.25: thousands separated, no trailing zeros."""
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}".rstrip("0").rstrip(".")


@register.filter
def reader_number(value) -> str:
    """A number as a reader writes it: 1,200; 310 million; 1.25 billion.

    Millions and above are written in words only when that loses nothing (a precise
    figure such as 1,234,567 keeps every digit: the checker compares it with a source).
    """
    number = _decimal(value)
    if number is None:
        return ""
    sign = "-" if number < 0 else ""
    number = abs(number)
    for size, word in SCALES:
        if number >= size:
            scaled = (number / size).normalize()
            exponent = scaled.as_tuple().exponent
            if isinstance(exponent, int) and exponent >= -2:
                return f"{sign}{_plain(scaled)} {word}"
            break
    return sign + _plain(number)


@register.filter
def amount(value, unit="") -> str:
    """A figure with its unit: "$310 million", "1,200 soldiers", "14 per cent"."""
    text = reader_number(value)
    if not text:
        return ""
    unit = (unit or "").strip()
    prefix = CURRENCY_PREFIX.get(unit.lower())
    if prefix:
        return f"{text[0] if text.startswith('-') else ''}{prefix}{text.lstrip('-')}"
    return f"{text} {unit}".strip()


def figure_text(claim) -> str:
    """The claim's figure in words: "about 1,200 soldiers", "$300–310 million"."""
    low, high = _decimal(claim.low), _decimal(claim.high)
    if low is None and high is None:
        return ""
    unit = claim.unit or ""
    if low is not None and high is not None and low != high:
        # "$300 million–$310 million" reads worse than "$300–310 million" only when the
        # scale word matches; keep it simple and exact: both ends in full.
        figure = f"{amount(low, unit)}–{amount(high, unit)}"
        if not CURRENCY_PREFIX.get(unit.lower()) and unit:
            figure = f"{reader_number(low)}–{reader_number(high)} {unit}"
    else:
        figure = amount(low if low is not None else high, unit)
    qualifier = (
        claim.get_qualifier_display() if claim.qualifier not in ("", "exact", "range") else ""
    )
    return " ".join(part for part in (qualifier, figure) if part)


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@register.filter
def claim_date(claim) -> str:
    """The claim's date as precise as the article: "3 March 2024", "March 2024", "2024"."""
    text = getattr(claim, "date", "") or ""
    parts = text.split("-")
    try:
        if len(parts) == 3:
            words = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        elif len(parts) == 2:
            words = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        else:
            words = text
    except (ValueError, IndexError):
        words = text
    if words and getattr(claim, "granularity", "") == "part_of_month":
        words += " (part of the month)"
    return words


@register.filter
def values_line(claim) -> str:
    """The claim's values in a few words: "about 1,200 soldiers · March 2024 · said by X"."""
    parts = [figure_text(claim), claim_date(claim)]
    if claim.speaker:
        parts.append(f"said by {claim.speaker}")
    return " · ".join(part for part in parts if part)


# --- times --------------------------------------------------------------------------------------


# The formats pages use, written out (Django's date formatting reads the format letter by
# letter on every call; a history or a list of verdicts calls it for every line). Each
# gives what date_format gives: "M" is Django's own month abbreviation, translated (once
# per language: a lazy translation looks the language up on every use).
@functools.cache
def _month_3(language: str, month: int) -> str:
    return str(MONTHS_3[month]).title()


def _month(d) -> str:
    return _month_3(translation.get_language(), d.month)


_QUICK_FORMATS = {
    "j M Y, H:i": lambda d: f"{d.day} {_month(d)} {d.year:04d}, {d:%H:%M}",
    "j M, H:i": lambda d: f"{d.day} {_month(d)}, {d:%H:%M}",
    "H:i": lambda d: f"{d:%H:%M}",
}


@register.filter
def when(value, fmt="j M Y, H:i") -> SafeString | str:
    """A <time> with the moment in the site's time zone, the zone named: "3 Dec 2026, 14:05 UTC"."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    quick = _QUICK_FORMATS.get(fmt)
    shown = quick(local) if quick else date_format(local, fmt)
    # isoformat() writes digits, signs, T and colons only; the rest is escaped.
    zone = escape(local.tzname() or "")
    return mark_safe(f'<time datetime="{value.isoformat()}">{escape(shown)} {zone}</time>')  # noqa: S308


# --- check-worthiness ---------------------------------------------------------------------------


def worthiness_word(value) -> str:
    number = _decimal(value)
    if number is None:
        return ""
    if number >= Decimal("0.7"):
        return "high"
    if number >= Decimal("0.4"):
        return "medium"
    return "low"


@register.filter
def worthiness(value) -> SafeString | str:
    """Check-worthiness in words (high / medium / low), the score on hover."""
    word = worthiness_word(value)
    if not word:
        return ""
    return format_html(
        '<span class="worthiness worthiness-{}" title="Check-worthiness score {}">{}</span>',
        word,
        f"{float(value):.2f}",
        word,
    )


# --- entities -----------------------------------------------------------------------------------

ENTITY_LABELS = {
    "PERSON": "person",
    "NORP": "nationality or group",
    "FAC": "building or place name",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "PRODUCT": "product",
    "EVENT": "event",
    "WORK_OF_ART": "title of a work",
    "LAW": "law or treaty",
    "LANGUAGE": "language",
    "DATE": "date",
    "TIME": "time",
    "PERCENT": "percentage",
    "MONEY": "money",
    "QUANTITY": "quantity",
    "ORDINAL": "rank",
    "CARDINAL": "number",
}


@register.filter
def entity_label(label) -> str:
    """spaCy's label in words: GPE -> "place", NORP -> "nationality or group"."""
    label = (label or "").strip()
    return ENTITY_LABELS.get(label.upper(), label.lower().replace("_", " "))


# --- history as sentences -----------------------------------------------------------------------


def _rating_labels() -> dict:
    from factcheck.models import Rating

    return cache.get_or_set(
        "newsroom-rating-labels", lambda: dict(Rating.objects.values_list("slug", "label")), 60
    )


def _rating(event) -> str:
    slug = (event.data or {}).get("rating", "")
    return _rating_labels().get(slug, slug.replace("-", " ")) if slug else "a rating"


@register.filter
def event_sentence(event) -> str:
    """One history line as a sentence: "Rita took it", "Erin approved and published it:
    Mostly true". The words come from workflow.event_sentence (the actions table); this
    adds the capital letter and the rating a verdict step chose."""
    from factcheck.workflow import event_sentence as words

    text = words(event)
    if (event.data or {}).get("rating"):
        text += f": {_rating(event)}"
    return text[:1].upper() + text[1:]


# --- @mentions ----------------------------------------------------------------------------------


@register.filter(needs_autoescape=True)
def mentions(text, autoescape=True) -> SafeString:
    """The comment with every @name of a reviewer or editor linked to them; everything else,
    unknown names included, escaped as text."""
    from factcheck.notifications import MENTION_RE, mentioned_users

    text = text or ""
    known = mentioned_users(text)
    parts, cursor = [], 0
    for match in MENTION_RE.finditer(text):
        user = known.get(match.group(1).lower())
        if user is None:
            continue
        parts.append(escape(text[cursor : match.start()]))
        parts.append(
            format_html(
                '<a class="mention" href="{}">@{}</a>',
                reverse("person", args=[user.get_username()]),
                match.group(1),
            )
        )
        cursor = match.end()
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or format_html


# --- durations ----------------------------------------------------------------------------------


@register.filter
def duration_words(value) -> str:
    """A timedelta as people say it: "2 days 3 hours", "45 minutes", "under a minute"."""
    if value is None or value == "":
        return "—"
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60

    def unit(n, word):
        return f"{n} {word}{'s' if n != 1 else ''}"

    if days:
        return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour") + (f" {unit(minutes, 'minute')}" if minutes else "")
    return unit(minutes, "minute") if minutes else "under a minute"


@register.filter
def get_count(counts, key):
    """counts[key] in a template (0 when missing)."""
    return (counts or {}).get(key, 0)
