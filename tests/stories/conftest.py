"""Small articles about made-up events, written for these tests, with their claims."""

import datetime

import pytest

from tests.factories import ArticleFactory, ClaimFactory

FLOOD_A = (
    "Floods kill dozens in Valdora",
    "At least 40 people were killed and 120 injured when floods swept through Valdora "
    "on Monday, officials in the Valdoran capital Ostra said.\n\n"
    "The river rose about 3 metres overnight near the Ostra dam.",
)
FLOOD_B = (
    "Valdora floods: death toll rises to 47 in Ostra",
    "Officials in Valdora said 47 people died in the floods that swept Ostra on Monday, "
    "and 95 others were injured.\n\nRescue teams from the north arrived in Ostra.",
)
ELECTION = (
    "Marland counts votes after presidential election",
    "Votes were being counted in Marland on Sunday after an election that pitted "
    "President Ana Corvel against Piet Damsen.",
)


def figure(article, span, low, high=None, qualifier="exact", unit="people", kind="casualties"):
    if high is None and qualifier in ("exact", "about"):
        high = low
    return ClaimFactory(
        article=article, kind=kind, span=span, low=low, high=high, qualifier=qualifier, unit=unit
    )


@pytest.fixture
def flood(db):
    """Two outlets' flood reports (killed agree, injured conflict) and an election report."""
    a = ArticleFactory(
        title=FLOOD_A[0],
        body=FLOOD_A[1],
        outlet="Valdora Post",
        published=datetime.date(2024, 3, 4),
    )
    b = ArticleFactory(
        title=FLOOD_B[0], body=FLOOD_B[1], outlet="Ostra Wire", published=datetime.date(2024, 3, 5)
    )
    c = ArticleFactory(
        title=ELECTION[0],
        body=ELECTION[1],
        outlet="Marland Times",
        published=datetime.date(2024, 3, 4),
    )
    claims = {
        "a_killed": figure(a, "At least 40 people", 40, None, "at_least"),
        "a_injured": figure(a, "120", 120, unit=""),
        "b_killed": figure(b, "47 people", 47),
        "b_injured": figure(b, "95 others", 95, unit="others"),
    }
    return {"a": a, "b": b, "c": c, **claims}
