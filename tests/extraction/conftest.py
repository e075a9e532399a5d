import datetime

import pytest

from factcheck.extraction import extract_claims

PUB = datetime.date(2024, 3, 13)  # a Wednesday


@pytest.fixture(scope="session", autouse=True)
def _model_loaded_once():
    """Load the spaCy model once for the whole session (the lazy cache keeps it)."""
    from factcheck.extraction.nlp import get_nlp

    return get_nlp()


def run(text, published=PUB):
    return [c.to_json() for c in extract_claims(text, published)]


def of_kind(claims, kind):
    return [c for c in claims if c["kind"] == kind]


def one(claims, kind, contains=None):
    found = [c for c in of_kind(claims, kind) if contains is None or contains in c["span"]]
    assert len(found) == 1, (kind, contains, claims)
    return found[0]
