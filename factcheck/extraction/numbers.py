"""Reading numbers written in digits or words: "3,000", "1.5 million", "a dozen"."""

import re

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "bn": 1_000_000_000,
    "mn": 1_000_000,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
}

_WORD = "|".join(
    sorted(
        [*ONES, *TENS, "dozen", "hundred", "thousand", "million", "billion", "trillion"],
        key=len,
        reverse=True,
    )
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn)"
# A number in words: "two", "twenty-five", "a dozen", "two hundred and fifty", "1.5 million".
WORDS = (
    rf"(?:an?\s+(?=(?:dozen|hundred|thousand|million|billion)\b))?(?:{_WORD})"
    rf"(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+|\s+|-)(?:{_WORD})\b)*"
)
NUMBER = rf"(?:(?:{DIGITS})(?:\s*{SCALE}\b)?|\b(?:{WORDS})\b)"


def parse_number(text: str) -> float | None:
    """The value of a number phrase, or None if it is not one."""
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower())
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word[0].isdigit():
            current += float(word.replace(",", ""))
            seen = True
        elif word in ONES:
            current += ONES[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0.0
            seen = True
        elif word in {"a", "an", "and"}:
            continue
        else:
            return None
    return total + current if seen else None


def as_number(value: float | None):
    """An int when the value is integral, else the float."""
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return round(float(value), 6)
