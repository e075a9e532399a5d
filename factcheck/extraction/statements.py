"""Statements: checkable factual assertions without figures, dates or quotes, and the
check-worthiness score every claim gets.

A sentence is a statement when it asserts an event or a state of affairs about named
actors (PERSON/ORG/GPE/NORP entities) with a concrete verb (order, withdraw, seize,
accuse, deny, agree...), and is not an opinion (modal "should/could/might", evaluative
words), a question, or the reporter's framing ("analysts say", "it remains to be seen").
"""

import re

from .lexicon import SPEECH_VERBS

ACTION_VERBS = {
    "order",
    "withdraw",
    "seize",
    "capture",
    "accuse",
    "deny",
    "agree",
    "attack",
    "launch",
    "claim",
    "sign",
    "deploy",
    "send",
    "reduce",
    "maintain",
    "keep",
    "leave",
    "enter",
    "call",
    "announce",
    "pledge",
    "arm",
    "kill",
    "bomb",
    "strike",
    "shell",
    "fire",
    "retake",
    "recapture",
    "occupy",
    "control",
    "show",
    "land",
    "fly",
    "begin",
    "start",
    "end",
    "cease",
    "invade",
    "arrest",
    "detain",
    "release",
    "ban",
    "approve",
    "reject",
    "vote",
    "pass",
    "impose",
    "lift",
    "turn",
    "ask",
    "request",
    "conduct",
    "carry",
    "push",
    "drive",
    "back",
    "support",
    "fund",
    "supply",
    "quote",
    "indicate",
    "tell",
    "inform",
    "decide",
    "evacuate",
    "flee",
    "declare",
    "confirm",
    "report",
    "enjoy",
    "stress",
    "state",
    "sit",
    "spend",
    "pay",
    "receive",
    "hold",
    "meet",
    "win",
    "lose",
    "destroy",
    "damage",
    "shut",
    "close",
    "open",
    "block",
    "cut",
    "sanction",
    "condemn",
    "warn",
    "threaten",
    "designate",
    "list",
    "join",
    "help",
}
OPINION_WORDS = re.compile(
    r"\b(?:should|ought|must|might|could|perhaps|maybe|probably|arguably|apparently|seems?"
    r"|appears?|believe[sd]?|think|thinks|hope[sd]?|feel|feels|fear[sd]?|significant|important"
    r"|remarkable|surprising|interesting|speculation|analysts?"
    r"|experts?|observers?|pose as|viewed as|it remains|remains to be seen|I|we|you|our)\b"
)
FURNITURE = re.compile(
    r"^(?:photo|caption|related|read more|share|advertisement|follow us|subscribe|click"
    r"|copyright|©|all rights|sign up|newsletter)",
    re.IGNORECASE,
)
NAMED = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "LAW", "EVENT", "PRODUCT"}

KIND_BASE = {
    "casualties": 0.92,
    "troops": 0.85,
    "quantity": 0.72,
    "date": 0.45,
    "quote": 0.6,
    "statement": 0.5,
}


def statement_score(sent) -> float:
    """Check-worthiness of a sentence as a statement in [0, 1]; <0.5 means not a claim."""
    text = sent.text.strip()
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < 5 or len(words) > 70:
        return 0.0
    if text.endswith("?") or FURNITURE.match(text):
        return 0.0
    if not re.search(r"[.!:]['\"”’)]*$|[a-z]$", text):
        return 0.0
    root = sent.root
    if root.pos_ not in {"VERB", "AUX"}:
        return 0.0
    score = 0.35
    ents = [e for e in sent.ents if e.label_ in NAMED]
    score += min(0.3, 0.1 * len(ents))
    lemmas = {t.lemma_.lower() for t in sent if t.pos_ == "VERB"}
    if lemmas & ACTION_VERBS:
        score += 0.2
    if any(t.dep_ == "neg" for t in sent):
        score += 0.02
    if any(OPINION_WORDS.fullmatch(t.text) and not _reported(t) for t in sent):
        # the reporter's own hedge or judgement; inside reported speech ("Putin said
        # the soldiers should surrender") it is what someone said, which is checkable
        score -= 0.35
    if any(t.lower_ in {"if", "whether", "unless"} and not _reported(t) for t in sent):
        score -= 0.15
    if not any(
        t.dep_ in {"nsubj", "nsubjpass"}
        and (t.ent_type_ in NAMED or t.pos_ == "PROPN" or t.pos_ == "PRON" or t.pos_ == "NOUN")
        for t in sent
    ):
        score -= 0.2
    return max(0.0, min(1.0, round(score, 3)))


def _reported(tok) -> bool:
    """Does the token stand in what a reporting verb says ("X said that ... should")?"""
    return any(
        a.lemma_.lower() in SPEECH_VERBS and a.pos_ == "VERB" and a.i < tok.i for a in tok.ancestors
    )


def claim_score(kind: str, sent, qualifier: str = "", has_entities: bool = False) -> float:
    score = KIND_BASE.get(kind, 0.5)
    if qualifier == "vague":
        score -= 0.12
    if has_entities:
        score += 0.04
    if OPINION_WORDS.search(sent.text):
        score -= 0.05
    return max(0.0, min(1.0, round(score, 3)))
