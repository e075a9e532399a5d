"""Fetching web pages and feeds on the server, never from the newsroom's internal network.

Every connection, the first and each one after a redirect, resolves the host name and
refuses private, loopback, link-local and other non-public addresses before connecting;
it then connects to the very address it checked, so a name that resolves differently a
second time (DNS rebinding) cannot slip through. INTAKE_ALLOWED_HOSTS names hosts that
may be fetched anyway (tests, intranet feeds).
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

from factcheck.intake import IntakeError

HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/html",  # some servers label their feeds so; the parser decides
    "text/plain",
    "application/octet-stream",
}
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "factcheck-intake/1.0 (newsroom fact-checking; +https://factcheck.example.org/)"


class BlockedAddress(IntakeError):
    """The URL's host is, or resolves to, an address the server must not reach."""


@dataclass
class Page:
    url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    content: bytes
    etag: str = ""
    last_modified: str = ""


def _allowed_hosts() -> set[str]:
    return {h.lower().strip("[]") for h in getattr(settings, "INTAKE_ALLOWED_HOSTS", [])}


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _kind(ip) -> str:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    return "not a public address"


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses of `host`, or BlockedAddress if any of them is not public."""
    host = host.strip("[]").lower()
    if host in _allowed_hosts():
        return [host]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise IntakeError(f"{host}: the host name could not be resolved ({exc})") from None
    addresses = []
    for *_, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if not _public(ip):
            raise BlockedAddress(
                f"{host} is {_kind(ip)} ({ip}); the server does not fetch from internal networks"
            )
        addresses.append(str(ip))
    return list(dict.fromkeys(addresses))


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to public addresses, and only to the address it checked."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last = None
        for address in public_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"could not connect to {host}")


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on the GuardedBackend, and no proxies."""

    def __init__(self):
        super().__init__(trust_env=False, retries=0)
        # httpx builds its pool without a way to pass a network backend; rebuild it with one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=4,
            network_backend=GuardedBackend(),
        )


def _check_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise IntakeError(f"{url}: not a web address") from None
    if parts.scheme not in ("http", "https"):
        raise IntakeError(f"{url}: only http:// and https:// addresses can be fetched")
    if not parts.hostname:
        raise IntakeError(f"{url}: the address has no host name")
    if parts.username or parts.password:
        raise IntakeError(f"{url}: addresses with a user name or password are not fetched")
    return parts.geturl()


def fetch(
    url: str,
    *,
    accept: set[str] = HTML_TYPES,
    what: str = "an HTML page",
    headers: dict | None = None,
) -> Page:
    """GET `url` (redirects followed and checked one by one) within the size and time limits.

    Raises IntakeError with a message naming the URL and the problem: refused address,
    timeout, redirect loop, HTTP error status, wrong content type, too large. A 304 (when
    `headers` carry If-None-Match / If-Modified-Since) comes back as a Page with status 304.
    """
    max_bytes = settings.INTAKE_MAX_FETCH_BYTES
    timeout = settings.INTAKE_FETCH_TIMEOUT
    max_redirects = settings.INTAKE_MAX_REDIRECTS
    original = url
    url = _check_url(url)
    deadline = time.monotonic() + timeout * 3
    seen = {url}
    request_headers = {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
    }
    request_headers.update(headers or {})
    with httpx.Client(
        transport=GuardedTransport(),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
    ) as client:
        for _ in range(max_redirects + 1):
            try:
                with client.stream("GET", url, headers=request_headers) as response:
                    if response.status_code in REDIRECTS:
                        target = response.headers.get("Location", "")
                        if not target:
                            raise IntakeError(f"{original}: a redirect without a target")
                        url = _check_url(urljoin(str(response.url), target))
                        if url in seen:
                            raise IntakeError(
                                f"{original}: the address redirects in a loop ({url})"
                            )
                        seen.add(url)
                        continue
                    return _read(response, original, url, accept, what, max_bytes, deadline)
            except httpx.TimeoutException:
                raise IntakeError(
                    f"{original}: the server did not answer within {timeout:g} seconds"
                ) from None
            except httpx.ConnectError as exc:
                raise IntakeError(f"{original}: the server could not be reached ({exc})") from None
            except httpx.HTTPError as exc:
                raise IntakeError(f"{original}: the page could not be fetched ({exc})") from None
    raise IntakeError(f"{original}: more than {max_redirects} redirects")


def _read(response, original, url, accept, what, max_bytes, deadline) -> Page:
    headers = response.headers
    page = Page(
        url=url,
        status=response.status_code,
        content_type="",
        charset=response.charset_encoding,
        content=b"",
        etag=headers.get("ETag", ""),
        last_modified=headers.get("Last-Modified", ""),
    )
    if response.status_code == 304:
        return page
    if response.status_code >= 400:
        reason = response.reason_phrase or "error"
        raise IntakeError(f"{original}: the server answered {response.status_code} {reason}")
    content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    page.content_type = content_type
    if content_type and content_type not in accept:
        raise IntakeError(f"{original}: this is not {what} (the server says {content_type})")
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise IntakeError(f"{original}: {_too_big(int(declared), max_bytes)}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise IntakeError(f"{original}: {_too_big(size, max_bytes, more=True)}")
        if time.monotonic() > deadline:
            raise IntakeError(f"{original}: the page took too long to download")
        chunks.append(chunk)
    page.content = b"".join(chunks)
    return page


def _too_big(size: int, limit: int, more: bool = False) -> str:
    mb = f"{'over ' if more else ''}{size / 1_048_576:.1f} MB"
    return f"the page is {mb}; pages may be at most {limit / 1_048_576:.0f} MB"
