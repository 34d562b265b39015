"""Real servers for the petition tests: the service (uvicorn, as `make petitie` runs it), an SMTP
server that keeps what it receives (aiosmtpd), and a PostgreSQL cluster of Debian's package that
the tests start and stop themselves."""

from __future__ import annotations

import base64
import contextlib
import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from petition.crypto import new_keypair
from petition.mailbox import Mailbox
from tests.helpers import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> dict:
        return json.loads(self.body)


def request(
    url: str, data: bytes | str | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> Answer:
    body = data.encode() if isinstance(data, str) else data
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    if body is not None and "Content-Type" not in (headers or {}):
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=15) as answer:
            return Answer(answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def confirm(url: str) -> Answer:
    """Press the button on the page the mail's link opens (a POST): opening the link alone confirms nothing."""
    return request(url, data=b"", method="POST")


class Postgres:
    """A throwaway cluster: initdb into a temporary folder, started on a free port, removed after."""

    def __init__(self) -> None:
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        initdb = shutil.which("initdb") or (binaries[-1] if binaries else None)
        assert initdb, "PostgreSQL is not installed: `make postgres` (Debian's package) installs it"
        self.bin = Path(os.path.realpath(initdb)).parent
        self.folder = Path(tempfile.mkdtemp(prefix="petitie-pg-"))
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root: use Debian's postgres user
            shutil.chown(self.folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.data = self.folder / "data"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, cwd=self.folder)

    def start(self) -> None:
        if not self.data.exists():
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "petitie", "--auth=trust", "-E", "UTF8")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.folder / "log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=50",
            "start",
        )

    def kill(self) -> None:
        """kill -9 of the postmaster and every backend: a crash, not a shutdown."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        os.kill(pid, signal.SIGKILL)
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(child), signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in [pid, *map(int, children)]):
            time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://petitie@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "petitie_" + secrets.token_hex(4)
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@dataclass
class Service:
    """The petition service in its own process, with its own keys, on a free port."""

    database_url: str
    smtp_port: int
    folder: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    private_key: bytes = b""
    secret: bytes = b""
    process: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.private_key, public = new_keypair()
        self.secret = secrets.token_bytes(32)
        self.public_key = public
        self.log = self.folder / f"dienst-{self.port}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PETITION_DATABASE_URL": self.database_url,
            "PETITION_PUBLIC_KEY": base64.b64encode(self.public_key).decode(),
            "PETITION_SECRET": base64.b64encode(self.secret).decode(),
            "PETITION_PUBLIC_URL": self.base,
            "PETITION_SMTP_PORT": str(self.smtp_port),
            "PETITION_MAIL_FROM": "petitie@hetvergetenkind.test",
            "PETITION_MIN_FILL_SECONDS": "3",
            **self.extra_env,
        }

    def start(self) -> Service:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "petition", "serve", "--port", str(self.port)],
            env=self.env(),
            cwd=self.folder,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port)
        return self

    def kill(self) -> None:
        """kill -9: no shutdown, no flush."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def sign(self, accept_json: bool = True, **fields: str) -> Answer:
        form = {"naam": "Anna de Vries", "email": "anna@example.nl", "toestemming": "ja", "website": ""} | fields
        headers = {"Accept": "application/json"} if accept_json else {}
        return request(self.base + "/teken", urllib.parse.urlencode(form), headers)

    def count(self) -> int:
        time.sleep(0.01)
        return int(request(self.base + "/telling.json").json()["aantal"])


def wait_for_mail(box: Mailbox, n: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while len(box.messages) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(box.messages) >= n, f"{len(box.messages)} mails arrived, expected {n}"
