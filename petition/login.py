"""The web editor's GitHub login: the two OAuth endpoints Decap's GitHub backend opens (`base_url`).

GitHub Pages cannot keep a client secret, and the petition service is deployed anyway, so the
endpoints live here (README, "The web editor's login"). `/auth` sends the editor to GitHub with a
random `state` that is also set in a short-lived cookie; `/callback` accepts GitHub's code only
with that same state (against CSRF: a code someone else started cannot be slipped in), trades it
for a token with the client secret (from the environment only), and hands the token to the page
that opened the window, and only if that page is the site's own origin (`static/inloggen.js`).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .config import Config
from .fields import texts

log = logging.getLogger("petitie")
COOKIE = "hvk_inlog"
MINUTES = 10  # how long a login may take between /auth and /callback
SCOPES = ("repo", "public_repo")  # what Decap asks; anything else is refused


def configured(config: Config) -> bool:
    return bool(config.github_client_id and config.github_client_secret)


def exchange(config: Config, code: str, redirect_uri: str) -> dict[str, str]:
    """GitHub's answer to the code: {"access_token": ...} or {"error": ...}. Blocking: run in a thread."""
    body = urllib.parse.urlencode(
        {
            "client_id": config.github_client_id,
            "client_secret": config.github_client_secret,
            "code": code,
            "redirect_uri": redirect_uri,
        }
    ).encode()
    request = urllib.request.Request(
        f"{config.github_url}/login/oauth/access_token",
        data=body,
        headers={"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - https://github.com or the set GitHub
        data = json.loads(answer.read(65536))
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {"error": "onleesbaar antwoord"}


class Login:
    """The endpoint pair, drawing its pages with the service's own templates and policy (`page`)."""

    def __init__(self, config: Config, page: Callable[..., Response], script: str) -> None:
        self.config = config
        self._page = page
        self._script = script

    @property
    def redirect_uri(self) -> str:
        return f"{self.config.public_url}/callback"

    def page(self, status: int, outcome: str, message: str = "", token: str = "") -> Response:
        words = texts()["inloggen"]
        response = self._page(
            "inloggen.html",
            status,
            script=self._script,
            uitkomst=outcome,
            token=token,
            melding=message,
            teksten=words,
        )
        response.delete_cookie(COOKIE, path="/callback")
        return response

    def failed(self, status: int, key: str, **values: str) -> Response:
        text = texts()["inloggen"][key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return self.page(status, "mislukt", text)

    async def start(self, request: Request) -> Response:
        if not configured(self.config):
            return self.failed(503, "niet_ingesteld")
        if request.query_params.get("provider", "github") != "github":
            return self.failed(400, "geen_github")
        scope = request.query_params.get("scope", "repo")
        state = secrets.token_urlsafe(32)
        query = urllib.parse.urlencode(
            {
                "client_id": self.config.github_client_id,
                "redirect_uri": self.redirect_uri,
                "scope": scope if scope in SCOPES else "repo",
                "state": state,
            }
        )
        response = RedirectResponse(f"{self.config.github_url}/login/oauth/authorize?{query}", status_code=302)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.set_cookie(
            COOKIE,
            state,
            max_age=MINUTES * 60,
            path="/callback",
            httponly=True,
            secure=self.config.public_url.startswith("https://"),
            samesite="lax",  # sent when GitHub sends the editor back here, never from another site's form
        )
        return response

    async def callback(self, request: Request) -> Response:
        if not configured(self.config):
            return self.failed(503, "niet_ingesteld")
        given = request.query_params.get("state", "")
        expected = request.cookies.get(COOKIE, "")
        if not given or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return self.failed(400, "controle")
        if request.query_params.get("error"):
            return self.failed(403, "geweigerd")
        code = request.query_params.get("code", "")
        if not code or len(code) > 200:
            return self.failed(400, "controle")
        try:
            answer = await asyncio.to_thread(exchange, self.config, code, self.redirect_uri)
        except (OSError, ValueError):
            log.warning("inloggen: GitHub niet bereikbaar")
            return self.failed(502, "onbereikbaar")
        token = answer.get("access_token", "")
        if not token:
            reason = answer.get("error", "geen token")[:60]
            log.info("inloggen geweigerd door GitHub: %s", reason)
            return self.failed(403, "github_fout", reden=reason)
        return self.page(200, "gelukt", token=token)
