"""Where the campaign runs: the site's, the petition service's and the web editor's addresses.

Each is set in one place, `mkdocs.yml` (`site_url`, `extra.petitie.dienst`, `extra.webeditor`),
and everything that needs it follows from there: the form and the counter, the pages' CSP, the web
editor's generated config. `make publiceer` refuses, one Dutch line each, whatever would make a
published site talk to the visitor's own computer, to an example, or over plain http
(LIVE.md, "De controle").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from petition import addresses

from .campaign import Campaign
from .errors import Problem
from .petition import Service
from .petition import service as service_address

# What the repository ships before anyone has set it: recognised by the word, not by one value, so
# a copied example with another name is refused too.
EXAMPLE_WORDS = ("voorbeeld", "example", "placeholder", "your-", "jouw-")
_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


@dataclass(frozen=True)
class Editor:
    """The web editor's GitHub repository and the origin of its login (OAuth) endpoints."""

    repository: str
    login: str | None  # None: no login configured (the local backend still works)


def _problem(field: str, message: str) -> Problem:
    return Problem("mkdocs.yml", 0, field, message)


def editor(value: object, service: Service | None) -> tuple[Editor | None, list[Problem]]:
    """`extra.webeditor`: `repository` (eigenaar/naam) and `inloggen` (default: the petition service)."""
    if value is None:
        return None, []
    if not isinstance(value, dict):
        return None, [_problem("extra.webeditor", "verwacht de velden repository en inloggen")]
    repository = str(value.get("repository") or "").strip()
    if not _REPOSITORY.match(repository):
        return Editor(repository, None), [
            _problem(
                "extra.webeditor.repository",
                f'"{repository}" is geen repository op GitHub; verwacht eigenaar/naam, zoals stichting/campagnesite',
            )
        ]
    login_text = str(value.get("inloggen") or "").strip()
    if not login_text:
        return Editor(repository, service.base if service else None), []
    login, _ = service_address(login_text)
    if login is None:
        return Editor(repository, None), [
            _problem(
                "extra.webeditor.inloggen",
                f'"{login_text}" is geen adres van de inlog; verwacht een https://-adres zonder pad, zoals https://inloggen.voorbeeld.nl',
            )
        ]
    return Editor(repository, login.base), []


def _is_example(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in EXAMPLE_WORDS)


def _address(field: str, what: str, url: str | None) -> list[Problem]:
    """An address a published site may use: https, a real host, no example."""
    if not url:
        return [_problem(field, f"{what} ontbreekt; verwacht een https://-adres (LIVE.md)")]
    found = addresses.origin(url)  # rebuilt from its parts: None for a port out of range or an odd host
    if found is None:
        return [_problem(field, f'"{url}": {what} is geen geldig webadres; verwacht bijvoorbeeld https://campagne.nl')]
    parts = urlsplit(found)
    if parts.scheme != "https":
        return [_problem(field, f'"{url}": {what} gebruikt geen https; verwacht een adres dat met https:// begint')]
    if addresses.on_this_computer(str(parts.hostname)):
        return [
            _problem(
                field,
                f'"{url}": {what} wijst naar deze computer of een intern netwerk; verwacht het openbare https://-adres',
            )
        ]
    if _is_example(url):
        return [_problem(field, f'"{url}": {what} is nog het voorbeeld; verwacht het echte adres (LIVE.md)')]
    return []


def problems(site_url: str, service: Service | None, web_editor: Editor | None) -> list[Problem]:
    """Everything that `make publiceer` refuses: a pure function of the three settings."""
    found = _address("site_url", "het adres van de site", site_url if site_url != "/" else None)
    found += _address("extra.petitie.dienst", "het adres van de petitiedienst", service.base if service else None)
    if web_editor is None:
        found.append(_problem("extra.webeditor", "ontbreekt; verwacht repository (eigenaar/naam) van de webeditor"))
    else:
        if _is_example(web_editor.repository) and _REPOSITORY.match(web_editor.repository):
            found.append(
                _problem(
                    "extra.webeditor.repository",
                    f'"{web_editor.repository}" is nog het voorbeeld; verwacht de repository van de stichting (eigenaar/naam)',
                )
            )
        # None: not set or not readable (said already); the service's own address: said once, above
        if web_editor.login is not None and web_editor.login != (service.base if service else None):
            found += _address("extra.webeditor.inloggen", "het adres van de inlog van de webeditor", web_editor.login)
    return found


def campaign_problems(campaign: Campaign | None, lines: dict[tuple[str, ...], int]) -> list[Problem]:
    """What the campaign data must say before signatures are taken for real: when they are deleted."""
    if campaign is None or campaign.petition.delete_on is not None:
        return []
    where = ("petitie", "gegevens_wissen_op")
    return [
        Problem(
            "data/campagne.yml",
            lines.get(where, lines.get(where[:1], 1)),
            ".".join(where),
            "is leeg: dan wist de petitiedienst namen en e-mailadressen nooit; verwacht de dag waarop ze "
            "gewist worden, na sluit_op (/privacy/ belooft die datum)",
        )
    ]


__all__ = ["Editor", "Problem", "campaign_problems", "editor", "problems"]
