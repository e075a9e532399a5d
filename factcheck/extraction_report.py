"""The extractor's report card: what people kept, corrected, rejected and added, by SQL.

Every extracted claim keeps what the extractor first said (`Claim.extracted`); people's
edits leave the fields they changed in `Claim.corrections`. A claim counts once a person
has looked at it: any event with an actor but queueing (triage says "worth checking", not
"right"): taking, editing, rejecting, dismissing...; the rest are "not reviewed yet" and stay
out of the estimates. For the reviewed claims of each kind
(the kind the extractor gave):

- unchanged: kept as the extractor said it;
- corrected: kept, with some fields changed (counted per field);
- rejected: dismissed as "not a claim";
- duplicate: merged into another claim;
- added by hand: claims of this kind people added where the extractor found nothing.

Estimates, as the corpus scorer would compute them if people's work were the gold:
precision = unchanged / reviewed (strict: values right too), found = (unchanged +
corrected) / reviewed, recall = unchanged / (unchanged + corrected + added) (strict),
recall found = (unchanged + corrected) / (unchanged + corrected + added).
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncMonth

from factcheck.models import CORRECTABLE_FIELDS, Claim, ClaimEvent
from factcheck.workflow import NOT_A_CLAIM, PEOPLE_EVENTS

EXTRACTED = Q(origin=Claim.Origin.EXTRACTOR)
REJECTED = Q(dismissal_reason=NOT_A_CLAIM)
DUPLICATE = Q(merged_into__isnull=False) & ~REJECTED
KEPT = ~REJECTED & Q(merged_into__isnull=True)
REVIEWED = Q(reviewed=True)
TRIAGE_ONLY = ("queue",)


@dataclass
class Row:
    """One line of the report card: a kind, a month or an extractor version."""

    name: str
    unchanged: int = 0
    corrected: int = 0
    rejected: int = 0
    duplicate: int = 0
    added: int = 0
    not_reviewed: int = 0
    fixed: dict = field(default_factory=dict)  # field -> how many corrections changed it

    @property
    def reviewed(self) -> int:
        return self.unchanged + self.corrected + self.rejected + self.duplicate

    @property
    def found(self) -> int:
        return self.unchanged + self.corrected

    @property
    def precision(self) -> float | None:
        return _ratio(self.unchanged, self.reviewed)

    @property
    def precision_found(self) -> float | None:
        return _ratio(self.found, self.reviewed)

    @property
    def recall(self) -> float | None:
        return _ratio(self.unchanged, self.found + self.added)

    @property
    def recall_found(self) -> float | None:
        return _ratio(self.found, self.found + self.added)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return round(2 * p * r / (p + r), 3)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(
            reviewed=self.reviewed,
            precision=self.precision,
            precision_found=self.precision_found,
            recall=self.recall,
            recall_found=self.recall_found,
            f1=self.f1,
        )
        return data


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


@dataclass
class ReportCard:
    since: datetime.date | None
    total: Row
    kinds: list[Row]
    months: list[Row]
    versions: list[Row]

    def as_dict(self) -> dict:
        return {
            "since": self.since.isoformat() if self.since else None,
            "total": self.total.as_dict(),
            "kinds": [row.as_dict() for row in self.kinds],
            "months": [row.as_dict() for row in self.months],
            "versions": [row.as_dict() for row in self.versions],
        }


def _claims(since):
    people = ClaimEvent.objects.filter(claim=OuterRef("pk")).filter(
        (Q(actor__isnull=False) & ~Q(action__in=TRIAGE_ONLY)) | Q(action__in=PEOPLE_EVENTS)
    )
    claims = Claim.objects.annotate(reviewed=Exists(people))
    if since:
        claims = claims.filter(article__imported_at__date__gte=since)
    return claims


def _aggregates() -> dict:
    counted = EXTRACTED & REVIEWED
    corrected = counted & KEPT & ~Q(corrections="")
    aggregates = {
        "unchanged": Count("pk", filter=counted & KEPT & Q(corrections="")),
        "corrected": Count("pk", filter=corrected),
        "rejected": Count("pk", filter=counted & REJECTED),
        "duplicate": Count("pk", filter=counted & DUPLICATE),
        "added": Count("pk", filter=Q(origin=Claim.Origin.PERSON) & KEPT),
        "not_reviewed": Count("pk", filter=EXTRACTED & ~REVIEWED),
    }
    for name in CORRECTABLE_FIELDS:
        aggregates[f"fixed_{name}"] = Count("pk", filter=corrected & Q(corrections__contains=name))
    return aggregates


def _row(name, values: dict) -> Row:
    fixed = {f: values[f"fixed_{f}"] for f in CORRECTABLE_FIELDS if values[f"fixed_{f}"]}
    return Row(
        name=str(name),
        unchanged=values["unchanged"],
        corrected=values["corrected"],
        rejected=values["rejected"],
        duplicate=values["duplicate"],
        added=values["added"],
        not_reviewed=values["not_reviewed"],
        fixed=fixed,
    )


def _grouped(claims, expression) -> list[tuple]:
    rows = (
        claims.annotate(group=expression)
        .values("group")
        .annotate(**_aggregates())
        .order_by("group")
    )
    return [(values["group"], values) for values in rows]


def report_total(*, since: datetime.date | None = None) -> Row:
    """The report card's "All kinds" line alone, in one query (the dashboard shows it)."""
    return _row("All kinds", _claims(since).aggregate(**_aggregates()))


def report_card(*, since: datetime.date | None = None) -> ReportCard:
    """The report card over claims of articles imported since `since` (all by default)."""
    claims = _claims(since)
    total = _row("All kinds", claims.aggregate(**_aggregates()))
    # The kind the extractor gave; a claim added by hand counts under its own kind.
    kind = Case(
        When(origin=Claim.Origin.PERSON, then=F("kind")),
        default=Coalesce(KT("extracted__kind"), F("kind")),
        output_field=CharField(),
    )
    labels = dict(Claim.Kind.choices)
    kinds = {group: _row(labels.get(group, group), v) for group, v in _grouped(claims, kind)}
    ordered = [kinds[k] for k in Claim.Kind.values if k in kinds]
    # A claim added by hand is a miss of the extractor that last read its article.
    version = Case(
        When(origin=Claim.Origin.PERSON, then=F("article__extractor_version")),
        default=F("extractor_version"),
        output_field=CharField(),
    )
    versions = [
        _row(group or "unknown", v) for group, v in _grouped(claims, Coalesce(version, Value("")))
    ]
    months = [
        _row(group.strftime("%Y-%m") if group else "unknown", v)
        for group, v in _grouped(claims, TruncMonth("article__imported_at"))
    ]
    return ReportCard(since=since, total=total, kinds=ordered, months=months, versions=versions)


FIELD_WORDS = {
    "kind": "kind",
    "span": "words",
    "low": "low",
    "high": "high",
    "qualifier": "qualifier",
    "unit": "what is counted",
    "date": "date",
    "granularity": "precision",
    "speaker": "speaker",
}


def fixed_text(row: Row) -> str:
    """ "low 2, unit 1": which fields corrections changed, in words."""
    return ", ".join(f"{FIELD_WORDS.get(name, name)} {n}" for name, n in row.fixed.items())
