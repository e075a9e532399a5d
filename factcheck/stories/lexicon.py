"""Word classes the story modules compare by: what is counted, what happened to it.

General newsroom vocabulary, not tuned to any one article: words that name the same
outcome ("killed", "dead", "death toll"), the same counted thing ("kilometres", "km"),
or the same event ("withdrawal", "pull-out", "departure") map to one class name.
"""

import functools
import re


def _words(text: str) -> list[str]:
    return text.split()


# What happened to the people or things counted.
ROLES = {
    "killed": (
        "kill killed killing dead die died dies death deaths toll fatality fatalities victim "
        "victims slain murder murdered massacre massacred bodies body perish perished lives"
    ),
    "injured": "injure injured injuring injury injuries wound wounded hurt",
    "missing": "missing",
    "rescued": "rescue rescued save saved",
    "arrested": "arrest arrested detain detained",
    "displaced": "displace displaced evacuate evacuated flee fled homeless refugee refugees",
    "destroyed": "collapse collapsed destroy destroyed topple toppled damage damaged flatten",
}
ROLE_OF = {w: role for role, words in ROLES.items() for w in words.split()}

# What is counted (the unit or the counted noun), by class.
NOUNS = {
    "person": (
        "people person persons civilian civilians tourist tourists visitor visitors other "
        "others resident residents man men woman women child children pilgrim pilgrims "
        "worker workers passenger passengers villager villagers individual individuals "
        "victim victims dead syrian syrians"
    ),
    "soldier": (
        "soldier soldiers troop troops servicemen serviceman personnel military fighter "
        "fighters militant militants"
    ),
    "km": "km kms kilometre kilometres kilometer kilometers",
    "mile": "mile miles",
    "metre": "m metre metres meter meters",
    "magnitude": "magnitude quake earthquake tremor richter",
    "building": "building buildings house houses home homes structure structures",
    "country": "country countries nation nations",
    "foreigner": "foreigner foreigners foreign national nationals",
    "dollar": "dollar dollars usd $",
    "percent": "percent per cent %",
    "year": "year years",
    "month": "month months",
    "day": "day days",
    "hour": "hour hours",
    "aircraft": "aircraft plane planes jet jets warplane warplanes helicopter helicopters",
}
NOUN_OF = {w: cls for cls, words in NOUNS.items() for w in words.split()}
# Units of measurement: what they count has no outcome (no one is "killed" in km).
MEASURE_UNITS = frozenset(_words("km mile metre magnitude dollar percent year month day hour"))
# More specific classes win over "person" when a phrase names both ("foreign nationals").
NOUN_PRIORITY = ("foreigner", "soldier", "magnitude", "km", "mile", "metre", "building")

# Event words: several words, one event, so that different outlets' wording meets.
EVENTS = {
    "withdraw": (
        "withdraw withdrawal withdrawing withdrawn withdrew pullout pull-out pulling pull "
        "departure depart leave left exit scale drawdown"
    ),
    "announce": "announce announced announcement announcing declare declared order ordered",
    "statement": "statement say said says tell told report reported",
    "begin": "begin began begun start started starting enter entered launch launched",
    "strike": "strike struck hit rock rocked shake shook jolt jolted",
    "attack": "attack attacked assault fire fired shoot shooting gunmen gunfire",
    "quake": "quake earthquake tremor temblor",
    "ministry": "ministry ministry's defence defense",
    "base": "base airbase air",
    "operation": "operation campaign intervention war",
}
EVENT_OF = {w: cls for cls, words in EVENTS.items() for w in words.split()}

STOPWORDS = set(
    _words(
        """a an the of in on at to for and or by from with as than that this these those is
    are was were be been being has have had it its his her their they he she we you i
    not no but if so which who whom whose what when where while into onto over under
    up down out about after before since during more most less least some any all
    each other such only also just very can could would should will may might must do
    does did said says say says according there here then now than one two three
    last next first"""
    )
)

WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
MONTHS = _words(
    "january february march april may june july august september october november december"
)

_WORD = re.compile(r"[a-z]+(?:['’]s)?")


@functools.lru_cache(maxsize=65536)
def norm_word(word: str) -> str:
    """Lower case, possessive and plural stripped, then its event class if it has one."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in EVENT_OF:
        return EVENT_OF[w]
    if w in ROLE_OF:
        return ROLE_OF[w]
    for suffix in ("ies", "es", "s"):
        if len(w) > 4 and w.endswith(suffix) and not w.endswith("ss"):
            base = w[: -len(suffix)] + ("y" if suffix == "ies" else "")
            if suffix == "es" and not w.endswith(("ches", "shes", "xes", "ses")):
                base = w[:-1]
            return EVENT_OF.get(base, ROLE_OF.get(base, base))
    return w


def content_words(text: str) -> list[str]:
    return [norm_word(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def noun_class(words) -> str | None:
    """The class of the counted noun among `words` (priority to specific classes)."""
    found = [NOUN_OF[w] for w in (x.lower() for x in words) if w in NOUN_OF]
    if not found:
        return None
    for cls in NOUN_PRIORITY:
        if cls in found:
            return cls
    return found[-1]


def role_of(word: str) -> str | None:
    w = word.lower()
    if w in ROLE_OF:
        return ROLE_OF[w]
    return None
