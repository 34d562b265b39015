"""The web editor's login (#24): the real Decap at /admin/ logs in through the petition service's
OAuth endpoints against a stand-in of GitHub, and receives the token; a wrong state, a foreign
origin and a missing secret each fail with a Dutch message."""

from __future__ import annotations

import http.cookiejar
import http.server
import os
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.browser import PHONE
from tests.helpers import ROOT
from tests.petition_harness import Service

pytestmark = pytest.mark.slow
# HVK_SCHERMAFDRUKKEN=1: the login journey also renews the screenshots in LIVE.md and REDACTIE.md.
SCREENSHOTS = bool(os.environ.get("HVK_SCHERMAFDRUKKEN"))


def _fetch(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with opener.open(url, timeout=15) as answer:
            return answer.status, answer.read().decode(), {k.lower(): v for k, v in answer.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), {k.lower(): v for k, v in error.headers.items()}


def _context(browser):
    return browser.new_context(viewport=PHONE, locale="nl-NL")


def _admin_config(route, github) -> None:
    """The built config, with GitHub's API at the stand-in (GitHub itself cannot be reached here)."""
    answer = route.fetch()
    config = yaml.safe_load(answer.text())
    config["backend"]["api_root"] = github.base + "/api/v3"
    config.pop("local_backend", None)
    route.fulfill(response=answer, body=yaml.safe_dump(config, allow_unicode=True))


def test_an_editor_logs_in_through_our_endpoints_and_decap_gets_the_token(real_site, harness, petition_service, github):
    config = yaml.safe_load((real_site / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"]["base_url"] == petition_service.base, "the login follows the service's address"
    assert config["backend"]["auth_endpoint"] == "auth"
    site_server, browser = harness.server, harness.browser  # serving the real site all session
    context = _context(browser)
    page = context.new_page()
    page.route("**/admin/config.yml", lambda route: _admin_config(route, github))
    page.goto(site_server.base + "admin/")
    button = page.get_by_role("button", name="Inloggen met GitHub")
    button.wait_for(timeout=30000)
    if SCREENSHOTS:
        page.screenshot(path=str(ROOT / "redactie" / "inloggen-knop.png"))
    with page.expect_popup() as opened:
        button.click()
    popup = opened.value
    # Wait on state, not on the window's "close" event: the whole login can be over (and the event
    # gone) before a listener is attached, which once failed this test on a fast run.
    try:
        page.wait_for_function("() => localStorage.getItem('decap-cms-user') !== null", timeout=30000)
    except Exception as error:  # say where the login window stopped, not only that it did
        where = "gesloten" if popup.is_closed() else popup.url + "\n" + popup.content()[:3000]
        raise AssertionError(f"Decap received no login; the window: {where}") from error
    for _ in range(100):
        if popup.is_closed():
            break
        page.wait_for_timeout(100)
    assert popup.is_closed(), "Decap closes the login window once it has the token"
    user = page.evaluate("JSON.parse(localStorage.getItem('decap-cms-user'))")
    if SCREENSHOTS:
        page.get_by_text("Verhalen").first.wait_for()
        page.screenshot(path=str(ROOT / "redactie" / "ingelogd.png"))
    context.close()
    assert user["token"] == github.issued[-1] and user["backendName"] == "github"
    assert github.issued[-1] in github.seen_tokens, "Decap called GitHub's API with the token it received"


def test_the_callback_refuses_a_wrong_or_missing_state(petition_service, github):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # /auth sends the editor to GitHub with a state, and sets the same state in a cookie.
    no_redirects = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar),
        type("Stop", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a: None}),
    )
    status, _, headers = _fetch(no_redirects, petition_service.base + "/auth?provider=github&scope=repo")
    assert status == 302
    location = headers["location"]
    assert location.startswith(github.base + "/login/oauth/authorize?") and "client_secret" not in location
    state = re.search(r"state=([^&]+)", location).group(1)
    assert headers["cache-control"] == "no-store"
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/callback" in cookie
    # A code with someone else's state (a forged login) is refused, in Dutch, and nothing leaks.
    for query in (f"code=abc&state={state}x", "code=abc&state=", "code=abc"):
        status, body, _ = _fetch(opener, petition_service.base + "/callback?" + query)
        assert status == 400 and "de controlecode klopt niet" in body, query
        assert 'data-token=""' in body
    # Without the cookie (another browser), the right state is refused too.
    status, body, _ = _fetch(urllib.request.build_opener(), petition_service.base + f"/callback?code=abc&state={state}")
    assert status == 400 and "controlecode" in body
    # The whole round trip with the cookie works and hands out a token.
    status, body, headers = _fetch(opener, petition_service.base + "/auth?provider=github")
    assert status == 200 and f'data-token="{github.issued[-1]}"' in body
    assert headers["cache-control"] == "no-store" and headers["referrer-policy"] == "no-referrer"
    assert "script-src 'sha256-" in headers["content-security-policy"]
    # A cancelled login at GitHub.
    _fetch(no_redirects, petition_service.base + "/auth")
    state = next(c.value for c in jar if c.name == "hvk_inlog")
    status, body, _ = _fetch(opener, petition_service.base + f"/callback?error=access_denied&state={state}")
    assert status == 403 and "geen toestemming gegeven" in body


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_foreign_site_never_receives_the_token(browser, petition_service, github, tmp_path):
    """Another site opens our login window: the login completes at GitHub, but the window sends the
    token only to the campaign site's origin, so the other page hears nothing; the window says why."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>vreemd</title><script>window.heard = [];"
        "addEventListener('message', e => { heard.push(String(e.data));"
        " if (String(e.data).startsWith('authorizing')) e.source.postMessage(e.data, e.origin); });"
        "</script>",
        "utf-8",
    )
    handler = lambda *a, **k: _Quiet(*a, directory=str(tmp_path), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = _context(browser)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        with page.expect_popup() as opened:
            page.evaluate(f"window.open('{petition_service.base}/auth?provider=github&scope=repo')")
        popup = opened.value
        popup.wait_for_load_state()
        status = popup.locator("#inlog-status")
        status.filter(has_text="Vanaf een andere site kun je hier niet inloggen").wait_for(timeout=15000)
        heard = page.evaluate("window.heard")
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not any("authorization:" in message or "gho_" in message for message in heard), heard


def test_without_the_client_secret_login_says_what_is_missing(tmp_path, github, mailbox):
    env = {**github.env(), "PETITION_GITHUB_CLIENT_SECRET": ""}
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path, extra_env=env).start()
    try:
        status, body, _ = _fetch(urllib.request.build_opener(), service.base + "/auth?provider=github")
        assert status == 503 and "PETITION_GITHUB_CLIENT_SECRET" in body and "nog niet ingesteld" in body
    finally:
        service.stop()


def test_a_wrong_client_secret_is_github_refusing_in_dutch(tmp_path, github, mailbox):
    env = {**github.env(), "PETITION_GITHUB_CLIENT_SECRET": "niet-het-goede-geheim"}
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path, extra_env=env).start()
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        status, body, _ = _fetch(opener, service.base + "/auth?provider=github")
        assert status == 403 and "GitHub gaf geen toegang (incorrect_client_credentials)" in body
        assert "niet-het-goede-geheim" not in body and 'data-token=""' in body
        assert "niet-het-goede-geheim" not in Path(service.log).read_text("utf-8")
    finally:
        service.stop()
