"""The factories build data the workflow accepts."""

from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory, drive


def test_claim_span_slices_its_article_body(db):
    claim = ClaimFactory(span="14 people", kind="casualties")
    assert claim.article.body[claim.start : claim.end] == "14 people"
    assert claim.text.startswith("At least 14 people")


def test_roles_and_drive_to_published(db):
    reviewer, editor, editor2 = ReviewerFactory(), EditorFactory(), EditorFactory()
    assert reviewer.has_perm("factcheck.review_claim")
    assert not reviewer.has_perm("factcheck.edit_claim")
    assert editor.has_perm("factcheck.edit_claim")
    claim = drive(ClaimFactory(), "published", reviewer=reviewer, editor=editor, editor2=editor2)
    assert claim.status == "published"
    assert claim.events.filter(action="approve", actor=editor2).exists()
