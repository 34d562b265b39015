"""The service's configuration: environment variables for the machine, the campaign file for dates.

Operators set the environment (README, "The petition service"). The dates that visitors see (when
the petition closes, when personal data is deleted) live in `data/campagne.yml`, the one file the
site reads too, so the site and the service can never disagree about them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from . import addresses

AMSTERDAM = ZoneInfo("Europe/Amsterdam")  # what visitors read; the database keeps UTC seconds

DEFAULT_DATABASE = "sqlite:///.petitie/petitie.db"


class ConfigError(Exception):
    """A configuration value the service cannot start with; the message is one Dutch line."""


@dataclass(frozen=True)
class Limits:
    """How many signatures per window the service takes from one source (0 switches a limit off)."""

    per_ip: int = 30  # per address (IPv4, or IPv6 /64) per 10 minutes, before confirmations
    per_network: int = 100  # per IPv4 /24 or IPv6 /48 per 10 minutes, before confirmations
    credit: int = 5  # more per address and network for each signature from it confirmed (for an hour)
    per_domain: int = 300  # per e-mail domain per 10 minutes, except the large providers below
    per_email: int = 3  # per e-mail address per hour (each sends a mail)
    window_seconds: int = 600
    email_window_seconds: int = 3600
    large_domains: frozenset[str] = frozenset(
        {
            "gmail.com",
            "hotmail.com",
            "hotmail.nl",
            "outlook.com",
            "outlook.nl",
            "live.nl",
            "live.com",
            "icloud.com",
            "me.com",
            "yahoo.com",
            "ziggo.nl",
            "kpnmail.nl",
            "planet.nl",
            "home.nl",
            "hetnet.nl",
            "xs4all.nl",
            "telfort.nl",
            "upcmail.nl",
            "chello.nl",
            "casema.nl",
            "online.nl",
            "quicknet.nl",
            "tele2.nl",
            "proton.me",
            "protonmail.com",
        }
    )


@dataclass(frozen=True)
class CampaignDates:
    """From `data/campagne.yml` (`petitie:`): when signing stops and when personal data goes."""

    closes_at: dt.datetime | None = None
    delete_personal_at: dt.datetime | None = None
    unconfirmed_days: int = 7

    @property
    def delete_personal_epoch(self) -> int | None:
        """The deletion moment as the database keeps time: Unix seconds."""
        return int(self.delete_personal_at.timestamp()) if self.delete_personal_at else None


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE
    public_key: bytes = b""  # the foundation's X25519 public key; the private key never comes here
    secret: bytes = b""  # the service's own key: keyed hashes, link tokens, the outbox
    public_url: str = "http://127.0.0.1:8001"  # where the mails' links point
    site_url: str = "http://127.0.0.1:8000"  # the campaign site, for links back and CORS
    allowed_origins: tuple[str, ...] = ("http://127.0.0.1:8000",)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "petitie@localhost"
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    limits: Limits = field(default_factory=Limits)
    dates: CampaignDates = field(default_factory=CampaignDates)
    min_fill_seconds: int = 3
    mail_connections: int = 4
    organisation: str = "Het Vergeten Kind"  # organisatie.naam in the campaign file, when there is one
    operator_token: str = ""  # shows the operator's details on /gezond; empty: nobody sees them
    backup_dir: str = ""  # where the service makes its daily encrypted backup; empty: none (README, "Backups")
    github_client_id: str = ""  # the web editor's login (petition/login.py): the OAuth app on GitHub
    github_client_secret: str = ""  # only ever from the environment
    github_url: str = "https://github.com"  # GitHub Enterprise, or the tests' stand-in
    backup_days: int = 7  # how long a backup is kept (the privacy statement says seven days)


def origin(url: str, name: str) -> str:
    """An origin rebuilt from scheme, host and port (`addresses.origin`); anything else is refused."""
    found = addresses.origin(url)
    if found is None:
        raise ConfigError(f"{name}: {url!r} is geen adres als https://petitie.voorbeeld.nl")
    return found


def _key(value: str, name: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ConfigError(f"{name}: verwacht een sleutel van 32 bytes in base64 (maak er een met `make sleutels`)")
    return raw


def _token(value: str) -> str:
    text = value.strip()
    if text and (len(text) < 24 or not text.isascii() or not text.isprintable() or " " in text):
        raise ConfigError(
            "PETITION_OPERATOR_TOKEN: verwacht minstens 24 tekens zonder spaties (maak er een met `make sleutels`)"
        )
    return text


def _backup_days(env: Mapping[str, str]) -> int:
    days = _int(env, "PETITION_BACKUP_DAYS", 7)
    if not 1 <= days <= 30:
        raise ConfigError("PETITION_BACKUP_DAYS: verwacht 1 tot 30 dagen (/privacy/ belooft er 7)")
    return days


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or len(text) > 9:
        raise ConfigError(f"{name}: {text!r} is geen heel getal")
    return int(text)


def _when(value: object, name: str) -> dt.datetime | None:
    """A date (end of that day, Amsterdam time) or a date with time, from the campaign file."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=AMSTERDAM)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59), AMSTERDAM)
    raise ConfigError(f"data/campagne.yml: petitie.{name} is geen datum, verwacht bijvoorbeeld 2027-03-01")


def _campaign(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: is geen leesbare YAML; `make check` zegt waar het misgaat") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: verwacht groepen velden, zoals in data/campagne.yml")
    return data


def organisation(path: Path) -> str | None:
    group = _campaign(path).get("organisatie")
    name = group.get("naam") if isinstance(group, dict) else None
    return str(name) if name else None


def campaign_dates(path: Path) -> CampaignDates:
    data = _campaign(path)
    if not data:
        return CampaignDates()
    petition = data.get("petitie") or {}
    if not isinstance(petition, dict):
        raise ConfigError("data/campagne.yml: petitie: verwacht groepen velden (sluit_op, gegevens_wissen_op, ...)")
    closes = _when(petition.get("sluit_op"), "sluit_op")
    delete = _when(petition.get("gegevens_wissen_op"), "gegevens_wissen_op")
    days = petition.get("onbevestigd_bewaren_dagen", 7)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
        raise ConfigError(
            "data/campagne.yml: petitie.onbevestigd_bewaren_dagen: verwacht een aantal dagen van 1 tot 60"
        )
    return CampaignDates(closes_at=closes, delete_personal_at=delete, unconfirmed_days=days)


def production_problems(config: Config) -> list[str]:
    """What the container (PETITION_OMGEVING=productie) refuses to start with: one Dutch line each."""
    found = []
    if not addresses.is_public_https(config.public_url):
        found.append("PETITION_PUBLIC_URL: verwacht het openbare https://-adres van de dienst (de links in de mails)")
    if not addresses.is_public_https(config.site_url):
        found.append(
            "PETITION_SITE_URL: verwacht het https://-adres van de campagnesite (zoals site_url in mkdocs.yml)"
        )
    if not config.database_url.startswith(("postgresql://", "postgres://")):
        found.append("PETITION_DATABASE_URL: verwacht postgresql://…; SQLite is alleen voor één computer")
    if config.mail_from.endswith("@localhost") or "@" not in config.mail_from:
        found.append("PETITION_MAIL_FROM: verwacht het afzenderadres van de stichting, zoals petitie@jouwdomein.nl")
    local_smtp = config.smtp_host in ("127.0.0.1", "localhost", "::1")
    if not local_smtp and not config.smtp_starttls:
        found.append(
            "PETITION_SMTP_STARTTLS: verwacht ja; zonder versleuteling gaan namen en adressen leesbaar over het net"
        )
    if bool(config.github_client_id) != bool(config.github_client_secret):
        found.append(
            "PETITION_GITHUB_CLIENT_ID en PETITION_GITHUB_CLIENT_SECRET: verwacht ze allebei (of geen van beide)"
        )
    return found


def from_env(env: Mapping[str, str] | None = None, root: Path | None = None) -> Config:
    """The configuration, from `PETITION_*` variables (all listed in the README)."""
    env = os.environ if env is None else env
    root = root or Path.cwd()
    if not env.get("PETITION_PUBLIC_KEY") or not env.get("PETITION_SECRET"):
        raise ConfigError("PETITION_PUBLIC_KEY en PETITION_SECRET ontbreken; maak ze met `make sleutels` (zie README)")
    site = origin(env.get("PETITION_SITE_URL", "http://127.0.0.1:8000"), "PETITION_SITE_URL")
    allowed = tuple(
        origin(o, "PETITION_ALLOWED_ORIGINS") for o in env.get("PETITION_ALLOWED_ORIGINS", site).split(",") if o.strip()
    )
    public_url = env.get("PETITION_PUBLIC_URL", "http://127.0.0.1:8001").rstrip("/")
    origin(public_url, "PETITION_PUBLIC_URL")
    proxies = []
    for item in env.get("PETITION_TRUSTED_PROXIES", "").split(","):
        if item.strip():
            try:
                proxies.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError as error:
                raise ConfigError(f"PETITION_TRUSTED_PROXIES: {item.strip()!r} is geen IP-adres of netwerk") from error
    limits = Limits(
        per_ip=_int(env, "PETITION_LIMIT_PER_IP", Limits.per_ip),
        per_network=_int(env, "PETITION_LIMIT_PER_NETWORK", Limits.per_network),
        per_domain=_int(env, "PETITION_LIMIT_PER_DOMAIN", Limits.per_domain),
        per_email=_int(env, "PETITION_LIMIT_PER_EMAIL", Limits.per_email),
        credit=_int(env, "PETITION_LIMIT_CREDIT", Limits.credit),
    )
    campaign_file = Path(env.get("PETITION_CAMPAIGN_FILE", str(root / "data" / "campagne.yml")))
    config = Config(
        database_url=env.get("PETITION_DATABASE_URL", DEFAULT_DATABASE),
        public_key=_key(env["PETITION_PUBLIC_KEY"], "PETITION_PUBLIC_KEY"),
        secret=_key(env["PETITION_SECRET"], "PETITION_SECRET"),
        public_url=public_url,
        site_url=site,
        allowed_origins=allowed,
        smtp_host=env.get("PETITION_SMTP_HOST", "127.0.0.1"),
        smtp_port=_int(env, "PETITION_SMTP_PORT", 8025),
        smtp_user=env.get("PETITION_SMTP_USER", ""),
        smtp_password=env.get("PETITION_SMTP_PASSWORD", ""),
        smtp_starttls=env.get("PETITION_SMTP_STARTTLS", "nee").lower() in ("ja", "yes", "1", "true"),
        mail_from=env.get("PETITION_MAIL_FROM", "petitie@localhost"),
        trusted_proxies=tuple(proxies),
        limits=limits,
        dates=campaign_dates(campaign_file),
        organisation=organisation(campaign_file) or Config.organisation,
        min_fill_seconds=_int(env, "PETITION_MIN_FILL_SECONDS", 3),
        mail_connections=max(1, _int(env, "PETITION_MAIL_CONNECTIONS", 4)),
        operator_token=_token(env.get("PETITION_OPERATOR_TOKEN", "")),
        backup_dir=env.get("PETITION_BACKUP_DIR", "").strip(),
        backup_days=_backup_days(env),
        github_client_id=env.get("PETITION_GITHUB_CLIENT_ID", "").strip(),
        github_client_secret=env.get("PETITION_GITHUB_CLIENT_SECRET", "").strip(),
        github_url=origin(env.get("PETITION_GITHUB_URL", "https://github.com"), "PETITION_GITHUB_URL"),
    )
    setting = env.get("PETITION_OMGEVING", "").strip()
    if setting not in ("", "lokaal", "productie"):
        raise ConfigError(f"PETITION_OMGEVING: {setting!r}; verwacht productie of lokaal")
    problems = production_problems(config) if setting == "productie" else []
    if problems:
        raise ConfigError("de dienst start niet in productie:\n  " + "\n  ".join(problems))
    return config
