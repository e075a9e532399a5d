"""Double-hold checks of the contention run: what clients saw, and what the events say."""

from collections import defaultdict

from harness import Database


def client_overlaps(holds) -> int:
    """Pairs of handouts of the same claim whose holding times overlap (should be none)."""
    by_claim = defaultdict(list)
    for pk, user, got, releasing in holds:
        by_claim[pk].append((got, releasing, user))
    overlaps = 0
    for spans in by_claim.values():
        spans.sort()
        held_until = float("-inf")
        for start, end, _user in spans:
            if start < held_until:  # someone else still held it
                overlaps += 1
            held_until = max(held_until, end)
    return overlaps


def replay_events(db: Database, claim_ids, since: float) -> tuple[int, int]:
    """Replay each handed-out claim's events in order: a take while held is a double hold."""
    if not claim_ids:
        return 0, 0
    rows = db.query(
        "SELECT claim_id, action, from_status, to_status, actor_id FROM factcheck_claimevent "
        "WHERE claim_id = ANY(%s) ORDER BY claim_id, created_at, id",
        (list(claim_ids),),
    )
    doubles = inconsistent = 0
    state = {}
    for claim_id, action, frm, to, actor in rows:
        status, holder = state.get(claim_id, ("", None))
        if frm != status and action != "extracted":
            inconsistent += 1
        if action == "take":
            if holder is not None:
                doubles += 1
            holder = actor
        elif action in ("assign", "return"):
            holder = actor if action == "assign" else holder
        elif to in ("queued", "published", "new", "dismissed"):
            holder = None
        state[claim_id] = (to, holder)
    return doubles, inconsistent
