"""A lost database connection costs one retry, not a burst of 500s.

When the database drops a connection (a restart, a failover, pg_terminate_backend), every
pooled connection that was open fails on its next query. The request that meets one is
retried once on a fresh connection if it is a read (GET, HEAD, OPTIONS); a write, or a
read that fails again, is answered 503 with Retry-After, and nothing was half-written
because every write runs in one transaction.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse

logger = logging.getLogger(__name__)

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
