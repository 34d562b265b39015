"""Starting points for new content, filled in for the editor: today's date, the next episode
number, a slug from the title, a fresh guid. Every template is valid as it is (and a draft)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from pathlib import Path

import yaml

from . import urls

# What the templates below say where the editor has to write: never published as it stands.
UNFILLED_NAME = "Voornaam"
UNFILLED_MARK = "Schrijf hier"


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10_000).strip()


def free_path(folder: Path, title: str, taken: Collection[str] = (), fallback: str = "nieuw") -> Path:
    """A file name from the title that no file has yet (nor a name in `taken`, still to be written)."""
    slug = urls.slugify(title)[:60].strip("-") or fallback
    path, n = folder / f"{slug}.md", 2
    while path.exists() or path.stem in taken:
        path, n = folder / f"{slug}-{n}.md", n + 1
    return path


def story(title: str, today: dt.date, first_theme: str) -> str:
    return f"""---
titel: {_quoted(title)}
naam: "Voornaam"
# leeftijd: 17
rol: jongere
schuilnaam: ja
citaat: "Schrijf hier het citaat, letterlijk zoals de bron het geeft."
samenvatting: "Eén zin over dit verhaal, voor lijsten en zoekmachines."
datum: {today.isoformat()}
themas: [{first_theme}]
# ja = schriftelijke toestemming zit in het dossier. Onder 16 jaar ook: toestemming_ouder: ja
toestemming: ja
bron: "Schrijf hier waar het citaat vandaan komt"
gerelateerd: []
# Zet concept op false als het verhaal klaar is om te publiceren.
concept: true
---

Schrijf hier het verhaal. Gebruik alleen wat de bron zegt.
"""


def episode(title: str, today: dt.date, number: int, season: int | None, slug: str) -> str:
    season_line = f"seizoen: {season}\n" if season else ""
    return f"""---
# Eenmaal gemaakt, nooit wijzigen: podcast-apps herkennen de aflevering hieraan.
guid: hvk-owtb-{uuid.uuid4()}
titel: {_quoted(title)}
nummer: {number}
{season_line}datum: {today.isoformat()}
samenvatting: "Schrijf hier in een paar zinnen waar deze aflevering over gaat."
audio: audio/{slug}.mp3
# transcript: transcripts/{slug}.vtt
# hoofdstukken:
#   - start: "0:00"
#     titel: "Welkom"
# personen:
#   - naam: "Naam"
#     rol: host
expliciet: false
gerelateerd: []
# Zet concept op false als de aflevering klaar is om te publiceren.
concept: true
---

Schrijf hier de shownotes.
"""
