"""factory-boy factories for the tests: users in each role, articles, claims.

Claims are made new; to put one in another status, `drive` takes it there through
`workflow` (never by setting fields), so every test's data has its audit trail.
"""

import datetime
import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from factcheck import workflow
from factcheck.models import Article, Claim

BODY = (
    "The army said on Monday that 1,200 soldiers crossed the river near Karsk.\n\n"
    '"We will hold the bridge until the spring," said General Ana Petrova.\n\n'
    "At least 14 people were killed in shelling since March 3, officials said."
)


def _join(user, create, group):
    if create and group:
        user.groups.add(Group.objects.get(name=group))


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `UserFactory(group="Reviewers")` or `group="Editors"` gives a role."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-12345-factcheck")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        _join(self, create, extracted)


class ReviewerFactory(UserFactory):
    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        _join(self, create, extracted or "Reviewers")


class EditorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        _join(self, create, extracted or "Editors")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Army crosses the river, report {n}")
    body = BODY
    raw_text = factory.LazyAttribute(lambda a: f"{a.title}\n\n{a.body}\n")
    outlet = "Test Wire"
    url = factory.Sequence(lambda n: f"https://news.example.org/article-{n}")
    published = datetime.date(2024, 3, 11)
    content_hash = factory.LazyAttribute(
        lambda a: hashlib.sha256(f"{a.title}\n{a.body}".encode()).hexdigest()
    )
    source_name = factory.Sequence(lambda n: f"article-{n}.txt")


class ClaimFactory(factory.django.DjangoModelFactory):
    """A new claim whose span is found in its article's body (`span=` picks the words)."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    kind = Claim.Kind.TROOPS
    span = "1,200 soldiers"
    start = factory.LazyAttribute(lambda c: _find(c.article.body, c.span))
    end = factory.LazyAttribute(lambda c: c.start + len(c.span))
    text = factory.LazyAttribute(lambda c: _sentence(c.article.body, c.start))
    checkworthiness = 0.5


def _find(body: str, span: str) -> int:
    start = body.find(span)
    if start < 0:
        raise ValueError(f"{span!r} is not in the article body")
    return start


def _sentence(body: str, start: int) -> str:
    """The paragraph around `start` (the claim's sentence in these short test bodies)."""
    begin = body.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    end = body.find("\n\n", start)
    return body[begin : len(body) if end < 0 else end]


def drive(claim, status, *, reviewer, editor, editor2=None, rating="false"):
    """Move `claim` to `status` through the workflow; returns it re-read."""
    if status == "dismissed":
        workflow.claim_dismiss(claim=claim, actor=editor, reason="opinion")
    elif status != "new":
        workflow.claim_queue(claim=claim, actor=editor)
        if status != "queued":
            workflow.claim_take(claim=claim, actor=reviewer)
            workflow.evidence_add(
                claim=claim,
                actor=reviewer,
                url="https://example.org/source",
                title="Ministry figures",
                stance="contradicts",
            )
            if status != "in_review":
                workflow.verdict_propose(
                    claim=claim,
                    actor=reviewer,
                    rating=rating,
                    rationale="The ministry counted 900.",
                )
                if status != "proposed":
                    assert status == "published", status
                    workflow.verdict_approve(claim=claim, actor=editor2 or editor)
    claim.refresh_from_db()
    return claim


# --- intake ---


class FeedFactory(factory.django.DjangoModelFactory):
    """A followed feed; point `url` at the tests' local server to poll it."""

    class Meta:
        model = "factcheck.Feed"

    url = factory.Sequence(lambda n: f"https://outlet{n}.example/rss.xml")
    outlet = factory.Sequence(lambda n: f"Outlet {n}")


# --- stories ------------------------------------------------------------------------------


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "factcheck.Story"

    title = factory.Sequence(lambda n: f"Story {n}")


class StoryArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "factcheck.StoryArticle"

    article = factory.SubFactory(ArticleFactory)
    story = factory.SubFactory(StoryFactory)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "factcheck.Measure"

    story = factory.SubFactory(StoryFactory)
    kind = "figure"
    label = "people killed"


class MeasureClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "factcheck.MeasureClaim"

    measure = factory.SubFactory(MeasureFactory)
    claim = factory.SubFactory(ClaimFactory)


# --- desk and notifications ---


class CommentOnClaim:
    """Comments go through the workflow (comment_add), which writes their audit event."""

    @staticmethod
    def create(*, claim, author, body):
        return workflow.comment_add(claim=claim, actor=author, body=body)


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "factcheck.NotificationPreference"

    user = factory.SubFactory(ReviewerFactory)
    email_kinds = factory.LazyFunction(list)
