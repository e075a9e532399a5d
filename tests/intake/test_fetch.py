"""factcheck.intake.fetch against a real HTTP server on 127.0.0.1, and its address guard."""

import socket

import pytest

from factcheck.intake import IntakeError
from factcheck.intake.fetch import BlockedAddress, fetch, public_addresses


def test_page_is_fetched_with_its_charset(site):
    url = site.add(
        "/a",
        "<html><body><p>Caf\u00e9</p></body></html>".encode("latin-1"),
        content_type="text/html; charset=iso-8859-1",
    )
    page = fetch(url)
    assert page.status == 200 and page.charset == "iso-8859-1"
    assert page.content.endswith(b"</html>")


def test_redirects_are_followed_and_the_final_address_kept(site):
    final = site.add("/final", "<html></html>")
    url = site.add("/moved", status=301, location="/final")
    assert fetch(url).url == final


@pytest.mark.parametrize(("status", "phrase"), [(404, "404 Not Found"), (500, "500")])
def test_error_status_is_named(site, status, phrase):
    url = site.add("/err", "<h1>oops</h1>", status=status)
    with pytest.raises(IntakeError, match=f"{url}: the server answered {phrase}"):
        fetch(url)


def test_a_page_that_is_not_html_is_refused(site):
    url = site.add("/file.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(IntakeError, match="this is not an HTML page.*application/pdf"):
        fetch(url)


def test_a_server_that_does_not_answer_in_time(site, settings):
    settings.INTAKE_FETCH_TIMEOUT = 0.3
    url = site.add("/slow", "<html></html>", delay=1.5)
    with pytest.raises(IntakeError, match=r"did not answer within 0.3 seconds"):
        fetch(url)


def test_redirect_loop_is_named(site):
    site.add("/a", status=302, location="/b")
    url_b = site.add("/b", status=302, location="/a")
    with pytest.raises(IntakeError, match="redirects in a loop"):
        fetch(url_b)


def test_too_many_redirects(site, settings):
    settings.INTAKE_MAX_REDIRECTS = 2
    for i in range(5):
        site.add(f"/r{i}", status=302, location=f"/r{i + 1}")
    with pytest.raises(IntakeError, match="more than 2 redirects"):
        fetch(f"{site.url}/r0")


def test_over_size_page_is_refused_by_its_length(site, settings):
    settings.INTAKE_MAX_FETCH_BYTES = 1000
    url = site.add("/big", b"<html>" + b"x" * 5000)
    with pytest.raises(IntakeError, match="the page is 0.0 MB; pages may be at most"):
        fetch(url)


def test_over_size_page_without_length_is_cut_off(site, settings):
    settings.INTAKE_MAX_FETCH_BYTES = 1000
    # No Content-Length to go by: the bytes are counted as they come.
    url = site.add("/big", b"<html>" + b"x" * 50_000, send_length=False)
    with pytest.raises(IntakeError, match="pages may be at most"):
        fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://user:pw@example.org/",
    ],
)
def test_only_plain_http_and_https(url):
    with pytest.raises(IntakeError):
        fetch(url)


# --- the address guard: without INTAKE_ALLOWED_HOSTS, nothing internal is reached --------


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("localhost", "loopback"),  # refused after resolving the name
        ("[::1]", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("[fe80::1]", "link-local"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("0.0.0.0", "private"),
    ],
)
def test_internal_addresses_are_refused(settings, host, kind):
    settings.INTAKE_ALLOWED_HOSTS = []
    with pytest.raises(BlockedAddress, match=kind):
        fetch(f"http://{host}:9/")


def test_a_public_name_resolving_to_an_internal_address_is_refused(settings, monkeypatch):
    settings.INTAKE_ALLOWED_HOSTS = []
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 80))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with pytest.raises(BlockedAddress, match="news.example is a private address"):
        fetch("http://news.example/story")


def test_public_addresses_pass_the_guard(monkeypatch, settings):
    settings.INTAKE_ALLOWED_HOSTS = []
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80))],
    )
    assert public_addresses("news.example", 80) == ["93.184.215.14"]


def test_a_redirect_to_an_internal_address_is_refused(site):
    # 127.0.0.1 is allowed for the test server; "localhost" is not, though it is the same
    # machine: the guard runs again on every hop.
    url = site.add("/go", status=302, location=f"http://localhost:{site.port}/secret")
    site.add("/secret", "<html>internal</html>")
    with pytest.raises(BlockedAddress, match="localhost is a loopback address"):
        fetch(url)
    assert "/secret" not in site.hits


def test_a_redirect_to_cloud_metadata_is_refused(site):
    url = site.add("/go", status=302, location="http://169.254.169.254/latest/meta-data/")
    with pytest.raises(BlockedAddress, match="link-local"):
        fetch(url)


def test_allowed_hosts_let_an_intranet_through(site):
    assert fetch(site.add("/ok", "<html></html>")).status == 200


def test_a_server_that_is_not_there(settings):
    settings.INTAKE_ALLOWED_HOSTS = ["127.0.0.1"]
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(IntakeError, match="the server could not be reached"):
        fetch(f"http://127.0.0.1:{port}/")
