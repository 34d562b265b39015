"""Fixtures shared by the build and browser tests: one real build of the real site per session."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, build, copy_site, without_story_order

# The tests' own hosts (feeds, audio, covers) live on 127.0.0.1: the one fetcher (hooks/fetch.py)
# refuses loopback unless this is set. Every build and importer the tests start inherits it.
os.environ["HVK_ALLOW_LOOPBACK"] = "1"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A minimal content folder: the real campaign data (without a featured story) and no stories."""
    (tmp_path / "data").mkdir()
    campaign = (ROOT / "data" / "campagne.yml").read_text("utf-8").replace("  uitgelicht_verhaal: marilene\n", "")
    # Nothing that names a story or a moment: this folder has neither.
    campaign = without_story_order(campaign)
    campaign = re.sub(r"\nmomenten:\n(  .*\n)+", "\n", campaign)
    (tmp_path / "data" / "campagne.yml").write_text(campaign, "utf-8")
    (tmp_path / "stories").mkdir()
    return tmp_path


@pytest.fixture(scope="session")
def site_server(tmp_path_factory):
    """Where the real site will be served (its port is known before it is built)."""
    from tests.browser import Server

    return Server(tmp_path_factory.mktemp("real") / "site")


@pytest.fixture(scope="session")
def github():
    """A local stand-in for GitHub's OAuth endpoints (tests/github_standin.py)."""
    from tests.github_standin import GitHub

    standin = GitHub().start()
    yield standin
    standin.stop()


@pytest.fixture(scope="session")
def petition_service(tmp_path_factory, site_server, github):
    """The real petition service beside the real site, as `make serve` runs them, with a real mailbox;
    it is also the web editor's login (against the GitHub stand-in)."""
    from petition.mailbox import Mailbox
    from tests.petition_harness import Service, free_port

    folder = tmp_path_factory.mktemp("dienst")
    box = Mailbox(port=free_port())
    box.start()
    origin = site_server.base.rstrip("/")
    service = Service(
        f"sqlite:///{folder / 'petitie.db'}",
        box.port,
        folder,
        extra_env={"PETITION_ALLOWED_ORIGINS": origin, "PETITION_SITE_URL": origin, **github.env()},
    ).start()
    yield service
    service.stop()
    box.stop()


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster of Debian's package, for every petition test in this worker."""
    from tests.petition_harness import Postgres

    cluster = Postgres()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def mailbox():
    """A real SMTP server that keeps what it receives."""
    from petition.mailbox import Mailbox
    from tests.petition_harness import free_port

    box = Mailbox(port=free_port())
    box.start()
    yield box
    box.stop()


@pytest.fixture(scope="session")
def real_source(tmp_path_factory) -> Path:
    """The real content with the example episode published, as the first real episode will be
    (the podcast's pages and feed need one; the repository's own example is a draft)."""
    return copy_site(tmp_path_factory.mktemp("bron") / "site")


@pytest.fixture(scope="session")
def real_site(site_server, petition_service, real_source) -> Path:
    """The real site, built exactly as `make build` builds it, into a scratch folder."""
    site_dir = site_server.root
    result = build(real_source, site_dir, env={"PETITION_SERVICE_URL": petition_service.base})
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.fail("Chromium ontbreekt: `make test` installeert Debian's pakket chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def harness(real_site, browser, site_server):
    from tests.browser import Harness

    with site_server as server:
        yield Harness(browser, server)


# Hypothesis: fewer generated examples in CI, where the whole suite must stay well under budget.
from hypothesis import settings as _settings  # noqa: E402

# No deadline: a busy machine makes an example slow, not wrong (speed is measured in bench/).
_settings.register_profile("ci", max_examples=40, deadline=None)
_settings.register_profile("dev", max_examples=100, deadline=None)
_settings.load_profile("ci" if __import__("os").environ.get("CI") else "dev")


def pytest_collection_modifyitems(config, items):
    """Every test says which loop it belongs to: `fast` (make test-fast) or `slow` (make test only)."""
    unmarked = [
        item.nodeid for item in items if len([m for m in item.iter_markers() if m.name in ("fast", "slow")]) != 1
    ]
    if unmarked:
        raise pytest.UsageError("Tests zonder precies één van de markeringen fast/slow:\n  " + "\n  ".join(unmarked))
