"""Fixtures shared by the build and browser tests: one real build of the real site per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT, build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built exactly as `make build` builds it, into a scratch folder."""
    site_dir = tmp_path_factory.mktemp("real") / "site"
    result = build(ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir
