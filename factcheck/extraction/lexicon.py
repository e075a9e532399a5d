"""Word lists (lemmas, lower case) the rules use to tell what is counted and who speaks."""

# Size of armed forces and their equipment.
TROOP_NOUNS = {
    "soldier", "troop", "personnel", "fighter", "militant", "serviceman", "servicemen",
    "servicewoman", "marine", "sailor", "airman", "paratrooper", "commando", "peacekeeper",
    "rebel", "insurgent", "jihadist", "militiaman", "militia", "guerrilla", "guerilla",
    "mercenary", "reservist", "conscript", "recruit", "force", "column", "battalion", "brigade",
    "division", "regiment", "unit", "squadron", "platoon", "army", "tank", "aircraft",
    "airplane", "plane", "jet", "warplane", "bomber", "helicopter", "gunship", "ship", "warship",
    "vessel", "frigate", "submarine", "destroyer", "carrier", "base", "airbase", "drone",
    "missile", "artillery", "howitzer", "vehicle", "armoured", "troops", "sniper", "gunman",
    "combatant", "special", "officer", "police", "policeman", "guard", "boat", "launcher",
}
# Nouns that are themselves casualties.
CASUALTY_NOUNS = {
    "death", "dead", "casualty", "fatality", "injury", "injured", "wounded", "victim",
    "body", "corpse", "toll", "killing", "life",
}
CASUALTY_VERBS = {
    "kill", "die", "wound", "injure", "hurt", "slay", "massacre", "execute", "behead",
    "murder", "perish", "slaughter", "maim", "assassinate", "drown",
}
# Verbs whose object or complement is a figure about their subject ("the toll reached 97").
ATTAIN_VERBS = {"reach", "be", "stand", "rise", "climb", "hit", "top", "exceed", "total",
                "jump", "increase", "grow", "surpass", "pass", "mount"}
# Nouns for a tally whose subject decides the kind ("the number of deaths").
TALLY_NOUNS = {"number", "toll", "tally", "count", "figure", "total"}
TIME_NOUNS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
              "night", "morning", "evening", "weekend"}

SPEECH_VERBS = {
    "say", "tell", "add", "claim", "call", "write", "state", "announce", "report", "note",
    "insist", "warn", "declare", "assure", "urge", "argue", "explain", "stress", "vow",
    "pledge", "describe", "tweet", "post", "affirm", "confirm", "deny", "allege", "quote",
    "reply", "respond", "comment", "complain", "conclude", "promise", "threaten", "predict",
    "remark", "acknowledge", "admit", "emphasise", "emphasize", "appeal", "demand", "ask",
}
# Nouns that name people (for speaker resolution of "he"/"she" and titles).
PERSON_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "president", "minister", "official",
    "commander", "envoy", "secretary", "chief", "leader", "elder", "resident", "witness",
    "doctor", "general", "colonel", "officer", "ambassador", "diplomat", "analyst", "expert",
    "governor", "mayor", "premier", "chancellor", "king", "queen", "prince", "emir", "head",
    "director", "correspondent", "reporter", "editor", "source", "man", "woman", "father",
    "mother", "spokesmen", "senator", "lawmaker", "mp", "deputy", "aide", "adviser", "advisor",
    "negotiator", "mediator", "representative", "monitor", "researcher", "professor",
    "activist", "lawyer", "judge", "prosecutor", "medic", "nurse", "survivor", "villager",
    "farmer", "student", "teacher", "worker", "pilot", "soldier", "captain", "lieutenant",
    "sergeant", "major", "admiral", "brigadier", "commissioner", "coordinator", "founder",
    "owner", "manager", "chairman", "chairwoman", "chair", "member", "citizen",
}
TITLE_WORDS = PERSON_NOUNS | {
    "prime", "foreign", "defense", "defence", "interior", "vice", "deputy", "state",
    "lt.", "lt", "gen.", "gen", "col.", "col", "brig.", "brig", "maj.", "capt.", "sgt.", "adm.",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sheikh", "sir", "lord", "lady",
    "u.s.", "us", "un", "u.n.", "eu", "nato", "army", "military", "senior", "top", "former",
}
HONORIFICS = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lt.", "lt", "gen.", "gen",
    "col.", "col", "brig.", "brig", "maj.", "maj", "capt.", "capt", "sgt.", "sgt", "adm.",
    "prof.", "prof", "sheikh", "president", "prime", "minister", "general", "colonel",
    "lieutenant", "captain", "major", "brigadier", "secretary", "foreign", "defense",
    "defence", "ambassador", "envoy", "commander", "spokesman", "spokeswoman", "premier",
    "chancellor", "king", "queen", "prince", "emir", "governor", "mayor", "senator", "judge",
    "st.", "saint", "rev.", "father", "imam", "ayatollah", "pope", "marshal", "admiral",
}
# "the organisation said": the last organisation named.
GENERIC_ORG_NOUNS = {"organisation", "organization", "group", "committee", "agency",
                     "ministry", "body", "movement", "council", "union", "coalition",
                     "government", "office", "presidency", "department", "company", "party",
                     "network", "observatory", "commission", "alliance", "association"}
DISPLACEMENT_VERBS = {"flee", "displace", "evacuate", "uproot", "escape", "relocate",
                      "shelter", "arrive", "cross"}
