"""The campaign timeline (`tijdlijn/*.yml` -> `/tijdlijn/`): one small file per moment.

Moments have no page of their own: the timeline page lists them in order and says which are past
and which are coming (by the build's date); the block `[[volgende-moment]]` shows the next one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import Field

from .. import publication
from ..errors import Problem
from ..frontmatter import parse_data
from ..loading import read_folder, validate
from ..models import Content, expects
from ..publication import AMSTERDAM
from ..render import render
from .base import Build, Collection, Loaded, SiteContent


class Outcome(Content):
    """What happened at a planned moment, with its source: the pages that name the moment use it."""

    text: str = Field(alias="tekst", min_length=10, max_length=400, json_schema_extra=expects("wat er gebeurde"))
    source: str = Field(alias="bron", min_length=5, json_schema_extra=expects("waar dat vandaan komt"))


class Moment(Content):
    title: str = Field(
        alias="titel", min_length=3, max_length=120, json_schema_extra=expects("wat er gebeurt, in een paar woorden")
    )
    date: dt.date = Field(alias="datum", json_schema_extra=expects("de datum, zoals 2026-03-18"))
    when: str | None = Field(
        default=None,
        alias="wanneer",
        min_length=3,
        max_length=40,
        json_schema_extra=expects(
            "de tijd zoals de bron hem noemt, als die geen precieze datum geeft, zoals 'begin maart 2026'"
        ),
    )
    text: str = Field(
        alias="tekst", min_length=10, max_length=400, json_schema_extra=expects("één of twee zinnen over dit moment")
    )
    source: str = Field(alias="bron", min_length=5, json_schema_extra=expects("waar dit moment vandaan komt"))
    planned: bool = Field(
        default=False,
        alias="gepland",
        json_schema_extra=expects("true als dit moment gepland is: na de datum vraagt de controle wat er gebeurde"),
    )
    outcome: Outcome | None = Field(
        default=None, alias="uitkomst", json_schema_extra=expects("wat er gebeurde: tekst en bron")
    )
    draft: bool = Field(default=False, alias="concept", json_schema_extra=expects("true (ja) of false (nee)"))


@dataclass(frozen=True)
class MomentEntry:
    slug: str
    path: str
    moment: Moment
    status: str
    body: str = ""

    @property
    def url(self) -> str:
        return Timeline.section

    def is_past(self, today: dt.date) -> bool:
        return self.moment.date < today

    def awaits_outcome(self, today: dt.date) -> bool:
        """Planned, its date gone, and nothing recorded of what happened: the site says just that."""
        return self.moment.planned and self.is_past(today) and self.moment.outcome is None


class Timeline(Collection):
    name = "moment"
    index_name = "timeline"
    folder = "tijdlijn"
    model_attribute = "moment"
    suffixes = (".yml", ".yaml")
    section = "tijdlijn/"
    label = "Tijdlijn"
    content_model = Moment
    schema_name = "moment"
    editor_name = "tijdlijn"
    index_heading = "# Tijdlijn\n"
    index_description = "Wat er gebeurde en wat er komt in de campagne Gezinshulp eerst."
    index_share_title = "Tijdlijn van de campagne Gezinshulp eerst"
    index_template = "timeline.html"
    entry_pages = False
    blocks = ("volgende-moment", "overhandiging", "verkiezingen", "gemeenten-uitkomst")

    def editor_preview_path(self) -> str:
        return self.section  # moments have no page of their own: the timeline

    def load(self, root: Path, content: SiteContent, now: dt.datetime, problems: list[Problem]) -> Loaded:
        folder = root / self.folder
        if not folder.is_dir():
            return Loaded()
        entries = []
        for rel, text in read_folder(root, folder, self.suffixes, "momenten (.yml)", problems):
            moment = validate(Moment, parse_data(rel, text), problems)
            if moment is not None:
                status = publication.DRAFT if moment.draft else publication.PUBLISHED
                entries.append(MomentEntry(Path(rel).stem, rel, moment, status))
        entries.sort(key=lambda e: (e.moment.date, e.slug))
        return Loaded(
            entries=[e for e in entries if publication.is_live(e.status)],
            held_back=[e for e in entries if not publication.is_live(e.status)],
        )

    def has_index(self, content: SiteContent) -> bool:
        return bool(self.loaded(content).entries)

    def render_index(self, page_url: str, build: Build) -> Markup:
        today = build.content.now.astimezone(AMSTERDAM).date()
        entries = self.shown(build.content, build.preview)
        changed = build.lastmod.of(*[e.path for e in entries])  # when the timeline last changed, not the build
        return render(
            self.index_template,
            entries=entries,
            today=today,
            changed=min(changed, today) if changed else None,
            **build.common(page_url),
        )

    def block_context(self, content: SiteContent, preview: bool) -> dict[str, Any]:
        today = content.now.astimezone(AMSTERDAM).date()
        coming = [e for e in self.shown(content, preview) if not e.is_past(today)]
        by_slug = {e.slug: e for e in self.shown(content, preview)}
        named = content.campaign.moments if content.campaign else {}
        return {
            "next_moment": coming[0] if coming else None,
            "has_timeline": self.has_index(content),
            "timeline_url": self.section,
            # Texts that depend on a date take it from the timeline, and change with the build date.
            "moments": {role: by_slug[slug] for role, slug in named.items() if slug in by_slug},
            "today": today,
        }

    def check(self, content: SiteContent, problems: list[Problem]) -> None:
        """The moments the campaign's texts name must be on the timeline; a planned moment whose date
        has passed asks for its outcome (a note: the site already says it was planned)."""
        today = content.now.astimezone(AMSTERDAM).date()
        for entry in self.loaded(content).entries:
            if entry.awaits_outcome(today):
                when = entry.moment.when or entry.moment.date.isoformat()
                content.notes.append(
                    Problem(
                        entry.path,
                        0,
                        "uitkomst",
                        f'"{entry.moment.title}" was gepland voor {when}, en die datum is voorbij; vul bij '
                        "`uitkomst` in wat er gebeurde (tekst en bron), of zet een nieuwe datum",
                    )
                )
        if content.campaign is None:
            return
        handover = next(
            (e for e in self.loaded(content).entries if e.slug == content.campaign.moments.get("overhandiging")), None
        )
        petition = content.campaign.petition
        if handover is not None and handover.is_past(today) and petition.closes_on is None:
            content.notes.append(
                Problem(
                    "data/campagne.yml",
                    content.campaign_lines.get(("petitie", "sluit_op"), 0),
                    "petitie.sluit_op",
                    f"is leeg, terwijl de overhandiging ({handover.moment.when or handover.moment.date.isoformat()}) "
                    "voorbij is; vul in tot wanneer mensen kunnen tekenen, zodat bezoekers weten of tekenen nog telt",
                )
            )
        for role, slug in content.campaign.moments.items():
            if slug not in content.existing[self.name]:
                problems.append(
                    Problem(
                        "data/campagne.yml",
                        content.campaign_lines.get(("momenten", role), 0),
                        f"momenten.{role}",
                        f'"{slug}" is geen moment; verwacht de naam van een bestand in tijdlijn/ zonder .yml',
                    )
                )
