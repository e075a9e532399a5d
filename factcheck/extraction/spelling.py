"""Typos in the words that decide a claim's kind ("tropps", "killled", "casualites").

A word the rules look up (a counted noun, the verb over a figure) that none of the word
lists knows and that pyspellchecker's bundled English dictionary does not know either
is corrected at one edit, and the correction is taken only when it is a word of our
own lists: a typo for "troops" becomes "troop", a foreign name stays as it is. The
dictionary loads lazily, once per process, at the first unknown word.
"""

import functools
import threading

from .lexicon import (
    CASUALTY_NOUNS,
    CASUALTY_VERBS,
    FORCE_VERBS,
    OTHER_ROLE_VERBS,
    TIME_NOUNS,
    TROOP_NOUNS,
)

_SPELL = None
_LOCK = threading.Lock()
EXTRA = {
    "people",
    "civilian",
    "resident",
    "villager",
    "refugee",
    "child",
    "woman",
    "man",
    "tourist",
    "wound",
    "injure",
    "kill",
}
KNOWN = (
    TROOP_NOUNS
    | CASUALTY_NOUNS
    | CASUALTY_VERBS
    | FORCE_VERBS
    | OTHER_ROLE_VERBS
    | TIME_NOUNS
    | EXTRA
)


def _speller():
    global _SPELL
    if _SPELL is None:
        with _LOCK:
            if _SPELL is None:
                from spellchecker import SpellChecker

                # distance 1: fast (a few ms a word) and enough for a slip of the finger
                _SPELL = SpellChecker(distance=1)
    return _SPELL


def _as_lemma(word: str) -> str | None:
    """The lexicon lemma a corrected word form stands for ("soldiers" -> "soldier")."""
    for cand in (
        word,
        word[:-1] if word.endswith("s") else None,
        word[:-2] if word.endswith("es") else None,
        word[:-3] + "y" if word.endswith("ies") else None,
        word[:-2] if word.endswith("ed") else None,
        word[:-1] if word.endswith("d") else None,
        word[:-3] if word.endswith("ing") else None,
    ):
        if cand and cand in KNOWN:
            return cand
    return None


@functools.lru_cache(maxsize=8192)
def _correct(lower: str, lemma: str) -> str:
    if lemma in KNOWN or len(lower) < 4 or not lower.isalpha():
        return lemma
    speller = _speller()
    if lower in speller:
        return lemma  # a real word that is simply not in our lists
    fixed = speller.correction(lower)
    if not fixed or fixed == lower:
        return lemma
    return _as_lemma(fixed) or lemma


def lex(tok) -> str:
    """A token's lemma, lower case, with a typo in a word the rules need corrected."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in {"NOUN", "VERB", "PROPN", "ADJ"}:
        return lemma
    return _correct(tok.lower_, lemma)
