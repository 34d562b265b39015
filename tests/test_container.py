"""The petition service's image (#24), built from the Dockerfile as `make image` builds it and run
as it will be deployed: not as root, its code not writable, configured only through the
environment, with a health check; inside it a signature is made, confirmed and counted against a
real PostgreSQL, and a backup is written to its volume."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.parse

import pytest

from petition.crypto import new_keypair
from petition.mailbox import links
from tests.helpers import ROOT
from tests.petition_harness import free_port, wait_for_mail, wait_for_port
from tests.petition_harness import request as http

pytestmark = pytest.mark.slow
IMAGE = "localhost/petitie:test"
PUBLIC = "https://petitie.hetvergetenkind.nl"


def _buildah(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["buildah", *args], capture_output=True, text=True, check=check, timeout=600)


@pytest.fixture(scope="module")
def container():
    if shutil.which("buildah") is None:
        pytest.fail("buildah ontbreekt: `make test` installeert buildah, podman en mmdebstrap (Debian).")
    built = subprocess.run([str(ROOT / "deploy" / "image.sh"), IMAGE], capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout + built.stderr
    name = _buildah("from", "--quiet", IMAGE).stdout.strip()
    yield name
    _buildah("rm", name, check=False)


def _inside(container: str, *command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    flags = [f"--env={k}={v}" for k, v in (env or {}).items()]
    return _buildah("run", "--isolation", "chroot", *flags, container, "--", *command, check=False)


def test_the_image_runs_as_it_will_be_deployed(container):
    config = json.loads(_buildah("inspect", "--type", "container", container).stdout)["Docker"]["config"]
    assert config["User"] == "10001:10001"
    assert config["Cmd"] == ["python3", "-m", "petition", "serve"]
    assert "/gezond" in " ".join(config["Healthcheck"]["Test"])
    assert "PETITION_OMGEVING=productie" in config["Env"]
    assert _inside(container, "id", "-u").stdout.strip() == "10001", "not root"
    #
    writable = _inside(
        container, "sh", "-c", "find / -xdev -writable ! -path '/proc/*' ! -path '/sys/*' ! -path '/dev/*' 2>/dev/null"
    ).stdout.split()
    assert sorted(p for p in writable if not p.startswith(("/tmp", "/var/tmp", "/run/lock", "/var/lock", "/dev"))) == [
        "/reservekopieen"
    ], writable
    assert _inside(container, "sh", "-c", "touch /app/petition/app.py").returncode != 0
    # Only what the service needs: no build tools, no site generator, no secrets baked in.
    listed = _inside(container, "/opt/petitie/bin/pip", "list", "--format=freeze").stdout
    assert "starlette==" in listed and "mkdocs" not in listed and "playwright" not in listed
    assert "PETITION_SECRET" not in " ".join(config["Env"])
    # Configured only through the environment: without keys it stops with one Dutch line.
    bare = _inside(container, "python3", "-m", "petition", "serve")
    assert bare.returncode == 2 and "PETITION_PUBLIC_KEY en PETITION_SECRET ontbreken" in bare.stderr
    assert "Traceback" not in bare.stderr


def test_inside_the_image_a_signature_is_made_confirmed_and_counted_on_postgresql(
    container, tmp_path, postgres, mailbox
):
    box = mailbox
    private, public = new_keypair()
    port = free_port()
    env = {
        "PETITION_DATABASE_URL": postgres.new_database(),
        "PETITION_PUBLIC_KEY": base64.b64encode(public).decode(),
        "PETITION_SECRET": base64.b64encode(os.urandom(32)).decode(),
        "PETITION_PUBLIC_URL": PUBLIC,
        "PETITION_SITE_URL": "https://gezinshulpeerst.hetvergetenkind.nl",
        "PETITION_SMTP_HOST": "127.0.0.1",  # a relay beside the service: loopback is allowed without TLS
        "PETITION_SMTP_PORT": str(box.port),
        "PETITION_MAIL_FROM": "petitie@hetvergetenkind.nl",
        "PETITION_PORT": str(port),
        "PETITION_MIN_FILL_SECONDS": "0",
        "PETITION_OPERATOR_TOKEN": "beheer-" + "k" * 30,
    }
    flags = [f"--env={k}={v}" for k, v in env.items()]
    log = (tmp_path / "dienst.log").open("wb")
    service = subprocess.Popen(
        ["buildah", "run", "--isolation", "chroot", *flags, container, "--", "python3", "-m", "petition", "serve"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, timeout=60)
        form = {"naam": "Fatima el Amrani", "email": "fatima@voorbeeld.nl", "toestemming": "ja", "website": ""}
        signed = http(base + "/teken", urllib.parse.urlencode(form), {"Accept": "application/json"})
        assert signed.status == 202, signed.body
        wait_for_mail(box, 1)
        confirm = links(box.messages[0][0])["bevestig"]
        assert confirm.startswith(PUBLIC + "/bevestig/")
        assert http(confirm.replace(PUBLIC, base), data=b"", method="POST").status == 200
        time.sleep(2.1)  # the count is cached for two seconds
        assert http(base + "/telling.json").json()["aantal"] == 1
        # The image's own health check, run inside it as the orchestrator runs it.
        health = json.loads(_buildah("inspect", "--type", "container", container).stdout)["Docker"]["config"]
        check = _inside(container, *health["Healthcheck"]["Test"][1:], env={"PETITION_PORT": str(port)})
        assert check.returncode == 0, check.stderr
        assert http(base + "/gezond").json() == {"status": "ok"}
        # The backup, made inside the image into its volume.
        made = _inside(container, "python3", "-m", "petition", "reservekopie", env=env)
        assert made.returncode == 0 and "1 handtekening," in made.stdout, made.stderr
    finally:
        os.killpg(service.pid, signal.SIGTERM)
        try:
            service.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(service.pid, signal.SIGKILL)
    text = (tmp_path / "dienst.log").read_text("utf-8", errors="replace")
    assert "fatima" not in text.lower() and "Traceback" not in text, text[-2000:]
