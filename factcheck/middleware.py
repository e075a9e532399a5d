"""Middleware: lost database connections, proxy addresses, request ids and logs, no caching.

A lost database connection costs one retry, not a burst of 500s. When the database drops a
connection (a restart, a failover, pg_terminate_backend), every pooled connection that was
open fails on its next query. The request that meets one is retried once on a fresh
connection if it is a read (GET, HEAD, OPTIONS); a write, or a read that fails again, is
answered 503 with Retry-After, and nothing was half-written because every write runs in one
transaction.

Production: TrustedProxyMiddleware (TRUSTED_PROXY), RequestLogMiddleware (X-Request-ID,
LOG_FORMAT=json) and PrivateCacheMiddleware (no caching of a logged-in user's pages).
"""

import ipaddress
import logging
import re
import sys
import time
import uuid

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)
request_log = logging.getLogger("factcheck.requests")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

RETRY_AFTER_SECONDS = 5
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOST = "_factcheck_database_connection_lost"


def _broken_connections() -> list:
    """The open database connections that no longer work."""
    return [
        conn
        for conn in connections.all(initialized_only=True)
        if conn.connection is not None and not conn.is_usable()
    ]


def _note_lost_connection(sender, request=None, **kwargs):
    # Sent while Django turns an exception anywhere in the request into a 500, inside the
    # except block, so the exception is at hand; a middleware's __call__ sees only the 500.
    exception = sys.exception()
    if (
        request is not None
        and isinstance(exception, OperationalError | InterfaceError)
        and _broken_connections()
    ):
        setattr(request, LOST, True)


got_request_exception.connect(_note_lost_connection, dispatch_uid="factcheck-db-connection-lost")


def _close_broken_connections():
    for conn in _broken_connections():
        conn.close()


class DatabaseConnectionLostMiddleware:
    """Retry a read once on a fresh connection; otherwise answer 503 with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, LOST, False):
            return response
        _close_broken_connections()
        if request.method in SAFE_METHODS:
            logger.warning("database connection lost; retrying %s once", request.path)
            setattr(request, LOST, False)
            response = self.get_response(request)
            if not getattr(request, LOST, False):
                return response
            _close_broken_connections()
        return unavailable()


def unavailable() -> HttpResponse:
    # No template and no user lookup: the database is what is missing.
    response = HttpResponse(
        "<!doctype html><title>Try again in a moment · factcheck</title>"
        '<div class="flash flash-error" role="alert">The database did not answer. Nothing '
        f"was changed; try again in {RETRY_AFTER_SECONDS} seconds.</div>",
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


# --- production: proxies, request ids and logs, private pages ---


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
