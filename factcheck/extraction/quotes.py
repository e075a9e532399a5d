"""Quotations and who said them.

Quotes are found per paragraph: curly “…” pairs and straight "…" pairs; a quote left
open runs to the end of its paragraph (the convention for a quote that continues in the
next paragraph, which opens with a quotation mark again). Single quotes ‘…’ are not
taken (they are mostly scare quotes in news copy and clash with apostrophes).

The speaker of a quote is the subject of the reporting verb (say, tell, claim, write...)
that governs it or stands nearest to it in the sentences the quote touches. A quote with
no reporting verb continues the previous quote's speaker when it is a full sentence (in
the same or the next paragraph); a short quoted phrase with no speaker is a scare quote
and is not a claim.

Speakers are resolved in the article's context (SpeakerContext): pronouns to the last
speaker or person named, "the Russian president" to the person named with that title,
"the organisation" to the last organisation named, acronyms to the name they stand for,
and surnames to the fullest form of the name the article gives anywhere.
"""

import re
from dataclasses import dataclass, field

from .lexicon import (
    GENERIC_ORG_NOUNS,
    HONORIFICS,
    PERSON_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
)

ACRONYM_RE = re.compile(
    r"((?:[A-Z][\w’'-]*|of|for|the|and|on|in)(?:\s+(?:[A-Z][\w’'-]*|of|for|the|and|on|in))*)"
    r"\s*\(([A-Z][A-Za-z]{1,9})\)"
)
PRONOUNS_PERSON = {"he", "she", "him", "her"}
PRONOUNS_OTHER = {"it", "they", "them"}
NATIONALITY_HINT = re.compile(r"(an|ian|ese|ish|i|ic|ch)$")


@dataclass
class QuoteSpan:
    start: int  # doc-relative, inner text (no quotation marks)
    end: int
    open_mark: int  # position of the opening mark


def find_quotes(text: str) -> list[QuoteSpan]:
    """Quoted stretches of one paragraph (offsets relative to text)."""
    quotes = []
    open_at = None
    for i, ch in enumerate(text):
        if ch == "“":
            if open_at is None:
                open_at = i
        elif ch == "”":
            if open_at is not None:
                quotes.append((open_at, i))
                open_at = None
        elif ch == '"':
            if open_at is None:
                open_at = i
            else:
                quotes.append((open_at, i))
                open_at = None
    if open_at is not None:
        quotes.append((open_at, len(text)))
    result = []
    for o, c in quotes:
        s, e = o + 1, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1] in " \n,;:":
            e -= 1
        if s < e and re.search(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff\u0600-\u06ff]", text[s:e]):
            result.append(QuoteSpan(s, e, o))
    return result


@dataclass
class Speaker:
    name: str
    person: bool
    position: int  # body offset where it was said (for recency)


@dataclass
class SpeakerContext:
    """What the article has said so far about people and organisations."""

    persons: dict = field(default_factory=dict)  # PERSON names (no titles), last named last
    orgs: list[str] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    titled: list[tuple[frozenset, str]] = field(default_factory=list)  # (title words, person)
    speakers: list[Speaker] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)  # "leaflet" -> who issued it
    last_quote_speaker: str | None = None
    last_quote_paragraph: int = -10

    # -- resolving -------------------------------------------------------------------
    def resolve(self, subj, position: int, in_quote) -> Speaker | None:
        """The speaker named by a subject token (a spaCy token)."""
        lower = subj.lower_
        if subj.pos_ == "PRON" or lower in PRONOUNS_PERSON | PRONOUNS_OTHER:
            if lower in {"i", "we", "you", "who", "that", "which"}:
                return None
            want_person = lower in PRONOUNS_PERSON
            if lower in {"they", "them"}:
                # "she begged the terrorists ..., they refused": a plural agent named
                # earlier in the same sentence
                before = [
                    t
                    for t in subj.sent
                    if t.i < subj.i
                    and t.tag_ in {"NNS", "NNPS"}
                    and t.dep_ in {"nsubj", "dobj", "pobj", "nsubjpass"}
                    and is_agent(t)
                    and not in_quote(t.idx)
                ]
                if before:
                    return Speaker(_noun_phrase(before[-1]), False, position)
            for sp in reversed(self.speakers[-6:]):
                if sp.person == want_person and _gender_agrees(lower, sp.name):
                    return Speaker(sp.name, sp.person, position)
            if want_person and self.persons:
                return Speaker(next(reversed(self.persons)), True, position)
            if not want_person and self.orgs:
                return Speaker(self.orgs[-1], False, position)
            return None
        # A person named in the subject (also as an apposition: "the commander, Gen. X,")
        doc = subj.doc
        left, right = subj.left_edge.i, subj.right_edge.i
        for ent in doc.ents:
            if (
                ent.label_ == "PERSON"
                and ent.start <= right
                and ent.end - 1 >= left
                and not in_quote(ent.start_char)
            ):
                if _in_relative_clause(ent, subj) and ent.end - 1 != right:
                    continue
                name = clean_name(entity_text(ent))
                if name:
                    return Speaker(name, True, position)
        head = subj.lemma_.lower()
        if head in DOCUMENT_NOUNS:
            # A document speaks for whoever issued it (ANNOTATION v2).
            issuer = document_issuer(subj) or self.documents.get(head)
            return Speaker(issuer, False, position) if issuer else None
        phrase = _noun_phrase(subj)
        if not phrase:
            return None
        if subj.text in self.acronyms:
            return Speaker(self.acronyms[subj.text], False, position)
        words = [w.lower() for w in re.findall(r"[\w.-]+", phrase)]
        modifiers = set(words[:-1])
        # "the Russian president": the person the article introduced with that title
        if (
            head in PERSON_NOUNS
            and len(words) <= 4
            and not any(c.dep_ == "prep" for c in subj.children)
        ):
            found = self._titled(head, modifiers)
            if found:
                return Speaker(found, True, position)
        # "the organisation", "the group": the last organisation named
        if head in GENERIC_ORG_NOUNS and len(words) == 1 and self.orgs:
            return Speaker(self.orgs[-1], False, position)
        if not is_agent(subj):
            return None
        person = (
            head in PERSON_NOUNS
            or subj.ent_type_ == "PERSON"
            or _looks_like_name(subj)
            or any(c.dep_ == "appos" and c.lemma_.lower() in PERSON_NOUNS for c in subj.children)
        )
        if person and _looks_like_name(subj):
            self.add_person(phrase)
        return Speaker(phrase, person, position)

    def add_person(self, name: str):
        self.persons.pop(name, None)
        self.persons[name] = True
        if len(self.persons) > 5000:  # a pathological body: forget the oldest names
            self.persons.pop(next(iter(self.persons)))

    def _titled(self, head, modifiers):
        best = None
        for title, name in reversed(self.titled):
            if head not in title:
                continue
            conflict = any(
                m not in title
                and NATIONALITY_HINT.search(m)
                and m[0].isalpha()
                and any(NATIONALITY_HINT.search(t) and t not in TITLE_WORDS for t in title)
                for m in modifiers
            )
            if conflict:
                continue
            if modifiers <= title:
                return name
            if best is None:
                best = name
        return best

    def full_name(self, name: str) -> str:
        """The fullest form of a name the article gives ("Hammond" -> "Philip Hammond")."""
        if not name:
            return name
        if name in self.acronyms:
            return self.acronyms[name]
        name = re.sub(r"\s*\(([A-Z][A-Za-z]{1,9})\)", "", name).strip()
        words = name.split()
        if not words or len(words) > 4:
            return name
        best = name
        wanted = {w.lower() for w in words}
        for person in self.persons:
            have = {w.lower() for w in person.split()}
            if wanted <= have and len(person) > len(best):
                best = person
        return best


FEMALE_WORDS = {
    "woman",
    "mother",
    "girl",
    "wife",
    "daughter",
    "sister",
    "grandmother",
    "spokeswoman",
    "chairwoman",
    "queen",
    "lady",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "widow",
    "businesswoman",
}
MALE_WORDS = {
    "man",
    "father",
    "boy",
    "husband",
    "son",
    "brother",
    "grandfather",
    "spokesman",
    "chairman",
    "king",
    "mr",
    "mr.",
    "widower",
    "businessman",
}


def _gender_agrees(pronoun: str, name: str) -> bool:
    """'he' cannot be 'a distressed woman', nor 'she' 'the spokesman'."""
    words = {w.lower() for w in name.split()}
    if pronoun in {"he", "him"}:
        return not words & FEMALE_WORDS
    if pronoun in {"she", "her"}:
        return not words & MALE_WORDS
    return True


def clean_name(text: str) -> str:
    """A person's name without titles ("Iraqi Prime Minister Haider al-Abadi")."""
    text = re.sub(r"['’]s$", "", text.strip())
    words = text.split()
    while len(words) > 1:
        low = words[0].lower().rstrip(",")
        nxt = words[1].lower()
        if (
            low in HONORIFICS
            or low in TITLE_WORDS
            or (NATIONALITY_HINT.search(low) and (nxt in TITLE_WORDS or nxt in HONORIFICS))
        ):
            words.pop(0)
            continue
        break
    return " ".join(words).strip(" ,")


def entity_text(ent) -> str:
    """An entity's text, extended over a hyphenated tail the tagger cut ("Haider al" + "-Abadi")."""
    doc = ent.doc
    end = ent.end
    while (
        end + 1 < len(doc)
        and doc[end].text in {"-", "‐"}
        and not doc[end].whitespace_
        and not doc[end - 1].whitespace_
        and doc[end + 1].text[:1].isupper()
    ):
        end += 2
    return doc[ent.start : end].text


AGENT_NOUNS = {
    "authority",
    "separatist",
    "rebel",
    "official",
    "government",
    "military",
    "army",
    "police",
    "force",
    "troop",
    "soldier",
    "militant",
    "fighter",
    "insurgent",
    "group",
    "ministry",
    "presidency",
    "kremlin",
    "state",
    "media",
    "agency",
    "observatory",
    "monitor",
    "organisation",
    "organization",
    "committee",
    "council",
    "union",
    "office",
    "party",
    "administration",
    "court",
    "parliament",
    "embassy",
    "people",
    "resident",
    "witness",
    "doctor",
    "medic",
    "source",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "coalition",
    "alliance",
    "movement",
    "opposition",
    "camp",
    "side",
    "leadership",
    "command",
    "regime",
    "junta",
    "network",
    "department",
    "service",
    "staff",
    "team",
    "board",
    "commission",
    "bank",
    "company",
    "firm",
    "newspaper",
    "broadcaster",
    "television",
    "tv",
    "radio",
    "channel",
    "station",
    "outlet",
    "paper",
    "body",
    "charity",
    "family",
    "relative",
    "neighbour",
    "neighbor",
    "survivor",
    "refugee",
    "civilian",
    "villager",
    "elder",
    "activist",
    "protester",
    "demonstrator",
    "militia",
    "jihadist",
    "extremist",
    "terrorist",
    "leader",
    "gunman",
    "attacker",
    "assailant",
    "kidnapper",
    "captor",
    "raider",
    "hijacker",
    "guard",
    "rescuer",
    "volunteer",
}


def _looks_like_name(tok) -> bool:
    """A proper-noun subject that is no place or organisation: a person's name."""
    return (
        tok.pos_ == "PROPN"
        and tok.ent_type_
        not in {"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART"}
        and not tok.text.isupper()
        and tok.lower_ not in AGENT_NOUNS
    )


def is_agent(subj) -> bool:
    """Can this subject speak? People, organisations, authorities; not "the decision"."""
    if subj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or subj.pos_ == "PROPN":
        return True
    lemma = subj.lemma_.lower()
    return (
        lemma in PERSON_NOUNS
        or lemma in AGENT_NOUNS
        or lemma in GENERIC_ORG_NOUNS
        or subj.lower_ in AGENT_NOUNS
    )


def _title_words(ent):
    """The title words written before a person's name: "Syrian President Bashar al-Assad"."""
    doc = ent.doc
    words = []
    i = ent.start - 1
    while i >= 0 and len(words) < 5:
        tok = doc[i]
        low = tok.lower_
        if low in TITLE_WORDS or (tok.ent_type_ in {"NORP", "GPE", "ORG"} and tok.pos_ != "PUNCT"):
            words.append(low)
            i -= 1
            continue
        if tok.tag_ == "POS" or low in {"'s", "’s"}:
            i -= 1
            continue
        break
    # titles inside the entity itself ("President Vladimir Putin" tagged whole)
    for tok in ent:
        if tok.lower_ in TITLE_WORDS:
            words.append(tok.lower_)
    return [w for w in words if w not in {"'s", "’s"}]


def _in_relative_clause(ent, subj) -> bool:
    tok = ent.root
    while tok != subj and tok.head != tok:
        if tok.dep_ in {"relcl", "acl"}:
            return True
        tok = tok.head
    return False


def _noun_phrase(subj) -> str:
    """The subject as a short noun phrase: left modifiers, head, and "of/for" complements."""
    doc = subj.doc
    start = subj.left_edge.i
    end = subj.i + 1
    for child in subj.rights:
        # "a resident from a neighbouring village", "the spokesman for the ministry"
        if child.dep_ == "prep" and child.lower_ in {"of", "for", "from", "in", "at"}:
            end = child.right_edge.i + 1
            break
    while start < end and (doc[start].dep_ in {"det", "punct"} or doc[start].tag_ == "POS"):
        start += 1
    if start >= end:
        return ""
    text = doc[start:end].text
    text = re.sub(r"\s*\([^)]*\)", "", text).strip(' ,“”"')
    text = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", text)
    if _looks_like_name(subj):
        text = clean_name(text)
    return text[:200]


DOCUMENT_NOUNS = {
    "leaflet",
    "statement",
    "report",
    "letter",
    "communique",
    "communiqué",
    "declaration",
    "notice",
    "message",
    "post",
    "tweet",
    "video",
    "bulletin",
    "flyer",
    "pamphlet",
    "document",
    "memo",
}
ISSUE_VERBS = {"issue", "drop", "release", "publish", "distribute", "send", "post", "put"}


def document_issuer(noun) -> str | None:
    """Who issued a document noun: "leaflets dropped by the army", "the army's
    statement", "a statement from the ministry", "the army dropped leaflets"."""
    for child in noun.children:
        if child.dep_ == "poss" and is_agent(child):
            return _noun_phrase(child)
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and is_agent(pobj):
                    return _noun_phrase(pobj)
        if child.dep_ == "acl":
            for sub in child.children:
                if sub.dep_ == "agent":
                    for pobj in sub.children:
                        if pobj.dep_ == "pobj" and is_agent(pobj):
                            return _noun_phrase(pobj)
    # "the army dropped tens of thousands of leaflets"
    x = noun
    for _ in range(4):
        if x.dep_ == "pobj" and x.head.lower_ == "of":
            x = x.head.head
            continue
        break
    if x.dep_ in {"dobj", "obj"} and x.head.lemma_.lower() in ISSUE_VERBS:
        for child in x.head.children:
            if child.dep_ == "nsubj" and is_agent(child) and child.pos_ != "PRON":
                return _noun_phrase(child)
    return None


def colon_subject(doc, open_mark):
    """The subject of the clause a colon ends just before a quote ("they refused with
    the words: '...'", "He said: '...'"), or None."""
    head = doc.text[:open_mark].rstrip()
    if not head.endswith(":"):
        return None
    span = doc.char_span(len(head) - 1, len(head), alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    tok = doc[span.start - 1]
    for _ in range(6):
        if tok.pos_ in {"VERB", "AUX"}:
            break
        if tok.head == tok:
            return None
        tok = tok.head
    else:
        return None
    return _subject(tok)


def speech_events(sent, in_quote):
    """(verb token, subject token) for the reporting verbs of a sentence outside quotes."""
    events = []
    for tok in sent:
        if tok.lower_ == "according" and not in_quote(tok.idx):
            # "..., according to the ministry"
            for to in tok.children:
                for pobj in to.children:
                    if to.lower_ == "to" and pobj.dep_ == "pobj" and is_agent(pobj):
                        events.append((tok, pobj))
            continue
        if tok.pos_ not in {"VERB", "AUX"} or in_quote(tok.idx):
            continue
        lemma = tok.lemma_.lower()
        particles = {c.lower_ for c in tok.children if c.dep_ == "prt"}
        if lemma == "hear":
            # "one survivor could be heard calling out": the one heard is the speaker
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if subj is not None and not in_quote(subj.idx) and is_agent(subj):
                events.append((tok, subj))
            continue
        if lemma not in SPEECH_VERBS or particles & {"up", "off", "in"}:
            # "222,000 men called up" is a mobilisation, not a speech
            continue
        subj = _subject(tok)
        if subj is None or in_quote(subj.idx):
            continue
        events.append((tok, subj))
    return events


def _subject(verb):
    """The speaking subject of a reporting verb, climbing coordinations ("It rejected ...
    and said") past clauses whose subject cannot speak ("the decision reflected")."""
    for _ in range(5):
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and (
                child.pos_ == "PRON" or is_agent(child) or child.lemma_.lower() in DOCUMENT_NOUNS
            ):
                return child
        # "said Hassan" parsed with Hassan as object or attr
        for child in verb.children:
            if (
                child.dep_ in {"dobj", "attr", "npadvmod"}
                and child.pos_ == "PROPN"
                and child.i > verb.i
            ):
                return child
        # "Semenchenko ... said, said on Facebook": the paratactic twin's subject
        for child in verb.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in SPEECH_VERBS:
                for sub in child.children:
                    if sub.dep_ == "nsubj" and (sub.pos_ == "PRON" or is_agent(sub)):
                        return sub
        if (
            verb.dep_ in {"conj", "advcl", "xcomp", "acl", "dobj", "pobj", "prep", "relcl"}
            and verb.head != verb
        ):
            verb = verb.head
            continue
        break
    return None


FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM", "DET"}


def is_scare_quote(doc, q_start, q_end) -> bool:
    """A quoted term rather than quoted words (ANNOTATION v2): a single word, a slogan
    or a noun phrase inside the reporter's sentence ("a 'significant development'",
    "described it as 'partial'"). A quoted clause (it has a finite or base-form verb)
    is a quote; so is a quoted predicate or adverbial ("is 'planned and organised'",
    "'with the same tempo'")."""
    span = doc.char_span(q_start, q_end, alignment_mode="expand")
    if span is None:
        return True
    words = [t for t in span if not t.is_punct and not t.is_space]
    if len(words) <= 1:
        return True
    if any(tok.tag_ in FINITE_TAGS for tok in words):
        return False
    base = [t for t in words if t.tag_ == "VB" and t.dep_ not in {"amod", "compound"}]
    if base:
        # "to 'cut the roads'" is quoted words; a bare imperative ("Save my husband,
        # please") is an exclamation, no assertion to check.
        return not any(
            c.dep_ in {"aux", "nsubj"} and c.lower_ not in {"do", "please"}
            for t in base
            for c in t.children
        )
    ids = {t.i for t in words}
    roots = [t for t in words if t.head.i not in ids or t.head == t]
    root = roots[0] if roots else words[-1]
    return root.pos_ in NOMINAL_POS or root.tag_ == "VBG"
