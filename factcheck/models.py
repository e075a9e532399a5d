"""The newsroom's records: articles, their claims, ratings, verdicts, evidence and audit.

Data and invariants only. Status changes live in workflow.py; nothing here moves a
claim from one status to another.
"""

from django.conf import settings
from django.db import models, router, transaction
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Upper
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

# Limits on what people type into the review forms (the forms say them too).
RATIONALE_MAX = 5_000
NOTE_MAX = 2_000
EXCERPT_MAX = 2_000
COMMENT_MAX = 5_000
REASON_MAX = 200


_URL_MARK = 987654321987  # an id no page has, replaced by the real one
_url_parts: dict = {}


def object_url(name: str, pk: int) -> str:
    """`reverse(name, args=[pk])` for an object's page, at a fraction of its cost.

    The route is reversed once (per URL configuration and script prefix) and the id put in
    its place: an article page links each of its claims twice, a report hundreds.
    """
    key = (name, get_urlconf(), get_script_prefix())
    parts = _url_parts.get(key)
    if parts is None:
        parts = _url_parts[key] = tuple(reverse(name, args=[_URL_MARK]).split(str(_URL_MARK)))
    return f"{parts[0]}{int(pk)}{parts[1]}"


def copy_outlets(claim_model, article_model, claims=None, *, batch=None):
    """Give claims (all, or the queryset `claims`) their article's outlet where it differs
    (Claim.outlet); the number changed. With `batch`, in transactions of that many ids each,
    so no lock is held long (migration 0016, manage.py copy_outlets on a large table).
    Takes the model classes, so a migration can pass its historical ones."""
    claims = claim_model._default_manager.all() if claims is None else claims
    article_outlet = Subquery(
        article_model._default_manager.filter(pk=OuterRef("article_id")).values("outlet")[:1]
    )
    stale = claims.annotate(article_outlet=article_outlet).exclude(outlet=F("article_outlet"))
    if not batch:
        return claim_model._default_manager.filter(pk__in=stale.values("pk")).update(
            outlet=article_outlet
        )
    top = claims.aggregate(top=models.Max("pk"))["top"] or 0
    changed = 0
    for start in range(0, top + 1, batch):
        with transaction.atomic(using=claims.db):
            part = stale.filter(pk__gte=start, pk__lt=start + batch)
            changed += claim_model._default_manager.filter(pk__in=part.values("pk")).update(
                outlet=article_outlet
            )
    return changed


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """An update that changes outlets changes their claims' copy too (Claim.outlet)."""
        if "outlet" not in kwargs:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))
            done = super().update(**kwargs)
            copy_outlets(Claim, Article, Claim.objects.filter(article_id__in=ids))
        return done


class Article(models.Model):
    title = models.CharField(max_length=500)
    body = models.TextField(help_text="The article text claims are extracted from.")
    raw_text = models.TextField(help_text="The file as imported, furniture included.")
    source_line = models.CharField(
        max_length=500, blank=True, help_text="The source metadata line, kept verbatim."
    )
    outlet = models.CharField(max_length=200, blank=True, db_index=True)
    author = models.CharField(
        max_length=200, blank=True, help_text="The byline, as the page gives it."
    )
    url = models.URLField(max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    source_name = models.CharField(max_length=255, blank=True, help_text="The imported file.")
    imported_at = models.DateTimeField(default=timezone.now, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_articles",
    )
    extracted_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=40, blank=True)
    extraction_error = models.TextField(blank=True)
    # Archived: hidden from the queue, everything kept (an article with history is never
    # deleted; see workflow.article_archive).
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        permissions = [("import_articles", "Can import articles")]
        indexes = [
            # The queue filters outlets case-insensitively (outlet__iexact: UPPER(outlet) =
            # UPPER(%s) on PostgreSQL). Besides the lookup, the index gives the planner
            # statistics on UPPER(outlet), so it knows one outlet is a twelfth of the claims,
            # not the 0.5% it guesses for an expression without them.
            models.Index(Upper("outlet"), name="article_outlet_upper"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if self._state.adding or (fields is not None and "outlet" not in fields):
            return super().save(*args, **kwargs)
        # The outlet may have been edited (the admin): the claims' copy follows.
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Article)):
            super().save(*args, **kwargs)
            copy_outlets(Claim, Article, self.claims.all())

    def get_absolute_url(self):
        return object_url("article", self.pk)


# The values of a claim people can correct, in the order the report card lists them.
CORRECTABLE_FIELDS = (
    "kind",
    "span",
    "low",
    "high",
    "qualifier",
    "unit",
    "date",
    "granularity",
    "speaker",
)


def _plain_number(value) -> str | None:
    """A figure as exact text ("1200", "2.5"), so JSON keeps it without float drift."""
    if value is None or value == "":
        return None
    from decimal import Decimal

    number = Decimal(str(value)).normalize()
    return format(number, "f")


class ClaimQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        Claim.prepare_new(objs)
        return super().bulk_create(objs, *args, **kwargs)


# Between the parts of Claim.search: a search term is one line, so it never matches
# across two parts.
SEARCH_SEPARATOR = "\n"


class Claim(models.Model):
    class Kind(models.TextChoices):
        TROOPS = "troops", "Troops"
        CASUALTIES = "casualties", "Casualties"
        DATE = "date", "Date"
        QUANTITY = "quantity", "Quantity"
        QUOTE = "quote", "Quote"
        STATEMENT = "statement", "Statement"

    class Status(models.TextChoices):
        NEW = "new", "New"
        QUEUED = "queued", "Queued"
        IN_REVIEW = "in_review", "In review"
        PROPOSED = "proposed", "Proposed"
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"

    class Qualifier(models.TextChoices):
        EXACT = "exact", "exact"
        ABOUT = "about", "about"
        MORE_THAN = "more_than", "more than"
        LESS_THAN = "less_than", "less than"
        AT_LEAST = "at_least", "at least"
        UP_TO = "up_to", "up to"
        RANGE = "range", "range"
        VAGUE = "vague", "vague"

    class Origin(models.TextChoices):
        EXTRACTOR = "extractor", "Found by the extractor"
        PERSON = "person", "Added by a person"

    class Granularity(models.TextChoices):
        DAY = "day", "day"
        MONTH = "month", "month"
        PART_OF_MONTH = "part_of_month", "part of month"
        YEAR = "year", "year"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    text = models.TextField(help_text="The sentence or clause that carries the claim.")
    span = models.TextField(blank=True, help_text="The words of the claim itself.")
    start = models.PositiveIntegerField(help_text="Offset of the span in the article body.")
    end = models.PositiveIntegerField()
    # Figures
    low = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    # Dates: ISO text as precise as the article allows (YYYY, YYYY-MM or YYYY-MM-DD)
    date = models.CharField(max_length=10, blank=True)
    granularity = models.CharField(max_length=14, choices=Granularity.choices, blank=True)
    # Quotes
    speaker = models.CharField(max_length=200, blank=True)
    entities = models.JSONField(default=list, blank=True)
    checkworthiness = models.FloatField(default=0.5)
    extractor_version = models.CharField(max_length=40, blank=True)
    # Review state
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    dismissal_reason = models.CharField(max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        # claim_mine_rank (assignee, -checkworthiness, id) serves the lookups by assignee.
        db_index=False,
    )
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # What people changed (workflow.claim_add / claim_edit / claims_merge / claim_reject)
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.EXTRACTOR, db_index=True
    )
    extracted = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="What the extractor first said (kind, span, values); empty for added claims.",
    )
    corrections = models.CharField(
        max_length=120,
        blank=True,
        editable=False,
        help_text="The fields people changed from what the extractor said, space-separated.",
    )
    # What the queue's text search looks in: the sentence, the claim's words and the
    # speaker, upper-cased, kept by the database. One LIKE per row on a ready column
    # instead of three UPPER(...) LIKE (a rare word's search at 1M claims: 10 -> 3.5 ms),
    # and one trigram index instead of three (migration 0013).
    search = models.GeneratedField(
        expression=Upper(
            Concat(
                "text",
                Value(SEARCH_SEPARATOR),
                "span",
                Value(SEARCH_SEPARATOR),
                "speaker",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    # The article's outlet, copied: the queue filters by outlet in rank order from one
    # index (claim_outlet_rank) instead of looking up each claim's article (kind + outlet
    # at 1M claims: ~550 article look-ups per page). Set when a claim is created
    # (prepare_new) and kept when the article's outlet changes (Article.save,
    # ArticleQuerySet.update); `copy_outlets` mends any that differ.
    # The column's own default lets code of the release before it insert claims (deploy.md).
    outlet = models.CharField(max_length=200, blank=True, default="", db_default="", editable=False)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # Deleting the survivor alone is refused; deleting the article takes both.
        on_delete=models.RESTRICT,
        related_name="duplicates",
        editable=False,
        help_text="The claim this one was merged into as a duplicate.",
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "id"]
        permissions = [
            ("review_claim", "Can take claims, gather evidence and propose verdicts"),
            ("edit_claim", "Can triage, assign, approve, return, publish and correct claims"),
            ("export_verdicts", "Can export verdicts"),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness", "id"], name="claim_queue_rank"),
            models.Index(fields=["status", "created_at", "id"], name="claim_queue_age"),
            # "Mine" in rank order, read by keyset: all my claims, and those in one status.
            models.Index(fields=["assignee", "-checkworthiness", "id"], name="claim_mine_rank"),
            models.Index(
                fields=["assignee", "status", "-checkworthiness", "id"],
                name="claim_assignee_rank",
            ),
            # One kind in rank order (the kind filter, alone or with an outlet).
            models.Index(fields=["kind", "-checkworthiness", "id"], name="claim_kind_rank"),
            # One outlet in rank order (the outlet filter, alone or with a kind), matched
            # case-insensitively as queue._filtered asks (UPPER(outlet) = UPPER(%s)).
            models.Index(
                Upper("outlet"), F("checkworthiness").desc(), F("id"), name="claim_outlet_rank"
            ),
            # The unfiltered queue (any status) in rank and age order, read by keyset. The
            # rank index carries the claim's article, status and search text: a text search
            # walks it in rank order without reading the claims it passes over, for its page
            # (queue.rows_query; a common word at 100k claims: 1,800 claims passed over for
            # 51 matches, 4.8 -> 2.5 ms) and its counts (queue.counts_query).
            models.Index(
                fields=["-checkworthiness", "id"],
                include=["article", "status", "search"],
                name="claim_rank_all",
            ),
            # A search for a figure ("2000") matches claims' values too (queue._filtered):
            # with these and Claim.search's trigram index PostgreSQL reads a rare figure's
            # matches by bitmap; without them it walked every claim in rank order ('2000'
            # at 1M claims: 6.2 s, now 39 ms).
            models.Index(fields=["low"], name="claim_low"),
            models.Index(fields=["high"], name="claim_high"),
            models.Index(fields=["created_at", "id"], name="claim_age_all"),
            # Finding expired leases touches only the claims under review.
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(status="in_review"),
                name="claim_lease_expiry",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="claim_checkworthiness_0_1",
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="claim_span_ordered"
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=models.F("high")),
                name="claim_low_le_high",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
            # A claim under review has its reviewer; no one holds a claim in the queue.
            models.CheckConstraint(
                condition=~Q(status="in_review") | Q(assignee__isnull=False),
                name="claim_in_review_has_assignee",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.span or self.text[:80]}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            Claim.prepare_new([self])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("claim", self.pk)

    @staticmethod
    def prepare_new(claims):
        """What every new claim holds however it is written (save, bulk_create, the bench's
        COPY): the extractor's first word, and its article's outlet (one query for the
        claims whose article is not loaded)."""
        missing = set()
        for claim in claims:
            claim.remember_extraction()
            if Claim.article.is_cached(claim) and claim.article is not None:
                claim.outlet = claim.article.outlet
            elif claim.article_id is not None:
                missing.add(claim.article_id)
        if missing:
            outlets = dict(Article.objects.filter(pk__in=missing).values_list("pk", "outlet"))
            for claim in claims:
                if not Claim.article.is_cached(claim) and claim.article_id in outlets:
                    claim.outlet = outlets[claim.article_id]

    # Pages list dozens of claims with their kind and status in words; a dict look-up is
    # several times quicker than Django's generic get_FOO_display.
    def get_kind_display(self):
        return _CLAIM_KINDS.get(self.kind, self.kind)

    def get_status_display(self):
        return _CLAIM_STATUSES.get(self.status, self.status)

    @property
    def lease_active(self) -> bool:
        return bool(self.lease_expires_at and self.lease_expires_at > timezone.now())

    def values_snapshot(self) -> dict:
        """Kind, place and values as JSON-safe data (what `extracted` and edit events hold)."""
        return {
            "kind": self.kind,
            "span": self.span,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "low": _plain_number(self.low),
            "high": _plain_number(self.high),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "date": self.date,
            "granularity": self.granularity,
            "speaker": self.speaker,
        }

    def remember_extraction(self):
        """A claim the extractor makes keeps what it first said, whichever way it is saved."""
        if self._state.adding and self.origin == self.Origin.EXTRACTOR and self.extracted is None:
            self.extracted = self.values_snapshot()

    def corrected_fields(self) -> list[str]:
        """The fields whose value differs from what the extractor said (empty if added)."""
        if not self.extracted:
            return []
        now = self.values_snapshot()
        changed = []
        for name in CORRECTABLE_FIELDS:
            if name == "span":
                same = all(now[k] == self.extracted.get(k) for k in ("start", "end"))
            elif name == "qualifier":  # a figure with no qualifier is exact
                same = (now[name] or "exact") == (self.extracted.get(name) or "exact")
            else:
                same = (now[name] or None) == (self.extracted.get(name) or None)
            if not same:
                changed.append(name)
        return changed


_CLAIM_KINDS = dict(Claim.Kind.choices)
_CLAIM_STATUSES = dict(Claim.Status.choices)


class Rating(models.Model):
    """One step of the verdict scale; editors can change the scale in the admin."""

    label = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Numeric value for schema.org ClaimReview (empty: not on the numeric scale).",
    )
    colour = models.CharField(max_length=7, default="#777777", help_text="A hex colour.")
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="rating_colour_hex"
            ),
        ]

    def __str__(self):
        return self.label


class Verdict(models.Model):
    """One revision of a claim's verdict. Earlier revisions are kept."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        RETURNED = "returned", "Returned"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    revision = models.PositiveIntegerField()
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts_proposed"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdicts_approved",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="What the editor asked to fix.")
    correction_note = models.TextField(blank=True)
    evidence = models.ManyToManyField("Evidence", blank=True, related_name="verdicts")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "revision"], name="verdict_claim_revision"),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(state="published"), name="verdict_one_published"
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(approved_by__isnull=False),
                name="verdict_published_is_approved",
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="verdict_revision_positive"),
        ]

    def __str__(self):
        return f"{self.claim_id} r{self.revision}: {self.rating}"


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True)
    stance = models.CharField(max_length=12, choices=Stance.choices)
    accessed = models.DateField(default=timezone.localdate)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="Removed from the draft; kept if a verdict cites it."
    )

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]

    def __str__(self):
        return self.body[:60]


class ClaimEvent(models.Model):
    """Append-only audit log: one row for every step a claim takes."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "created_at", "id"], name="event_claim_time"),
            # The dashboard reads one kind of step over a period (approvals per day...).
            models.Index(fields=["action", "created_at"], name="event_action_time"),
        ]

    def __str__(self):
        return f"{self.action} ({self.from_status or '-'} -> {self.to_status or '-'})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Claim events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Claim events are append-only.")


class Feed(models.Model):
    """An outlet's RSS or Atom feed the newsroom follows; new entries are imported by URL."""

    url = models.URLField("feed address", max_length=1000, unique=True)
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Outlet name for articles whose page gives none."
    )
    active = models.BooleanField(default=True, help_text="Polled for new articles.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    # Conditional GET: an unchanged feed answers 304 and costs nothing.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True, help_text="What went wrong at the last poll.")
    last_imported = models.PositiveIntegerField(
        default=0, help_text="Articles imported at the last poll."
    )

    class Meta:
        ordering = ["outlet", "url"]

    def __str__(self):
        return self.outlet or self.url


# --- stories: one event across outlets (factcheck/stories/) ----------------------------------


class Story(models.Model):
    """Articles that report one event. A singleton article is its own story."""

    title = models.CharField(max_length=500, blank=True)
    first_published = models.DateField(null=True, blank=True, db_index=True)
    last_published = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-first_published", "-id"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title or f"Story {self.pk}"

    def get_absolute_url(self):
        return object_url("story", self.pk)


class StoryArticle(models.Model):
    """An article's place in a story; `pinned` when an editor put it there (rebuilds keep it)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="story_link")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="links")
    pinned = models.BooleanField(default=False)
    apart = models.JSONField(
        default=list, blank=True, help_text="Articles an editor took this one away from."
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["story_id", "id"]
        indexes = [models.Index(fields=["story", "article"], name="storyarticle_story")]

    def __str__(self):
        return f"{self.article_id} in {self.story_id}"


class ArticleKey(models.Model):
    """The grouping index: the places, people and organisations an article's title and lead
    name, with its date, so a new article meets only candidates sharing a key near its date."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="story_keys")
    key = models.CharField(max_length=80)
    published = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["key", "published"], name="articlekey_key_date"),
            models.Index(fields=["article"], name="articlekey_article"),
        ]

    def __str__(self):
        return self.key


class Measure(models.Model):
    """Figures or dates that articles of one story report about the same thing."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=10)  # "figure" or "date"
    label = models.CharField(max_length=200, blank=True)
    values_agree = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["story_id", "id"]

    def __str__(self):
        return self.label or f"Measure {self.pk}"


class MeasureClaim(models.Model):
    """A claim's place in a measure: a claim belongs to at most one measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="entries")
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="measure_entry")
    conflicts = models.BooleanField(
        default=False, help_text="Its value cannot be true together with another outlet's."
    )

    class Meta:
        ordering = ["measure_id", "id"]
        indexes = [models.Index(fields=["measure", "claim"], name="measureclaim_measure")]

    def __str__(self):
        return f"{self.claim_id} in {self.measure_id}"


class StoryEvent(models.Model):
    """Append-only audit log of editors' story decisions (move, merge, split)."""

    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.action

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Story events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Story events are append-only.")


class ClaimLink(models.Model):
    """Two claims that say the same thing, linked by a reviewer (earlier verdicts reused);
    or a suggestion the reviewer dismissed (`dismissed`)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_out")
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_in")
    dismissed = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="claimlink_pair"),
            models.CheckConstraint(condition=~Q(claim=models.F("other")), name="claimlink_two"),
        ]

    def __str__(self):
        return f"{self.claim_id} -> {self.other_id}"


# --- notifications (factcheck/notifications.py decides who is told what) -------------------


class Notification(models.Model):
    """One thing a user was told: in the app (the bell) and, if they chose it, by email."""

    class Kind(models.TextChoices):
        ASSIGN = "assign", "A claim was assigned to me"
        RETURN = "return", "My verdict or correction was sent back"
        PUBLISH = "publish", "My verdict was approved and published"
        CORRECTION = "correction", "A verdict I worked on was corrected"
        MENTION = "mention", "Someone mentioned me in a comment"
        LEASE = "lease", "My hold on a claim is about to run out"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        ClaimEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.CharField(max_length=500)
    note = models.TextField(blank=True, help_text="The editor's note or the comment.")
    key = models.CharField(
        max_length=100, help_text="What this tells about, so it is told once per recipient."
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "kind", "-created_at"], name="notification_kind"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once"),
        ]

    def __str__(self):
        return self.message


class NotificationPreference(models.Model):
    """Which kinds of notification reach a user by email (all of them show in the app)."""

    DEFAULT_EMAIL_KINDS = ["assign", "return", "mention"]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_kinds = models.JSONField(default=list, blank=True)

    def __str__(self):
        return f"{self.user}: {', '.join(self.email_kinds) or 'no email'}"
