"""A local stand-in for GitHub's OAuth endpoints and the few API calls Decap makes after a login
(GitHub itself cannot be reached here). It behaves as GitHub documents: the authorize page sends
the browser back to `redirect_uri` with a one-time `code` and the same `state`; the token endpoint
trades a code for a token only with the right client id, secret and redirect address."""

from __future__ import annotations

import http.server
import json
import secrets
import threading
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class GitHub:
    client_id: str = "Iv1.hvk-test"
    client_secret: str = field(default_factory=lambda: secrets.token_hex(20))
    codes: dict[str, str] = field(default_factory=dict)  # code -> redirect_uri
    issued: list[str] = field(default_factory=list)  # tokens given out
    seen_tokens: list[str] = field(default_factory=list)  # tokens the API was called with
    server: http.server.ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> GitHub:
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict | None = None, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in {
                    "Access-Control-Allow-Origin": "*",
                    "Access-Control-Allow-Headers": "Authorization, Content-Type, Cache-Control",
                    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
                    **({"Content-Type": "application/json"} if body is not None else {}),
                    **(headers or {}),
                }.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_OPTIONS(self):  # noqa: N802 - the browser's preflight for the API
                self._send(204)

            def do_GET(self):  # noqa: N802
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/login/oauth/authorize":
                    if query.get("client_id") != standin.client_id:
                        return self._send(404, {"error": "unknown client"})
                    code = secrets.token_hex(10)
                    standin.codes[code] = query["redirect_uri"]
                    back = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
                    return self._send(302, None, {"Location": f"{query['redirect_uri']}?{back}"})
                if url.path.startswith("/api/v3/"):
                    token = self.headers.get("Authorization", "").removeprefix("token ").strip()
                    if token not in standin.issued:
                        return self._send(401, {"message": "Bad credentials"})
                    standin.seen_tokens.append(token)
                    rest = url.path.removeprefix("/api/v3")
                    if rest == "/user":
                        return self._send(200, {"login": "redacteur", "name": "Redacteur", "avatar_url": ""})
                    if rest.count("/") == 3 and rest.startswith("/repos/"):
                        owner, name = rest[7:].split("/")
                        return self._send(
                            200,
                            {
                                "full_name": f"{owner}/{name}",
                                "name": name,
                                "owner": {"login": owner},
                                "default_branch": "main",
                                "permissions": {"push": True, "admin": False},
                            },
                        )
                return self._send(404, {"message": "Not Found"})

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if self.path != "/login/oauth/access_token":
                    return self._send(404, {"message": "Not Found"})
                code = form.get("code", "")
                if form.get("client_id") != standin.client_id or form.get("client_secret") != standin.client_secret:
                    return self._send(200, {"error": "incorrect_client_credentials"})
                if standin.codes.pop(code, None) != form.get("redirect_uri"):
                    return self._send(200, {"error": "bad_verification_code"})
                token = "gho_" + secrets.token_hex(18)
                standin.issued.append(token)
                return self._send(200, {"access_token": token, "token_type": "bearer", "scope": "repo"})

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def env(self) -> dict[str, str]:
        """What the petition service needs to log editors in against this GitHub."""
        return {
            "PETITION_GITHUB_URL": self.base,
            "PETITION_GITHUB_CLIENT_ID": self.client_id,
            "PETITION_GITHUB_CLIENT_SECRET": self.client_secret,
        }
