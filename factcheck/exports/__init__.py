"""Verdict exports (CSV, JSON, schema.org ClaimReview): streamed writers over claim querysets.

Every way out (the download view, the admin action, `manage.py export_verdicts`) goes
through `export_chunks`, so they all write the same thing.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from factcheck.exports import claimreview as _claimreview
from factcheck.exports import csv as _csv
from factcheck.exports import json as _json
from factcheck.exports.filters import ExportFilterError, ExportFilters


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    content_type: str
    extension: str
    prepare: Callable[[QuerySet], QuerySet]


FORMATS = {
    "csv": ExportFormat("csv", "CSV", "text/csv; charset=utf-8", "csv", _csv.prepare),
    "json": ExportFormat("json", "JSON", "application/json; charset=utf-8", "json", _json.prepare),
    "claimreview": ExportFormat(
        "claimreview",
        "ClaimReview",
        "application/ld+json; charset=utf-8",
        "claimreview.json",
        _claimreview.prepare,
    ),
}


def export_format(name: str) -> ExportFormat:
    """The format called `name`; ExportFilterError naming the choices otherwise."""
    name = (name or "").strip().lower()
    if name not in FORMATS:
        raise ExportFilterError(
            f"Unknown format {name!r}; use one of: {', '.join(FORMATS)}."
            if name
            else f"Choose a format: {', '.join(FORMATS)}."
        )
    return FORMATS[name]


def export_count(fmt: ExportFormat, claims: QuerySet) -> int:
    """How many claims the export will write (ClaimReview: only the published ones)."""
    return fmt.prepare(claims).count()


def export_chunks(
    fmt: ExportFormat, claims: QuerySet, *, filters: ExportFilters | None = None, on_claim=None
) -> Iterator[str]:
    """The export of these claims as text chunks, fetched and written as it goes."""
    if fmt.name == "csv":
        return _csv.write_csv(claims, on_claim=on_claim)
    if fmt.name == "json":
        return _json.write_json(claims, filters=filters, on_claim=on_claim)
    return _claimreview.write_claimreview(claims, on_claim=on_claim)


def export_filename(fmt: ExportFormat, *, now=None) -> str:
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return f"factcheck-verdicts-{stamp}.{fmt.extension}"


__all__ = [
    "FORMATS",
    "ExportFilterError",
    "ExportFilters",
    "ExportFormat",
    "export_chunks",
    "export_count",
    "export_filename",
    "export_format",
]
