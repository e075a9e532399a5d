"""Verdict reports and exports: the per-article report page and the export download."""

from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from factcheck.exports import (
    FORMATS,
    ExportFilterError,
    ExportFilters,
    export_chunks,
    export_filename,
    export_format,
)
from factcheck.exports.report import article_report as build_article_report
from factcheck.http import HtmxHttpRequest
from factcheck.models import Article


@require_GET
@permission_required("factcheck.export_verdicts", raise_exception=True)
def article_report(request: HtmxHttpRequest, pk):
    article = get_object_or_404(Article, pk=pk)
    report = build_article_report(article)
    return render(
        request,
        "reports/article_report.html",
        {"article": article, "report": report, "formats": FORMATS.values()},
    )


@require_GET
@permission_required("factcheck.export_verdicts", raise_exception=True)
def export(request: HtmxHttpRequest):
    try:
        fmt = export_format(request.GET.get("format", "csv"))
        filters = ExportFilters.from_query(request.GET)
    except ExportFilterError as exc:
        return render(request, "reports/export_error.html", {"message": exc.message}, status=400)
    response = StreamingHttpResponse(
        export_chunks(fmt, filters.claims(), filters=filters), content_type=fmt.content_type
    )
    response["Content-Disposition"] = content_disposition_header(True, export_filename(fmt))
    patch_cache_control(response, private=True, no_store=True)
    return response
