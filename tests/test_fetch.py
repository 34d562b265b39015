"""The one fetcher (hooks/fetch.py, #25): only http(s), never an internal address (however it is
written, and after every redirect), no https -> http, one total deadline, a size limit."""

from __future__ import annotations

import http.server
import ipaddress
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks import fetch
from tests.helpers import https_host

pytestmark = pytest.mark.slow


@pytest.fixture
def no_loopback(monkeypatch):
    monkeypatch.delenv("HVK_ALLOW_LOOPBACK", raising=False)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x",
        "data:text/plain,hallo",
        "/etc/passwd",
        "http://127.0.0.1/",
        "http://localhost/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.1/",
        "http://0/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[fd00::1]/",
        "http://10.1.2.3/",
        "http://192.168.0.1:8080/",
        "http://user:pass@example.org/",
    ],
)
def test_what_is_never_fetched(no_loopback, url):
    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.get(url, 1000)
    assert str(refused.value).strip() and "Traceback" not in str(refused.value)


@given(st.ip_addresses().filter(lambda a: not a.is_global or a.is_multicast))
@settings(deadline=None, max_examples=60)
def test_no_internal_address_of_any_range(address):
    host = f"[{address}]" if address.version == 6 else str(address)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("HVK_ALLOW_LOOPBACK", raising=False)
        with pytest.raises(fetch.FetchRefused, match="intern adres|niet te vinden"):
            fetch.get(f"http://{host}/", 10)
    assert isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address)


class _Host(http.server.BaseHTTPRequestHandler):
    """Redirects and slow answers, as a hostile feed's host serves them."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        if self.path == "/druppel":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            for _ in range(60):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.5)
            return
        status, headers, body = self.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def host():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Host.routes = {
        "/goed": (200, {}, b"hallo"),
        "/groot": (200, {}, b"x" * 5000),
        "/naar-intern": (302, {"Location": "http://10.0.0.7/geheim"}, b""),
        "/naar-metadata": (301, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/naar-bestand": (302, {"Location": "file:///etc/passwd"}, b""),
        "/rondje": (302, {"Location": "/rondje"}, b""),
        "/naar-goed": (302, {"Location": "/goed"}, b""),
    }
    yield base
    server.shutdown()
    server.server_close()


def test_every_redirect_is_checked_again(host):
    assert fetch.get(host + "/naar-goed", 100) == b"hallo"
    for path, said in (
        ("/naar-intern", "intern adres"),
        ("/naar-metadata", "intern adres"),
        ("/naar-bestand", "alleen https:// en http://"),
        ("/rondje", "stuurt meer dan"),
    ):
        with pytest.raises(fetch.FetchRefused, match=said):
            fetch.get(host + path, 100)


def test_a_size_limit_and_a_total_deadline(host):
    with pytest.raises(fetch.FetchRefused, match="groter dan"):
        fetch.get(host + "/groot", 1000)
    started = time.monotonic()
    with (
        pytest.raises(fetch.FetchRefused, match="niet op tijd"),
        fetch.open_url(host + "/druppel", deadline=2) as (
            _,
            body,
        ),
    ):
        for _block in body:
            pass
    assert time.monotonic() - started < 5, "a byte every half second does not hold the fetch"


def test_https_never_falls_back_to_http(tmp_path, host):
    served = tmp_path / "site"
    served.mkdir()
    with https_host(served, tmp_path) as (base, cert, server):
        import functools

        class Downgrade(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                self.send_response(302)
                self.send_header("Location", host + "/goed")
                self.send_header("Content-Length", "0")
                self.end_headers()

        server.RequestHandlerClass = functools.partial(Downgrade)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SSL_CERT_FILE", str(cert))
            with pytest.raises(fetch.FetchRefused, match="https:// https:// blijft"):
                fetch.get(base + "/iets", 100)
