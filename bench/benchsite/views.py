"""The minimal logged-in page: the reference the benchmarks compare every page against."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def ping(request):
    # Same middleware, session and user lookup as every page; one tiny template, no queries
    # of its own, so its latency is the floor a real page is measured against.
    return render(request, "benchsite/ping.html")
