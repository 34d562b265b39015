"""Going live (#24): `make publiceer` refuses every address that would not work for visitors, and
the three addresses are each set once (mkdocs.yml) and followed by everything that needs them."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from hooks import live
from hooks.errors import Problem
from hooks.frontmatter import key_lines
from hooks.petition import Service, allows
from hooks.settings import on_their_lines
from petition import addresses
from tests.helpers import ROOT, copy_site, tree_digest

REAL = {
    "SITE_URL": "https://gezinshulpeerst.hetvergetenkind.nl/",
    "PETITION_SERVICE_URL": "https://petitie.hetvergetenkind.nl",
    "CMS_REPOSITORY": "hetvergetenkind/campagnesite",
    "CMS_LOGIN_URL": "",
}


def _publiceer(root: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", **REAL, **env}
    return subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(root), "publiceer"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


DATES = {"  sluit_op:\n": "  sluit_op: 2027-03-01\n", "  gegevens_wissen_op:\n": "  gegevens_wissen_op: 2027-06-01\n"}


def _with_dates(text: str) -> str:
    for empty, dated in DATES.items():
        assert empty in text
        text = text.replace(empty, dated)
    return text


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """The real site, with the petition's closing and deletion dates set as LIVE.md asks."""
    root = copy_site(tmp_path_factory.mktemp("live") / "site")
    data = root / "data" / "campagne.yml"
    data.write_text(_with_dates(data.read_text("utf-8")), "utf-8")
    return root


# Each placeholder alone: the production build stops with one Dutch line naming it, and site/ stays.
PLACEHOLDERS = [
    ({"SITE_URL": "http://gezinshulpeerst.hetvergetenkind.nl/"}, "site_url", "https"),
    ({"SITE_URL": "https://campagne.voorbeeld.nl/"}, "site_url", "voorbeeld"),
    ({"SITE_URL": "https://gezinshulpeerst.hetvergetenkind.nl:99999/"}, "site_url", "geen geldig webadres"),
    ({"SITE_URL": "https://campagne/"}, "site_url", "intern netwerk"),  # one label: no public name
    ({"PETITION_SERVICE_URL": "http://127.0.0.1:8001"}, "extra.petitie.dienst", "https"),
    ({"PETITION_SERVICE_URL": "https://localhost"}, "extra.petitie.dienst", "deze computer"),
    ({"PETITION_SERVICE_URL": "https://192.168.1.20"}, "extra.petitie.dienst", "intern netwerk"),
    ({"PETITION_SERVICE_URL": "https://petitie.example.org"}, "extra.petitie.dienst", "voorbeeld"),
    ({"PETITION_SERVICE_URL": "https://petitie"}, "extra.petitie.dienst", "intern netwerk"),
    ({"PETITION_SERVICE_URL": ""}, "extra.petitie.dienst", "ontbreekt"),
    ({"CMS_REPOSITORY": "voorbeeld/gezinshulp-eerst"}, "extra.webeditor.repository", "voorbeeld"),
    ({"CMS_REPOSITORY": "geen repository"}, "extra.webeditor.repository", "eigenaar/naam"),
    ({"CMS_LOGIN_URL": "http://inloggen.hetvergetenkind.nl"}, "extra.webeditor.inloggen", ""),
    ({"CMS_LOGIN_URL": "https://10.1.2.3"}, "extra.webeditor.inloggen", "intern netwerk"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("env", "field", "said"), PLACEHOLDERS, ids=[f"{p[1]}-{i}" for i, p in enumerate(PLACEHOLDERS)]
)
def test_publiceer_refuses_each_placeholder_with_one_line(scratch, env, field, said):
    (scratch / "site").mkdir(exist_ok=True)
    (scratch / "site" / "index.html").write_text("de vorige site", "utf-8")
    before = tree_digest(scratch / "site")
    result = _publiceer(scratch, **env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(lines) == 1, result.stderr
    assert f": {field}:" in lines[0] and said in lines[0], lines[0]
    key = f"{field.rsplit('.', 1)[-1]}:"
    written = (scratch / "mkdocs.yml").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(written, start=1) if text.lstrip().startswith(key))
    assert lines[0].startswith(f"mkdocs.yml:{line}: {field}:"), "on the line where the editor sets it"
    assert "Traceback" not in result.stderr
    assert tree_digest(scratch / "site") == before, "a refused production build leaves site/ alone"


@pytest.mark.slow
def test_publiceer_refuses_a_petition_whose_data_is_never_deleted(scratch, tmp_path):
    data = scratch / "data" / "campagne.yml"
    kept = data.read_text("utf-8")
    try:
        data.write_text(kept.replace(DATES["  gegevens_wissen_op:\n"], "  gegevens_wissen_op:\n"), "utf-8")
        result = _publiceer(scratch)
    finally:
        data.write_text(kept, "utf-8")
    lines = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("data/campagne.yml:") and "petitie.gegevens_wissen_op: is leeg" in lines[0]


@pytest.mark.slow
def test_the_repository_as_shipped_is_not_publishable():
    """A fresh clone: `make publiceer` says what to set, and `make build` says it is a local build."""
    env = {k: v for k, v in os.environ.items() if k not in REAL}
    result = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "publiceer"], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "extra.petitie.dienst" in result.stderr and "extra.webeditor.repository" in result.stderr


@pytest.mark.slow
def test_publiceer_with_real_settings_builds_and_everything_follows_them(scratch):
    result = _publiceer(scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("Productiebuild in") and REAL["SITE_URL"] in last
    # The service does not answer here (no network): said, not hidden.
    assert "petitiedienst op https://petitie.hetvergetenkind.nl antwoordt nu niet" in result.stdout
    site = scratch / "site"
    petition = (site / "petitie" / "index.html").read_text("utf-8")
    assert 'action="https://petitie.hetvergetenkind.nl/teken"' in petition
    assert "127.0.0.1" not in petition
    for page in site.rglob("*.html"):
        assert "127.0.0.1:8001" not in page.read_text("utf-8"), page
    from tests.helpers import csp

    policy = csp(petition)
    assert "connect-src 'self' https://petitie.hetvergetenkind.nl" in policy
    assert "form-action 'self' https://petitie.hetvergetenkind.nl" in policy
    editor = yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))
    assert editor["backend"]["repo"] == REAL["CMS_REPOSITORY"]
    assert editor["backend"]["base_url"] == REAL["PETITION_SERVICE_URL"]
    assert editor["backend"]["auth_endpoint"] == "auth"
    assert editor["site_url"] == REAL["SITE_URL"]
    skeleton = yaml.safe_load((ROOT / "cms" / "config.yml").read_text("utf-8"))
    assert "repo" not in skeleton["backend"] and "site_url" not in skeleton, "set once, in mkdocs.yml"


@pytest.mark.fast
@given(st.ip_addresses())
def test_any_address_on_this_computer_or_an_internal_network_is_refused(address):
    """Generated addresses: loopback, private, link-local and unspecified are never a live service."""
    host = f"[{address}]" if address.version == 6 else str(address)
    refused = live.problems(REAL["SITE_URL"], Service(f"https://{host}"), live.Editor("stichting/site", None))
    internal = address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
    service_lines = [p for p in refused if p.field == "extra.petitie.dienst"]
    assert bool(service_lines) == internal, (address, refused)


@pytest.mark.fast
@given(st.sampled_from(live.EXAMPLE_WORDS), st.from_regex(r"[a-z]{1,12}", fullmatch=True))
def test_an_example_anywhere_in_an_address_is_refused(word, name):
    url = f"https://{word}{name}.nl"
    found = live.problems(url + "/", Service(url), live.Editor(f"{word}{name}/site", url))
    assert {p.field for p in found} >= {"site_url", "extra.petitie.dienst", "extra.webeditor.repository"}


@pytest.mark.fast
@pytest.mark.parametrize(
    ("host", "internal"),
    [("petitie", True), ("petitie.", True), ("intranet.local", True), ("[::1]", True),
     ("petitie.hetvergetenkind.nl", False), ("hetvergetenkind.nl.", False), ("[2a00:1450::1]", False)],
)  # fmt: skip
def test_a_name_only_a_local_network_knows_is_internal(host, internal):
    assert addresses.on_this_computer(host) is internal


@pytest.mark.fast
def test_settings_problems_point_at_the_line_of_their_field():
    text = "site_name: x\nsite_url: !ENV [SITE_URL, 'https://a.nl/']\nextra:\n  petitie:\n    dienst: !ENV [P, '']\n"
    found = on_their_lines(
        [Problem("mkdocs.yml", 0, "extra.petitie.dienst", "x"), Problem("mkdocs.yml", 0, "extra.webeditor", "y"),
         Problem("mkdocs.yml", 0, "site_url", "z"), Problem("data/campagne.yml", 3, "petitie", "w")],
        text,
    )  # fmt: skip
    assert [p.line for p in found] == [5, 3, 2, 3]  # a key not written down: its parent's line
    assert key_lines("a: [") == {}


@pytest.mark.fast
def test_a_real_configuration_passes():
    assert (
        live.problems(
            REAL["SITE_URL"], Service(REAL["PETITION_SERVICE_URL"]), live.Editor("a/b", REAL["PETITION_SERVICE_URL"])
        )
        == []
    )
    assert ipaddress.ip_address("127.0.0.1").is_loopback


@pytest.mark.slow
def test_the_build_checks_that_the_live_service_lets_the_site_read_it(petition_service, site_server):
    """Form and service are set up in two places; `publiceer` asks the running service whether its
    CORS names the site (here against the real service, over plain http on this machine)."""
    where = Service(petition_service.base)
    assert allows(where, site_server.base.rstrip("/")) is True
    assert allows(where, "https://een-andere-site.nl") is False
    assert allows(Service("http://127.0.0.1:9"), "https://x.nl") is None
