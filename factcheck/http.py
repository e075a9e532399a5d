"""HTMX helpers: typed requests, login redirects for HTMX, readable error swaps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def is_fragment_request(request) -> bool:
    """An HTMX request that wants a fragment (a history restore wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


class HtmxLoginRedirectMiddleware:
    """A login redirect during an HTMX request becomes HX-Redirect to the login page.

    Without this, htmx would follow the 302 and swap the login form into a table row.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if (
            htmx
            and response.status_code == 302
            and not request.user.is_authenticated
            and response.get("Location", "").startswith(_login_url())
        ):
            return HttpResponseClientRedirect(_login_url() + "?next=" + _safe_next(request))
        return response


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


def _safe_next(request) -> str:
    from urllib.parse import quote

    # After logging in, go back to the page the user was on, not to the fragment URL.
    current = request.headers.get("HX-Current-URL", "")
    host = request.build_absolute_uri("/")
    path = current[len(host) - 1 :] if current.startswith(host) else request.get_full_path()
    return quote(path, safe="/")


def message_response(message: str, *, status: int, target: str | None = None) -> HttpResponse:
    """A short readable error for an HTMX swap (403/409...), escaped."""
    from django.utils.html import format_html

    response = HttpResponse(
        format_html('<div class="flash flash-error" role="alert">{}</div>', message),
        status=status,
    )
    if target:
        response = reswap(retarget(response, target), "innerHTML")
    return response


def refusal_response(request, error, *, page: HttpResponse | None = None, target=None):
    """The one place a domain error (workflow.WorkflowError) becomes an HTTP response.

    `page` is the view's own rendering of the current state with the message in place; for
    an HTMX request it is swapped into `target`. Without a page: a flash message in the
    page's flash area (HTMX), or a short page naming the problem.
    """
    if page is not None:
        if target and is_fragment_request(request):
            page = reswap(retarget(page, target), "outerHTML")
        return page
    if is_fragment_request(request):
        return message_response(error.message, status=error.status_code, target="#flash")
    return render(
        request, "claims/problem.html", {"message": error.message}, status=error.status_code
    )
