import datetime

import pytest
from django.core.management import call_command

from factcheck.extraction import EXTRACTOR_VERSION
from factcheck.extraction.store import reextract_article, store_claims
from factcheck.models import Claim, ClaimEvent, Comment, Evidence, Rating, Verdict
from tests.factories import ArticleFactory, UserFactory

BODY = (
    "Norland's army said on Monday that 1,200 soldiers crossed the river near Tarsk.\n\n"
    '"We will hold the bridge until the spring," said General Ana Petrova.\n\n'
    "At least 14 people were killed in shelling since March 3, officials said."
)


PUBLISHED = datetime.date(2024, 3, 13)


def article_of(body=BODY):
    """The article extraction reads: this body, published on a known day (dates resolve)."""
    return ArticleFactory(title="Army crosses river", body=body, published=PUBLISHED)


@pytest.fixture
def user(db):
    return UserFactory(username="rev")


@pytest.mark.django_db
def test_store_claims_writes_claims_and_events():
    article = article_of()
    n = store_claims(article)
    claims = list(article.claims.all())
    assert n == len(claims) >= 5
    kinds = {c.kind for c in claims}
    assert {"troops", "casualties", "date", "quote"} <= kinds
    assert all(c.status == "new" and c.extractor_version == EXTRACTOR_VERSION for c in claims)
    assert all(article.body[c.start : c.end] == c.span for c in claims)
    events = ClaimEvent.objects.filter(claim__article=article)
    assert events.count() == n
    assert set(events.values_list("action", "to_status")) == {("extracted", "new")}
    assert not events.exclude(actor=None).exists()
    article.refresh_from_db()
    assert article.extracted_at is not None
    assert article.extractor_version == EXTRACTOR_VERSION
    assert article.extraction_error == ""
    troops = article.claims.get(kind="troops")
    assert troops.low == troops.high == 1200 and troops.qualifier == "exact"
    quote = article.claims.get(kind="quote")
    assert quote.speaker == "Ana Petrova"


@pytest.mark.django_db
def test_store_claims_twice_does_not_duplicate():
    article = article_of()
    first = store_claims(article)
    store_claims(article)
    assert article.claims.count() == first


@pytest.mark.django_db
def test_store_claims_records_errors(monkeypatch):
    from factcheck.extraction import pipeline

    def boom(*args, **kwargs):
        raise ValueError("parser exploded")

    monkeypatch.setattr(pipeline, "_extract", boom)
    article = article_of()
    assert store_claims(article) == 0
    article.refresh_from_db()
    assert "parser exploded" in article.extraction_error
    assert article.claims.count() == 0


@pytest.mark.django_db
def test_store_claims_on_empty_body():
    article = article_of(body="   ")
    assert store_claims(article) == 0
    article.refresh_from_db()
    assert article.extracted_at is not None


@pytest.mark.django_db
def test_reextract_keeps_reviewed_work_and_replaces_the_rest(user):
    article = article_of()
    store_claims(article)
    claims = {c.kind: c for c in article.claims.all()}
    rating = Rating.objects.first() or Rating.objects.create(label="False", slug="false")
    with_verdict = claims["troops"]
    Verdict.objects.create(
        claim=with_verdict, revision=1, rating=rating, rationale="r", author=user
    )
    with_comment = claims["quote"]
    Comment.objects.create(claim=with_comment, author=user, body="check the tape")
    with_evidence = claims["casualties"]
    Evidence.objects.create(
        claim=with_evidence, url="https://example.org/a", title="A", stance="supports"
    )
    dismissed = article.claims.filter(kind="date").order_by("start").first()
    Claim.objects.filter(pk=dismissed.pk).update(status="dismissed")
    kept_pks = {with_verdict.pk, with_comment.pk, with_evidence.pk, dismissed.pk}
    untouched = set(article.claims.exclude(pk__in=kept_pks).values_list("pk", flat=True))
    assert untouched

    counts = reextract_article(article)

    assert counts["kept"] == 4
    assert counts["replaced"] == len(untouched)
    now = set(article.claims.values_list("pk", flat=True))
    assert kept_pks <= now
    assert not (untouched & now)
    # kept claims are not duplicated by the new run
    for pk in kept_pks:
        c = Claim.objects.get(pk=pk)
        assert article.claims.filter(kind=c.kind, start=c.start, end=c.end).count() == 1
    assert Verdict.objects.filter(claim=with_verdict).exists()
    assert article.claims.count() == counts["kept"] + counts["added"]
    # every new claim has its extracted event
    for c in article.claims.exclude(pk__in=kept_pks):
        assert list(c.events.values_list("action", flat=True)) == ["extracted"]


@pytest.mark.django_db
def test_reextract_keeps_claims_with_human_events(user):
    article = article_of()
    store_claims(article)
    claim = article.claims.get(kind="troops")
    ClaimEvent.objects.create(
        claim=claim, actor=user, action="queued", from_status="new", to_status="new"
    )
    counts = reextract_article(article)
    assert counts["kept"] == 1
    assert Claim.objects.filter(pk=claim.pk).exists()


@pytest.mark.django_db
def test_reextract_adds_claims_from_a_newer_extractor(monkeypatch):
    article = article_of()
    store_claims(article)
    total = article.claims.count()
    # an older extractor had found nothing but the troops figure, already reviewed
    older = article.claims.exclude(kind="troops")
    ClaimEvent.objects.filter(claim__in=older).delete()  # setup: as if never extracted
    older.delete()
    Claim.objects.filter(article=article).update(status="queued")
    counts = reextract_article(article)
    assert counts == {"replaced": 0, "kept": 1, "added": total - 1}
    assert article.claims.count() == total


@pytest.mark.django_db
def test_reextract_command_prints_counts(capsys):
    article = article_of()
    store_claims(article)
    call_command("reextract", "--article", str(article.pk))
    out = capsys.readouterr().out
    assert f"article {article.pk}: replaced" in out and "kept 0" in out


@pytest.mark.django_db
def test_reextract_after_edits_keeps_every_touched_claim_exactly(django_user_model):
    from django.contrib.auth.models import Group

    from factcheck import workflow

    editor = django_user_model.objects.create_user(username="ed", password="x-12345-pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    article = article_of(
        BODY + "\n\nThe bridge is 300 metres long and carries the main road to Tarsk."
    )
    store_claims(article)
    claims = {c.kind: c for c in article.claims.order_by("start")}
    edited = workflow.claim_edit(claim=claims["casualties"], actor=editor, kind="quantity")
    rejected = workflow.claim_reject(claim=claims["quote"], actor=editor)
    survivor = claims["troops"]
    duplicate = article.claims.filter(kind="date").order_by("start").first()
    workflow.claims_merge(claim=survivor, other=duplicate, actor=editor)
    words = "carries the main road to Tarsk"
    start = article.body.index(words)
    added = workflow.claim_add(
        article=article, actor=editor, kind="statement", start=start, end=start + len(words)
    )
    touched = [edited, rejected, survivor, duplicate, added]
    before = {
        c.pk: (Claim.objects.get(pk=c.pk).values_snapshot(), Claim.objects.get(pk=c.pk).status)
        for c in touched
    }
    versions = {c.pk: Claim.objects.get(pk=c.pk).version for c in touched}

    counts = reextract_article(article)

    assert counts["kept"] >= len(touched)
    for claim in touched:
        fresh = Claim.objects.get(pk=claim.pk)
        assert (fresh.values_snapshot(), fresh.status) == before[claim.pk]
        assert fresh.version == versions[claim.pk]
    # Nothing a person corrected, rejected or merged away comes back as a new claim.
    for claim in (edited, rejected, duplicate):
        original = Claim.objects.get(pk=claim.pk).extracted
        again = article.claims.filter(
            kind=original["kind"], start=original["start"], end=original["end"]
        ).exclude(pk=claim.pk)
        assert not again.exists(), original
    # The claim a person added is not extracted a second time beside it.
    assert article.claims.filter(kind="statement", start=added.start, end=added.end).count() == 1
