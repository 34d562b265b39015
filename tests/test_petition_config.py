"""The service's configuration: wrong values stop it with one Dutch line, never a traceback."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pytest

from petition.config import ConfigError, from_env
from tests.helpers import ROOT

pytestmark = pytest.mark.fast
KEY = base64.b64encode(b"k" * 32).decode()


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "PETITION_PUBLIC_KEY en PETITION_SECRET ontbreken"),
        (
            {"PETITION_PUBLIC_KEY": "kort", "PETITION_SECRET": KEY},
            "PETITION_PUBLIC_KEY: verwacht een sleutel van 32 bytes",
        ),
        ({"PETITION_SITE_URL": "http://x@evil.example"}, "PETITION_SITE_URL"),
        ({"PETITION_SITE_URL": "https://host.example:99999"}, "PETITION_SITE_URL"),  # was a traceback
        ({"PETITION_ALLOWED_ORIGINS": "https://a.example,https://b.example:0x50"}, "PETITION_ALLOWED_ORIGINS"),
        ({"PETITION_TRUSTED_PROXIES": "geen-ip"}, "PETITION_TRUSTED_PROXIES"),
        ({"PETITION_LIMIT_PER_IP": "-1"}, "PETITION_LIMIT_PER_IP"),
    ],
)
def test_wrong_settings_are_one_dutch_line(env, says, tmp_path):
    full = {"PETITION_PUBLIC_KEY": KEY, "PETITION_SECRET": KEY, **env} if env else {}
    with pytest.raises(ConfigError, match=says):
        from_env(full, root=tmp_path)


def test_campaign_file_gives_dates_and_name(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "campagne.yml").write_text(
        "organisatie:\n  naam: Stichting X\npetitie:\n  sluit_op: 2027-03-01\n  onbevestigd_bewaren_dagen: 3\n", "utf-8"
    )
    config = from_env({"PETITION_PUBLIC_KEY": KEY, "PETITION_SECRET": KEY}, root=tmp_path)
    assert config.organisation == "Stichting X"
    assert config.dates.unconfirmed_days == 3
    assert config.dates.closes_at is not None and config.dates.closes_at.isoformat().startswith("2027-03-01T23:59:59")
    (tmp_path / "data" / "campagne.yml").write_text("petitie: [", "utf-8")
    with pytest.raises(ConfigError, match="geen leesbare YAML"):
        from_env({"PETITION_PUBLIC_KEY": KEY, "PETITION_SECRET": KEY}, root=tmp_path)


def test_the_command_says_what_is_missing_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PETITION_")} | {"PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "petition", "serve"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Instelling: PETITION_PUBLIC_KEY en PETITION_SECRET ontbreken; maak ze met `make sleutels` (zie README)"
    ]


PRODUCTION = {
    "PETITION_PUBLIC_KEY": KEY,
    "PETITION_SECRET": KEY,
    "PETITION_OMGEVING": "productie",
    "PETITION_PUBLIC_URL": "https://petitie.hetvergetenkind.nl",
    "PETITION_SITE_URL": "https://gezinshulpeerst.hetvergetenkind.nl",
    "PETITION_DATABASE_URL": "postgresql://petitie@db/petitie",
    "PETITION_MAIL_FROM": "petitie@hetvergetenkind.nl",
    "PETITION_SMTP_HOST": "smtp.provider.nl",
    "PETITION_SMTP_STARTTLS": "ja",
}


def test_production_settings_start(tmp_path):
    assert from_env(PRODUCTION, root=tmp_path).database_url.startswith("postgresql://")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"PETITION_PUBLIC_URL": "http://127.0.0.1:8001"}, "PETITION_PUBLIC_URL"),
        ({"PETITION_PUBLIC_URL": "https://10.0.0.5"}, "PETITION_PUBLIC_URL"),
        ({"PETITION_SITE_URL": "http://gezinshulpeerst.hetvergetenkind.nl"}, "PETITION_SITE_URL"),
        ({"PETITION_DATABASE_URL": "sqlite:///petitie.db"}, "PETITION_DATABASE_URL"),
        ({"PETITION_MAIL_FROM": "petitie@localhost"}, "PETITION_MAIL_FROM"),
        ({"PETITION_SMTP_STARTTLS": "nee"}, "PETITION_SMTP_STARTTLS"),
        ({"PETITION_GITHUB_CLIENT_ID": "Iv1.abc"}, "PETITION_GITHUB_CLIENT_SECRET"),
        ({"PETITION_OMGEVING": "prod"}, "PETITION_OMGEVING"),
    ],
)
def test_production_refuses_each_local_value(change, says, tmp_path):
    with pytest.raises(ConfigError, match=says) as raised:
        from_env({**PRODUCTION, **change}, root=tmp_path)
    assert str(raised.value).count("\n") <= 1, "one line for one cause"
