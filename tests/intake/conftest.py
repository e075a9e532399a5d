"""A real HTTP server on 127.0.0.1 in a thread, serving the pages and feeds tests ask for."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class Route:
    def __init__(self, body=b"", status=200, content_type="text/html; charset=utf-8", **kw):
        self.body = body.encode() if isinstance(body, str) else body
        self.status = status
        self.content_type = content_type
        self.headers = kw.get("headers", {})
        self.delay = kw.get("delay", 0)
        self.location = kw.get("location")
        self.etag = kw.get("etag")
        self.send_length = kw.get("send_length", True)


class Site:
    """Routes by path; `hits` counts requests per path, `requests` keeps their headers."""

    def __init__(self, server):
        self.server = server
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict]] = []
        host, port = server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.port = port

    def add(self, path, body=b"", **kw):
        self.routes[path] = Route(body, **kw)
        return f"{self.url}{path}"

    def page(self, path, fixture):
        return self.add(path, (FIXTURES / fixture).read_bytes())


def _handler(site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - the http.server API
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            site.requests.append((self.path, dict(self.headers)))
            route = site.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<h1>Not found</h1>")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            if route.location:
                self.send_header("Location", route.location)
            self.send_header("Content-Type", route.content_type)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

    return Handler


@pytest.fixture
def site(settings):
    """The local web: pages served on 127.0.0.1, which INTAKE_ALLOWED_HOSTS lets through."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    s = Site(server)
    server.RequestHandlerClass = _handler(s)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.INTAKE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.INTAKE_FETCH_TIMEOUT = 2
    yield s
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_extraction(monkeypatch):
    """Extraction that stores two claims, so command tests need no spaCy."""
    from django.utils import timezone

    from factcheck.models import Claim

    calls = []

    def store(article, **kwargs):
        calls.append(article.pk)
        for start in (0, 4):
            Claim.objects.create(
                article=article,
                kind="statement",
                text=article.body,
                span="x",
                start=start,
                end=start + 1,
            )
        article.extracted_at = timezone.now()
        article.save(update_fields=["extracted_at"])
        return 2

    monkeypatch.setattr("factcheck.extraction.store.store_claims", store)
    return calls
