"""Production middleware: proxy addresses, request ids and logs, no caching of private pages."""

import ipaddress
import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.cache import patch_cache_control

request_log = logging.getLogger("factcheck.requests")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _forwarded_client(header: str, proxies: int) -> str | None:
    """The client address the first of `proxies` trusted proxies saw, from X-Forwarded-For.

    Each proxy appends the address it received from, so with N proxies the client is the
    N-th entry from the right; anything left of it was written by the client and is ignored.
    """
    parts = [part.strip() for part in header.split(",") if part.strip()]
    if not parts:
        return None
    candidate = parts[-proxies] if len(parts) >= proxies else parts[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class TrustedProxyMiddleware:
    """With TRUSTED_PROXY=N, REMOTE_ADDR becomes the client address the proxies report.

    Without it, X-Forwarded-For is ignored (anyone can send one), so login throttling and
    logs see the real peer address.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = settings.TRUSTED_PROXY_COUNT

    def __call__(self, request):
        header = request.META.get("HTTP_X_FORWARDED_FOR") if self.proxies else None
        if header and (client := _forwarded_client(header, self.proxies)):
            request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


def client_ip(request) -> str | None:
    """The address login throttling counts failures against (see TrustedProxyMiddleware)."""
    return request.META.get("REMOTE_ADDR")


class RequestLogMiddleware:
    """Gives every request an id (X-Request-ID) and, with LOG_FORMAT=json, logs one line.

    A trusted proxy's X-Request-ID is kept so its logs and ours share the id.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.json = settings.LOG_FORMAT == "json"
        self.trust_header = bool(settings.TRUSTED_PROXY_COUNT)

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.META.get("HTTP_X_REQUEST_ID", "") if self.trust_header else ""
        request.id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        if self.json:
            user = getattr(request, "user", None)
            request_log.info(
                "request",
                extra={
                    "request_id": request.id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "remote_addr": request.META.get("REMOTE_ADDR"),
                },
            )
        return response


class PrivateCacheMiddleware:
    """Pages shown to a logged-in user: `Cache-Control: private, no-store`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
